/**
 * Wake-ups on the FIFO delivery queue: one message per subscription, in the subscription's message group, so a run
 * asked for by the API (redrive, replay) or the retry schedule never overlaps a run EventBridge triggered.
 */
import { randomBytes } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryMessage } from '../../events/delivery.js';
import type { DeliveryWakeups } from '../ports.js';

export class SqsDeliveryWakeups implements DeliveryWakeups {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async wake(subscriptionIds: string[]): Promise<void> {
    const unique = [...new Set(subscriptionIds)];
    for (let i = 0; i < unique.length; i += 10) {
      let entries = unique.slice(i, i + 10).map((subscriptionId, j) => ({
        Id: String(j),
        MessageBody: JSON.stringify({ subscriptionId } satisfies DeliveryMessage),
        MessageGroupId: subscriptionId,
        // Each wake-up is its own message: content-based de-duplication would swallow a second one within 5 minutes.
        MessageDeduplicationId: `${subscriptionId}-${Date.now()}-${randomBytes(6).toString('hex')}`,
      }));
      for (let attempt = 1; entries.length; attempt++) {
        const out = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
        if (entries.length && attempt >= 3) {
          throw new Error(`SQS refused ${entries.length} delivery wake-ups: ${JSON.stringify(out.Failed)}`);
        }
      }
    }
  }
}
