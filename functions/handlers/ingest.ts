// The ingest Lambda: SQS batch → ingestMessage per record, reporting partial batch failures.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSHandler, SQSRecord } from 'aws-lambda';
import { ingestMessage, parseIngestMessage } from '../ingest/ingest-message.js';
import { awsDeps } from '../runtime/aws/deps.js';

const deps = await awsDeps();
const processor = new BatchProcessor(EventType.SQS);

export const handler: SQSHandler = (event, context) =>
  processPartialResponse(
    event,
    (r: SQSRecord) => ingestMessage(deps, parseIngestMessage(r.body)),
    processor,
    { context },
  );
