// Operational alarms: dead-letter queues, function errors, ingest backlog and outbox lag, all to one SNS topic.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HubFunction } from './hub-function.js';

export interface MonitoringProps {
  /** Every dead-letter queue of the hub, by a short PascalCase name used in alarm IDs (`Ingest`, `Sweep`). */
  readonly deadLetterQueues: Record<string, IQueue>;
  /** Every function of the hub, by a short PascalCase name used in alarm IDs. */
  readonly functions: Record<string, HubFunction>;
  readonly ingestQueue: IQueue;
  /** The stream consumer whose iterator age is the outbox publishing lag. */
  readonly publishFunction: HubFunction;
}

/** Ingest is near-real-time: a record waiting this long means the ingest function is failing or throttled. */
const maxIngestBacklogAge = Duration.minutes(15);
/** Events reach subscribers within minutes; beyond this the outbox is falling behind. */
const maxOutboxLag = Duration.minutes(5);

export class Monitoring extends Construct {
  /** Subscribe the on-call channel (email, chatbot, SMS) here. */
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Qiao hub alarms',
      enforceSSL: true,
    });

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.addAlarm(`${name}DeadLetters`, {
        description: `Messages in the ${name} dead-letter queue: inspect, fix, then redrive.`,
        // Any dead letter is an incident: a record or event did not make it.
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 0,
      });
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      this.addAlarm(`${name}Errors`, {
        description: `The ${name} function threw or timed out.`,
        metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: Stats.SUM }),
        threshold: 0,
      });
    }

    this.addAlarm('IngestBacklogAge', {
      description: `The oldest ingest message is older than ${maxIngestBacklogAge.toMinutes()} minutes.`,
      metric: props.ingestQueue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      threshold: maxIngestBacklogAge.toSeconds(),
    });

    this.addAlarm('OutboxLag', {
      description: `The publish function is more than ${maxOutboxLag.toMinutes()} minutes behind the table stream.`,
      metric: props.publishFunction.function.metric('IteratorAge', {
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      threshold: maxOutboxLag.toMilliseconds(),
    });
  }

  private addAlarm(id: string, props: { description: string; metric: IMetric; threshold: number }): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means no messages or no invocations: healthy.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
