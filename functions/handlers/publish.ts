// The publish Lambda: DynamoDB stream (new outbox items) → event log + EventBridge, reporting partial failures.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBRecord, DynamoDBStreamHandler } from 'aws-lambda';
import { publishEvents } from '../events/publish-outbox.js';
import { awsDeps } from '../runtime/aws/deps.js';
import { parseEvent } from '../store/outbox-repository.js';

const deps = await awsDeps();
const processor = new BatchProcessor(EventType.DynamoDBStreams);

export const handler: DynamoDBStreamHandler = (event, context) =>
  processPartialResponse(
    event,
    (r: DynamoDBRecord) => publishEvents(deps, [parseEvent(r.dynamodb?.NewImage?.event?.S)]),
    processor,
    { context },
  );
