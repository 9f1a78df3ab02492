// Periodic work: EventBridge Scheduler invoking the sweep function: stuck-record and outbox recovery every five minutes,
// the supervision sweep of deadlines (督办 overdue) every minute.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, type ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Events } from './events.js';
import { HubFunction } from './hub-function.js';
import type { Ingestion } from './ingestion.js';
import type { Storage } from './storage.js';

export interface SchedulesProps {
  readonly storage: Storage;
  readonly ingestion: Ingestion;
  readonly events: Events;
}

/** How often the sweep runs; its timeout stays below this so two sweeps rarely overlap. */
const sweepInterval = Duration.minutes(5);

/**
 * How often the supervision sweep looks for deadline thresholds passed: a crossing is announced within a minute. Each
 * run stops starting new work after `supervisionBudget`, so runs rarely overlap (overlapping runs are safe: each
 * crossing is recorded conditioned on the dispute's version), and a backlog is worked off over several runs.
 */
export const supervisionInterval = Duration.minutes(1);
export const supervisionBudget = Duration.seconds(45);

/**
 * `LambdaInvoke` that grants invoke on the unqualified function only; the stock target also grants every
 * version and alias (`<arn>:*`), which the schedule never calls.
 */
export class InvokeUnqualifiedFunction extends LambdaInvoke {
  readonly #fn: IFunction;

  constructor(fn: IFunction, props: ScheduleTargetBaseProps) {
    super(fn, props);
    this.#fn = fn;
  }

  protected override addTargetActionToRole(role: IRole): void {
    this.#fn.grantInvokeLatestVersion(role);
  }
}

export class Schedules extends Construct {
  readonly sweepFunction: HubFunction;
  readonly sweepSchedule: Schedule;
  readonly supervisionSchedule: Schedule;
  /** Invocations Scheduler could not deliver after its retries. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);

    this.sweepFunction = new HubFunction(this, 'SweepFunction', {
      name: 'sweep',
      description:
        'Qiao sweep: deadlines, overdue (督办), early-warning rules, stuck-record and outbox recovery',
      timeout: sweepInterval.minus(Duration.minutes(1)),
    });
    props.storage.grantReadWriteData(this.sweepFunction);
    props.storage.grantBlindIndexKeyRead(this.sweepFunction);
    props.ingestion.grantSendMessages(this.sweepFunction);
    props.events.grantPutEvents(this.sweepFunction);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the sweep schedule; it is alarmed, and a missed sweep is made good by the next run.',
    });

    const schedulerRole = new Role(this, 'SchedulerRole', {
      // Only this account's schedules may assume the role (confused-deputy guard).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invoke the Qiao sweep function',
    });

    this.sweepSchedule = new Schedule(this, 'SweepSchedule', {
      description: 'Run the Qiao sweep every five minutes',
      schedule: ScheduleExpression.rate(sweepInterval),
      target: new InvokeUnqualifiedFunction(this.sweepFunction.function, {
        role: schedulerRole,
        deadLetterQueue: this.deadLetterQueue,
        // The sweep is idempotent and the next run is five minutes away: two retries, then the DLQ.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(4),
      }),
    });

    this.supervisionSchedule = new Schedule(this, 'SupervisionSchedule', {
      description: 'Run the Qiao supervision sweep (督办: deadlines approaching and passed) every minute',
      schedule: ScheduleExpression.rate(supervisionInterval),
      target: new InvokeUnqualifiedFunction(this.sweepFunction.function, {
        role: schedulerRole,
        input: ScheduleTargetInput.fromObject({
          task: 'supervise',
          budgetSeconds: supervisionBudget.toSeconds(),
        }),
        deadLetterQueue: this.deadLetterQueue,
        // A missed run is made good by the next one a minute later: an invocation older than that is not worth it.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(1),
      }),
    });
  }
}
