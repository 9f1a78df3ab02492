/** The ingest queue in AWS: SQS, sent in batches of ten, retrying entries SQS reports as failed. */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IngestMessage, Queue } from '../ports.js';

export class SqsQueue implements Queue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: IngestMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      let entries = messages
        .slice(i, i + 10)
        .map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) }));
      for (let attempt = 1; entries.length; attempt++) {
        const out = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
        if (entries.length && attempt >= 3) {
          throw new Error(`SQS refused ${entries.length} ingest messages: ${JSON.stringify(out.Failed)}`);
        }
      }
    }
  }
}
