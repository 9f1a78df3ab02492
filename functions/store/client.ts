/** Builds the DynamoDB document client once per process, with an optional meter of consumed capacity. */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Sums the capacity DynamoDB reports for every call, so benchmarks can report capacity units per record. */
export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;
  total = 0;
  reset(): void {
    this.readUnits = 0;
    this.writeUnits = 0;
    this.total = 0;
  }
}

interface ConsumedCapacityLike {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export function createDocumentClient(
  config: DynamoDBClientConfig,
  meter?: CapacityMeter,
): DynamoDBDocumentClient {
  const client = new DynamoDBClient(config);
  if (meter) {
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const output = result.output as { ConsumedCapacity?: ConsumedCapacityLike | ConsumedCapacityLike[] };
        const consumed = output.ConsumedCapacity;
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          meter.total += c.CapacityUnits ?? 0;
          meter.readUnits += c.ReadCapacityUnits ?? 0;
          meter.writeUnits += c.WriteCapacityUnits ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'qiaoCapacityMeter' },
    );
  }
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
