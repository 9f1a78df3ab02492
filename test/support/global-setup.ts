/** Starts one in-memory DynamoDB Local for the whole test run; tests isolate themselves by table name. */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../functions/runtime/local/dynamo-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal({});
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
