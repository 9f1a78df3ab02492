/** The AWS composition root: clients built once per Lambda container, the blind-index key read once. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AdapterRegistry, builtinAdapters } from '../../../adapters/registry.js';
import { readAwsConfig } from '../../config.js';
import { createBlindIndexer } from '../../privacy/blind-index.js';
import { createDocumentClient } from '../../store/client.js';
import { HubStore } from '../../store/hub-store.js';
import type { HubDeps } from '../deps.js';
import type { BlindIndexer, EventBus, Queue } from '../ports.js';
import { systemClock } from '../ports.js';
import { EventBridgeBus } from './eventbridge-bus.js';
import { SqsQueue } from './sqs-queue.js';

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

async function blindIndexerFrom(secretArn: string | undefined): Promise<BlindIndexer> {
  if (!secretArn) return unavailableIndexer;
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!secret.SecretString) throw new Error(`secret ${secretArn} has no string value`);
  return createBlindIndexer(secret.SecretString);
}

export async function awsDeps(env: NodeJS.ProcessEnv = process.env): Promise<HubDeps> {
  const config = readAwsConfig(env);
  return {
    store: new HubStore(createDocumentClient({}), config.QIAO_TABLE_NAME),
    queue: config.QIAO_INGEST_QUEUE_URL
      ? new SqsQueue(new SQSClient({}), config.QIAO_INGEST_QUEUE_URL)
      : unavailableQueue,
    bus: config.QIAO_EVENT_BUS_NAME
      ? new EventBridgeBus(new EventBridgeClient({}), config.QIAO_EVENT_BUS_NAME)
      : unavailableBus,
    clock: systemClock,
    blindIndexer: await blindIndexerFrom(config.QIAO_BLIND_INDEX_SECRET_ARN),
    adapters: new AdapterRegistry(builtinAdapters()),
    eventSource: config.QIAO_PUBLIC_URL ?? 'urn:qiao:hub:aws',
    maxBodyBytes: config.QIAO_MAX_BODY_BYTES,
  };
}
