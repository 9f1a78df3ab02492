// The AWS subscription rules: one EventBridge rule per push subscription, targeting the FIFO delivery queue.
import {
  DeleteRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Subscription } from '../../../functions/events/subscriptions.js';
import { EventBridgeSubscriptionRules } from '../../../functions/runtime/aws/eventbridge-subscription-rules.js';

const eventBridge = mockClient(EventBridgeClient);
const config = {
  busName: 'qiao-events',
  rulePrefix: 'qiao-sub-',
  deliveryQueueArn: 'arn:aws:sqs:cn-north-1:123456789012:qiao-delivery.fifo',
};
const rules = () => new EventBridgeSubscriptionRules(new EventBridgeClient({ region: 'cn-north-1' }), config);

const aSubscription = (overrides: Partial<Subscription> = {}): Subscription => ({
  id: 'sub_01HX',
  name: 'county dashboard',
  ownerKeyId: 'key_1',
  pattern: { type: ['qiao.dispute.created'], data: { dispute: { category: { code: ['邻里'] } } } },
  payload: 'full',
  pii: false,
  target: { kind: 'webhook', url: 'https://hooks.example.com/qiao' },
  status: 'active',
  secrets: [{ secret: 'whsec_x', createdAt: '2024-03-06T00:00:00Z' }],
  startPosition: 0,
  createdAt: '2024-03-06T00:00:00Z',
  updatedAt: '2024-03-06T00:00:00Z',
  version: 1,
  ...overrides,
});

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutRuleCommand).resolves({ RuleArn: 'arn:rule' });
  eventBridge.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
});

describe('EventBridgeSubscriptionRules', () => {
  it('puts a rule on the hub bus with the pattern under detail, named with the managed prefix', async () => {
    await rules().put(aSubscription({ region: '330681' }));
    const [put] = eventBridge.commandCalls(PutRuleCommand);
    expect(put!.args[0].input).toMatchObject({
      Name: 'qiao-sub-sub_01HX',
      EventBusName: 'qiao-events',
      State: 'ENABLED',
      Description: 'Qiao subscription sub_01HX: county dashboard',
    });
    expect(JSON.parse(put!.args[0].input.EventPattern!)).toEqual({
      source: ['qiao.hub'],
      detail: {
        type: ['qiao.dispute.created'],
        data: { dispute: { category: { code: ['邻里'] } } },
        $or: [
          { divisioncode: [{ prefix: '330681' }] },
          { data: { divisionCode: [{ prefix: '330681' }] } },
          { data: { dispute: { location: { divisionCode: [{ prefix: '330681' }] } } } },
        ],
      },
    });
  });

  it('targets the delivery queue in the subscription’s message group with a message naming the subscription', async () => {
    await rules().put(aSubscription());
    const [targets] = eventBridge.commandCalls(PutTargetsCommand);
    const target = targets!.args[0].input.Targets![0]!;
    expect(target).toMatchObject({
      Id: 'delivery',
      Arn: config.deliveryQueueArn,
      SqsParameters: { MessageGroupId: 'sub_01HX' },
      InputTransformer: { InputPathsMap: { eventId: '$.detail.id' } },
    });
    // What EventBridge would send once it fills in <eventId> with the (JSON-quoted) event id.
    const message = target.InputTransformer!.InputTemplate!.replace(
      '<eventId>',
      JSON.stringify('dsp_1.000000000001.dispute.created'),
    );
    expect(JSON.parse(message)).toEqual({
      subscriptionId: 'sub_01HX',
      eventId: 'dsp_1.000000000001.dispute.created',
    });
  });

  it('disables the rule of a disabled subscription', async () => {
    await rules().put(aSubscription({ status: 'disabled' }));
    expect(eventBridge.commandCalls(PutRuleCommand)[0]!.args[0].input.State).toBe('DISABLED');
  });

  it('fails when EventBridge refuses the target', async () => {
    eventBridge.on(PutTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'delivery', ErrorCode: 'AccessDenied', ErrorMessage: 'no' }],
    });
    await expect(rules().put(aSubscription())).rejects.toThrow('AccessDenied: no');
  });

  it('keeps no rule for a pull feed, and removing is idempotent', async () => {
    eventBridge
      .on(RemoveTargetsCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    await rules().put(aSubscription({ target: { kind: 'feed' } }));
    expect(eventBridge.commandCalls(PutRuleCommand)).toHaveLength(0);
    expect(eventBridge.commandCalls(RemoveTargetsCommand)[0]!.args[0].input).toEqual({
      Rule: 'qiao-sub-sub_01HX',
      EventBusName: 'qiao-events',
      Ids: ['delivery'],
    });
  });

  it('removes the target, then the rule', async () => {
    eventBridge.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0 });
    eventBridge.on(DeleteRuleCommand).resolves({});
    await rules().remove('sub_01HX');
    expect(eventBridge.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'RemoveTargetsCommand',
      'DeleteRuleCommand',
    ]);
  });
});
