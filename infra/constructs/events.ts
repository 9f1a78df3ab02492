// The event feed: the hub's EventBridge bus with its archive, and the publish function draining the table's outbox stream.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { tableLayout } from '../../functions/store/table-layout.js';
import { HubFunction } from './hub-function.js';
import type { Storage } from './storage.js';

export interface EventsProps {
  readonly storage: Storage;
  /** Name of the custom bus, e.g. `qiao-events`. */
  readonly busName: string;
}

/**
 * Partition-key prefix of outbox items: the stream filter delivers only these to the publish function.
 * Must match the outbox key built in `functions/store/keys.ts`.
 */
export const outboxKeyPrefix = 'OUTBOX#';

export class Events extends Construct {
  readonly bus: EventBus;
  readonly publishFunction: HubFunction;
  /** Receives metadata of stream batches that failed every retry; the outbox items stay pending for the sweep. */
  readonly publishFailures: Queue;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);

    this.bus = new EventBus(this, 'Bus', {
      eventBusName: props.busName,
      description: 'Qiao hub events (CloudEvents 1.0): disputes, people, risks, quarantined records',
    });
    this.bus.archive('Archive', {
      description: 'Every event on the Qiao bus, for replay to new or recovering subscribers',
      // Everything the bus receives: all its events come from this account.
      eventPattern: { account: [Stack.of(this).account] },
      // A year covers an annual review cycle and lets a new subscriber back-fill a full year.
      retention: Duration.days(365),
    });

    this.publishFailures = new Queue(this, 'PublishFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.publishFailures).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the outbox stream; it is alarmed, and the failed outbox items remain pending in the table for the sweep to republish.',
    });

    this.publishFunction = new HubFunction(this, 'PublishFunction', {
      name: 'publish',
      description:
        'Qiao publish: outbox items from the table stream → EventBridge, then marks them published',
      timeout: Duration.seconds(60),
    });
    this.publishFunction.function.addEventSource(
      new DynamoEventSource(props.storage.table, {
        // Never skip an outbox item written before the mapping existed or during an outage.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        // Split a failing batch to isolate a poison item instead of retrying the whole batch.
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        // After an hour the stream gives up; the outbox items are still pending and the sweep publishes them.
        maxRecordAge: Duration.hours(1),
        onFailure: new SqsDlq(this.publishFailures),
        filters: [
          FilterCriteria.filter({
            // New outbox items only: the publisher's own "mark published" update must not trigger it again.
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: {
              NewImage: { [tableLayout.partitionKey]: { S: FilterRule.beginsWith(outboxKeyPrefix) } },
            },
          }),
        ],
      }),
    );
    props.storage.grantReadWriteData(this.publishFunction);
    this.grantPutEvents(this.publishFunction);
  }

  /** Lets `fn` put events on the hub bus and nowhere else; sets `QIAO_EVENT_BUS_NAME`. */
  grantPutEvents(fn: HubFunction): void {
    fn.function.addEnvironment('QIAO_EVENT_BUS_NAME', this.bus.eventBusName);
    this.bus.grantPutEventsTo(fn.role);
  }
}
