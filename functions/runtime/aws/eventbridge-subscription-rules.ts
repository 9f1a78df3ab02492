/**
 * Subscription rules in AWS: one EventBridge rule per push subscription on the hub bus, named with a prefix the api
 * and deliver functions are allowed to manage, matching the subscription's pattern under `detail` (bus entries carry
 * the CloudEvent as their detail) and targeting the FIFO delivery queue with the subscription as message group, so
 * one subscription's deliveries run one at a time and a slow one never holds up another. The message only says
 * which subscription to run; the deliver function reads the events, in order, from the event log.
 */
import {
  DeleteRuleCommand,
  type EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { busPatternOf, isPushTarget, type Subscription } from '../../events/subscriptions.js';
import type { SubscriptionRules } from '../ports.js';

export interface SubscriptionRulesConfig {
  busName: string;
  /** Rule names start with this (`qiao-sub-`); IAM grants rule management on these names only. */
  rulePrefix: string;
  /** The FIFO delivery queue the rules target. */
  deliveryQueueArn: string;
}

/** The id of the one target of each subscription rule. */
export const deliveryTargetId = 'delivery';

export class EventBridgeSubscriptionRules implements SubscriptionRules {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly config: SubscriptionRulesConfig,
  ) {}

  ruleName(subscriptionId: string): string {
    return `${this.config.rulePrefix}${subscriptionId}`;
  }

  async put(subscription: Subscription): Promise<void> {
    // A pull feed reads the event log itself: it needs no rule.
    if (!isPushTarget(subscription.target)) return this.remove(subscription.id);
    const Name = this.ruleName(subscription.id);
    await this.client.send(
      new PutRuleCommand({
        Name,
        EventBusName: this.config.busName,
        EventPattern: JSON.stringify(busPatternOf(subscription)),
        State: subscription.status === 'active' ? 'ENABLED' : 'DISABLED',
        Description: `Qiao subscription ${subscription.id}: ${subscription.name}`.slice(0, 512),
      }),
    );
    const out = await this.client.send(
      new PutTargetsCommand({
        Rule: Name,
        EventBusName: this.config.busName,
        Targets: [
          {
            Id: deliveryTargetId,
            Arn: this.config.deliveryQueueArn,
            SqsParameters: { MessageGroupId: subscription.id },
            InputTransformer: {
              InputPathsMap: { eventId: '$.detail.id' },
              InputTemplate: `{"subscriptionId":${JSON.stringify(subscription.id)},"eventId":<eventId>}`,
            },
          },
        ],
      }),
    );
    if (out.FailedEntryCount) {
      const reasons = (out.FailedEntries ?? []).map((e) => `${e.ErrorCode}: ${e.ErrorMessage}`).join('; ');
      throw new Error(`EventBridge refused the delivery target of rule ${Name}: ${reasons}`);
    }
  }

  async remove(subscriptionId: string): Promise<void> {
    const Name = this.ruleName(subscriptionId);
    try {
      await this.client.send(
        new RemoveTargetsCommand({ Rule: Name, EventBusName: this.config.busName, Ids: [deliveryTargetId] }),
      );
      await this.client.send(new DeleteRuleCommand({ Name, EventBusName: this.config.busName }));
    } catch (error) {
      // Already gone (or never made, for a feed): removing is idempotent.
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
