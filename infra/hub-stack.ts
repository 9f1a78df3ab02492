// The Qiao hub stack: one construct per concern, wired together; construct IDs below are a contract.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.js';
import { Delivery } from './constructs/delivery.js';
import { Events } from './constructs/events.js';
import { Ingestion } from './constructs/ingestion.js';
import { Monitoring } from './constructs/monitoring.js';
import { Schedules } from './constructs/schedules.js';
import { Storage } from './constructs/storage.js';

export interface HubStackProps extends StackProps {
  /** Short name of this hub deployment, used for named resources such as the event bus. @default 'qiao' */
  readonly hubName?: string;
  /** Hosts, IPs and CIDRs subscriber webhooks may reach although private (QIAO_WEBHOOK_ALLOWLIST). @default none */
  readonly webhookAllowlist?: readonly string[];
}

export class HubStack extends Stack {
  readonly storage: Storage;
  readonly ingestion: Ingestion;
  readonly api: Api;
  readonly events: Events;
  readonly delivery: Delivery;
  readonly schedules: Schedules;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: HubStackProps = {}) {
    super(scope, id, props);
    const hubName = props.hubName ?? 'qiao';

    this.storage = new Storage(this, 'Storage');
    this.ingestion = new Ingestion(this, 'Ingestion', { storage: this.storage });
    this.api = new Api(this, 'Api', { storage: this.storage, ingestion: this.ingestion });
    this.events = new Events(this, 'Events', { storage: this.storage, busName: `${hubName}-events` });
    this.delivery = new Delivery(this, 'Delivery', {
      storage: this.storage,
      events: this.events,
      ...(props.webhookAllowlist ? { webhookAllowlist: props.webhookAllowlist } : {}),
    });
    this.delivery.grantManageSubscriptions(this.api.apiFunction);
    this.schedules = new Schedules(this, 'Schedules', {
      storage: this.storage,
      ingestion: this.ingestion,
      events: this.events,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      deadLetterQueues: {
        Ingest: this.ingestion.deadLetterQueue,
        Publish: this.events.publishFailures,
        Delivery: this.delivery.deadLetterQueue,
        Sweep: this.schedules.deadLetterQueue,
      },
      functions: {
        Api: this.api.apiFunction,
        Ingest: this.ingestion.ingestFunction,
        Publish: this.events.publishFunction,
        Deliver: this.delivery.deliverFunction,
        Sweep: this.schedules.sweepFunction,
      },
      ingestQueue: this.ingestion.queue,
      publishFunction: this.events.publishFunction,
    });
    this.delivery.alarmOnBacklog(this.monitoring.alarmTopic);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the hub API' });
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.alarmTopic.topicArn,
      description: 'Subscribe the on-call channel to this topic',
    });
  }
}
