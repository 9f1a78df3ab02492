// SQS in delivery: wake-ups on the FIFO delivery queue, and deliveries to a subscriber's own queue.
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsDeliveryWakeups } from '../../../functions/runtime/aws/sqs-delivery-wakeups.js';
import { queueUrlOf, SqsSubscriberQueues } from '../../../functions/runtime/aws/sqs-subscriber-queues.js';

const sqs = mockClient(SQSClient);
const client = () => new SQSClient({ region: 'cn-north-1' });

beforeEach(() => sqs.reset());

describe('SqsDeliveryWakeups', () => {
  it('sends one message per subscription in its own message group, each with a fresh de-duplication id', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const wakeups = new SqsDeliveryWakeups(client(), 'https://sqs/delivery.fifo');
    await wakeups.wake(['sub_a', 'sub_b', 'sub_a']);
    await wakeups.wake(['sub_a']);
    const [first, second] = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries!);
    expect(first!.map((e) => [e.MessageGroupId, JSON.parse(e.MessageBody!)])).toEqual([
      ['sub_a', { subscriptionId: 'sub_a' }],
      ['sub_b', { subscriptionId: 'sub_b' }],
    ]);
    expect(second![0]!.MessageDeduplicationId).not.toBe(first![0]!.MessageDeduplicationId);
  });

  it('retries the entries SQS refused, then fails naming them', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', Code: 'Throttled', SenderFault: false }] });
    await expect(new SqsDeliveryWakeups(client(), 'https://sqs/q.fifo').wake(['sub_a'])).rejects.toThrow(
      'SQS refused 1 delivery wake-ups',
    );
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
  });
});

describe('SqsSubscriberQueues', () => {
  it('derives the queue URL from its ARN, in China regions too', () => {
    expect(queueUrlOf('arn:aws-cn:sqs:cn-north-1:123456789012:orders')).toBe(
      'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/orders',
    );
    expect(queueUrlOf('arn:aws:sqs:eu-west-1:123456789012:orders')).toBe(
      'https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
    );
  });

  it('groups FIFO messages by subject and de-duplicates by event id; standard queues get neither', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const queues = new SqsSubscriberQueues(client());
    const message = { body: '{}', groupId: 'dsp_1', deduplicationId: 'dsp_1.000000000001.dispute.created' };
    await queues.send('arn:aws:sqs:cn-north-1:123456789012:orders.fifo', message);
    await queues.send('arn:aws:sqs:cn-north-1:123456789012:orders', message);
    const [fifo, standard] = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(fifo).toMatchObject({
      MessageGroupId: 'dsp_1',
      MessageDeduplicationId: 'dsp_1.000000000001.dispute.created',
    });
    expect(standard).not.toHaveProperty('MessageGroupId');
  });
});
