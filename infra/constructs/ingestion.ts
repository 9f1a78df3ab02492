// Asynchronous ingestion: the SQS ingest queue with its dead-letter queue, and the ingest function consuming it.
import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HubFunction } from './hub-function.js';
import type { Storage } from './storage.js';

export interface IngestionProps {
  readonly storage: Storage;
}

/** How long one ingest invocation may run; the queue's visibility timeout is derived from it. */
const ingestTimeout = Duration.seconds(30);

export class Ingestion extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly ingestFunction: HubFunction;

  constructor(scope: Construct, id: string, props: IngestionProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      // SSE-SQS: encrypted at rest with no KMS key to manage or pay for.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The maximum: time to fix an adapter and redrive before a message is gone.
      retentionPeriod: Duration.days(14),
    });

    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout, so retries don't overlap.
      visibilityTimeout: Duration.seconds(ingestTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        // Five attempts ride out throttling and transaction conflicts; then a human looks.
        maxReceiveCount: 5,
      },
    });

    this.ingestFunction = new HubFunction(this, 'IngestFunction', {
      name: 'ingest',
      description: 'Qiao ingest: adapter → validate → resolve → commit, one SQS message per raw record',
      timeout: ingestTimeout,
    });
    this.ingestFunction.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        // One failed record must not redeliver the nine that committed.
        reportBatchItemFailures: true,
        // Caps parallel resolvers so concurrent writers contend less on the same person or dispute.
        maxConcurrency: 5,
      }),
    );
    this.ingestFunction.function.addEnvironment('QIAO_INGEST_QUEUE_URL', this.queue.queueUrl);
    props.storage.grantReadWriteData(this.ingestFunction);
    props.storage.grantBlindIndexKeyRead(this.ingestFunction);
  }

  /** Lets `fn` enqueue raw records for ingestion; sets `QIAO_INGEST_QUEUE_URL`. */
  grantSendMessages(fn: HubFunction): void {
    fn.function.addEnvironment('QIAO_INGEST_QUEUE_URL', this.queue.queueUrl);
    this.queue.grantSendMessages(fn.role);
  }
}
