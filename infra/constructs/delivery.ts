// Event delivery to subscribers: the FIFO delivery queue (with its dead-letter queue) that subscription rules on the
// hub bus target, the deliver function that signs and posts, and the minute schedule that wakes due retries.
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { CfnEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Events } from './events.js';
import { HubFunction } from './hub-function.js';
import { InvokeUnqualifiedFunction } from './schedules.js';
import type { Storage } from './storage.js';

export interface DeliveryProps {
  readonly storage: Storage;
  readonly events: Events;
  /** Names of subscription rules start with this; IAM lets the hub manage rules with this prefix only. */
  readonly rulePrefix?: string;
  /** Hosts, IPs and CIDRs webhooks may reach although private (QIAO_WEBHOOK_ALLOWLIST); none by default. */
  readonly webhookAllowlist?: readonly string[];
  /**
   * Name prefix of subscriber SQS queues (in this account and region) the deliver function may send to.
   * @default 'qiao-subscriber-'
   */
  readonly subscriberQueuePrefix?: string;
}

/** One delivery run's budget: the function stops starting attempts 20 s before it (see handlers/deliver.ts). */
const deliverTimeout = Duration.minutes(2);
/** Actions on subscription rules: create or change, point at the queue, and remove. */
const ruleActions = ['events:PutRule', 'events:PutTargets', 'events:DeleteRule', 'events:RemoveTargets'];

export class Delivery extends Construct {
  /** FIFO: one message group per subscription, so a subscription's runs never overlap and never wait on another's. */
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deliverFunction: HubFunction;
  readonly retrySchedule: Schedule;
  readonly rulePrefix: string;
  /** ARN pattern of the subscription rules on the hub bus. */
  readonly ruleArnPattern: string;
  /** The bus name as written (not a token), so rule ARNs and their IAM grants are plain strings. */
  private readonly busName: string;
  private readonly webhookAllowlist: readonly string[];

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    this.busName = (props.events.bus.node.defaultChild as CfnEventBus).name;
    this.rulePrefix = props.rulePrefix ?? 'qiao-sub-';
    this.webhookAllowlist = props.webhookAllowlist ?? [];
    const stack = Stack.of(this);
    this.ruleArnPattern = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: `${this.busName}/${this.rulePrefix}*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The maximum: time to find why runs fail (the table, not a receiver: receivers' failures are retried and
      // dead-lettered per subscription) before a wake-up is gone; the next event or retry wakes it anyway.
      retentionPeriod: Duration.days(14),
    });

    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      // EventBridge rule targets send without a de-duplication id; our own wake-ups set one.
      contentBasedDeduplication: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(deliverTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    // Only the hub's own subscription rules may send to it (confused-deputy guard).
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: { ArnLike: { 'aws:SourceArn': this.ruleArnPattern } },
      }),
    );

    this.deliverFunction = new HubFunction(this, 'DeliverFunction', {
      name: 'deliver',
      description: 'Qiao deliver: runs a subscription’s delivery from the event log (signed webhooks, SQS)',
      timeout: deliverTimeout,
    });
    this.deliverFunction.function.addEventSource(
      new SqsEventSource(this.queue, {
        // Up to ten wake-ups of one subscription make one run; a failed run retries the whole batch, in order.
        batchSize: 10,
      }),
    );
    props.storage.grantReadWriteData(this.deliverFunction);
    // A 410 Gone disables the subscription, and with it its rule.
    this.grantManageSubscriptions(this.deliverFunction);
    const subscriberQueues = stack.formatArn({
      service: 'sqs',
      resource: `${props.subscriberQueuePrefix ?? 'qiao-subscriber-'}*`,
    });
    this.deliverFunction.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [subscriberQueues] }),
    );
    Validations.of(this.deliverFunction.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:qiao-subscriber-*]',
      reason:
        'SQS targets are queues subscribers create; the deliver function may send only to queues in this account and region whose names carry the agreed prefix, and only SendMessage.',
    });

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'EventBridge Scheduler: invoke the Qiao deliver function to wake due retries',
    });
    this.retrySchedule = new Schedule(this, 'RetrySchedule', {
      description: 'Wake Qiao subscriptions whose delivery retries fell due',
      // Retry delays start at 5 s; a minute's granularity is the finest Scheduler offers and plenty past the first.
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new InvokeUnqualifiedFunction(this.deliverFunction.function, {
        role: schedulerRole,
        input: ScheduleTargetInput.fromObject({ wake: 'due' }),
        // A missed minute is made good by the next one: no retries, no dead-letter queue.
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });
  }

  /**
   * Lets `fn` manage subscription rules on the hub bus (only those with the prefix) and wake deliveries; sets the
   * environment the subscription API and the deliver function read.
   */
  grantManageSubscriptions(fn: HubFunction): void {
    fn.function.addEnvironment('QIAO_SUBSCRIPTION_BUS_NAME', this.busName);
    fn.function.addEnvironment('QIAO_SUBSCRIPTION_RULE_PREFIX', this.rulePrefix);
    fn.function.addEnvironment('QIAO_DELIVERY_QUEUE_ARN', this.queue.queueArn);
    fn.function.addEnvironment('QIAO_DELIVERY_QUEUE_URL', this.queue.queueUrl);
    if (this.webhookAllowlist.length) {
      fn.function.addEnvironment('QIAO_WEBHOOK_ALLOWLIST', this.webhookAllowlist.join(','));
    }
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ruleActions, resources: [this.ruleArnPattern] }),
    );
    // Wake-ups only (SendMessage covers SendMessageBatch); queue attributes and URL lookups are not needed.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${ruleArnFinding(this.busName, this.rulePrefix)}]`,
      reason:
        'Subscriptions are created at run time, one EventBridge rule each; the role may manage only rules on the hub bus whose names carry the subscription prefix, and only these four actions.',
    });
  }

  /** Alarms when the oldest delivery wake-up waits longer than ten minutes (runs failing or throttled). */
  alarmOnBacklog(topic: ITopic): Alarm {
    const alarm = new Alarm(this, 'BacklogAge', {
      alarmDescription: 'The oldest delivery wake-up is older than 10 minutes: deliveries are stuck.',
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      threshold: Duration.minutes(10).toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new SnsAction(topic));
    return alarm;
  }
}

/** How cdk-nag spells the rule ARN pattern in its finding id. */
function ruleArnFinding(busName: string, prefix: string): string {
  return `arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/${busName}/${prefix}*`;
}
