/** The AWS composition root: clients built once per Lambda container, the blind-index key read once. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AdapterRegistry, builtinAdapters } from '../../../adapters/registry.js';
import { type AwsConfig, readAwsConfig } from '../../config.js';
import { createDeliveryPolicy } from '../../events/delivery-policy.js';
import { parseAllowlist } from '../../events/ssrf-guard.js';
import { createBlindIndexer } from '../../privacy/blind-index.js';
import { createDocumentClient } from '../../store/client.js';
import { HubStore } from '../../store/hub-store.js';
import type { DeliveryDeps, HubDeps } from '../deps.js';
import { dnsHostResolver } from '../dns-host-resolver.js';
import { HttpWebhookSender } from '../http-webhook-sender.js';
import type { BlindIndexer, DeliveryWakeups, EventBus, Queue, SubscriptionRules } from '../ports.js';
import { systemClock } from '../ports.js';
import { EventBridgeBus } from './eventbridge-bus.js';
import { EventBridgeSubscriptionRules } from './eventbridge-subscription-rules.js';
import { SqsDeliveryWakeups } from './sqs-delivery-wakeups.js';
import { SqsQueue } from './sqs-queue.js';
import { SqsSubscriberQueues } from './sqs-subscriber-queues.js';

const unavailable = (what: string, variable: string) => async () => {
  throw new Error(`this function has no ${what} (${variable} is not set); grant it in infra/`);
};
const unavailableBus: EventBus = { put: unavailable('event bus', 'QIAO_EVENT_BUS_NAME') };
const unavailableQueue: Queue = { send: unavailable('ingest queue', 'QIAO_INGEST_QUEUE_URL') };
const unavailableIndexer: BlindIndexer = {
  indexOf: () => {
    throw new Error(
      'this function has no blind-index key (QIAO_BLIND_INDEX_SECRET_ARN is not set); grant it in infra/',
    );
  },
};

const unavailableRules: SubscriptionRules = {
  put: unavailable('subscription rules', 'QIAO_SUBSCRIPTION_RULE_PREFIX'),
  remove: unavailable('subscription rules', 'QIAO_SUBSCRIPTION_RULE_PREFIX'),
};
const unavailableWakeups: DeliveryWakeups = {
  wake: unavailable('delivery queue', 'QIAO_DELIVERY_QUEUE_URL'),
};

/** Subscriptions and delivery: EventBridge rules, the FIFO delivery queue, webhooks, subscribers' SQS queues. */
function deliveryDepsFrom(config: AwsConfig): DeliveryDeps {
  const allowlist = parseAllowlist(config.QIAO_WEBHOOK_ALLOWLIST);
  const sqs = new SQSClient({});
  const rulesConfigured =
    config.QIAO_SUBSCRIPTION_BUS_NAME &&
    config.QIAO_SUBSCRIPTION_RULE_PREFIX &&
    config.QIAO_DELIVERY_QUEUE_ARN;
  return {
    rules: rulesConfigured
      ? new EventBridgeSubscriptionRules(new EventBridgeClient({}), {
          busName: config.QIAO_SUBSCRIPTION_BUS_NAME!,
          rulePrefix: config.QIAO_SUBSCRIPTION_RULE_PREFIX!,
          deliveryQueueArn: config.QIAO_DELIVERY_QUEUE_ARN!,
        })
      : unavailableRules,
    wakeups: config.QIAO_DELIVERY_QUEUE_URL
      ? new SqsDeliveryWakeups(sqs, config.QIAO_DELIVERY_QUEUE_URL)
      : unavailableWakeups,
    webhooks: new HttpWebhookSender(allowlist),
    resolver: dnsHostResolver,
    allowlist,
    policy: createDeliveryPolicy(),
    webhookTimeoutMs: 10_000,
    subscriberQueues: new SqsSubscriberQueues(sqs),
  };
}

async function blindIndexerFrom(secretArn: string | undefined): Promise<BlindIndexer> {
  if (!secretArn) return unavailableIndexer;
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!secret.SecretString) throw new Error(`secret ${secretArn} has no string value`);
  return createBlindIndexer(secret.SecretString);
}

export async function awsDeps(env: NodeJS.ProcessEnv = process.env): Promise<HubDeps> {
  const config = readAwsConfig(env);
  const store = new HubStore(createDocumentClient({}), config.QIAO_TABLE_NAME);
  return {
    store,
    queue: config.QIAO_INGEST_QUEUE_URL
      ? new SqsQueue(new SQSClient({}), config.QIAO_INGEST_QUEUE_URL)
      : unavailableQueue,
    bus: config.QIAO_EVENT_BUS_NAME
      ? new EventBridgeBus(new EventBridgeClient({}), config.QIAO_EVENT_BUS_NAME)
      : unavailableBus,
    clock: systemClock,
    blindIndexer: await blindIndexerFrom(config.QIAO_BLIND_INDEX_SECRET_ARN),
    adapters: new AdapterRegistry(builtinAdapters(), store.sources),
    eventSource: config.QIAO_PUBLIC_URL ?? 'urn:qiao:hub:aws',
    maxBodyBytes: config.QIAO_MAX_BODY_BYTES,
    delivery: deliveryDepsFrom(config),
  };
}
