/**
 * Deliveries to a subscriber's own SQS queue: the body is the projected CloudEvent; on a FIFO queue the message group
 * is the event's subject (per-entity order) and the de-duplication id the event id.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SubscriberQueues } from '../ports.js';

/** `arn:aws:sqs:cn-north-1:123456789012:orders` → its queue URL. */
export function queueUrlOf(queueArn: string): string {
  const [, partition, , region, account, name] = queueArn.split(':');
  if (!partition || !region || !account || !name) throw new Error(`"${queueArn}" is not an SQS queue ARN`);
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${domain}/${account}/${name}`;
}

export class SqsSubscriberQueues implements SubscriberQueues {
  constructor(private readonly client: SQSClient) {}

  async send(
    queueArn: string,
    message: { body: string; groupId: string; deduplicationId: string },
  ): Promise<void> {
    const fifo = queueArn.endsWith('.fifo');
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: queueUrlOf(queueArn),
        MessageBody: message.body,
        ...(fifo
          ? {
              MessageGroupId: message.groupId.slice(0, 128),
              MessageDeduplicationId: message.deduplicationId
                .replace(/[^\w!-/:-@[-`{-~]/g, '_')
                .slice(0, 128),
            }
          : {}),
      }),
    );
  }
}
