/**
 * The local runtime: the same core as in AWS, in one Node process. DynamoDB Local holds the data under the data
 * directory; an in-process queue feeds the ingest worker; an outbox publisher feeds the event log and live streams;
 * a sweep recovers unfinished records at start-up and every minute; the supervision sweep (督办) runs at start-up and
 * every minute on the hub's clock.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { AdapterRegistry, builtinAdapters } from '../../../adapters/registry.js';
import { createDeliveryPolicy, type DeliveryPolicyOptions } from '../../events/delivery-policy.js';
import { parseAllowlist } from '../../events/ssrf-guard.js';
import { createApp } from '../../http/app.js';
import type { RateLimitOptions } from '../../http/middleware/rate-limit.js';
import { ingestMessage } from '../../ingest/ingest-message.js';
import { createBlindIndexer } from '../../privacy/blind-index.js';
import { type CapacityMeter, createDocumentClient } from '../../store/client.js';
import { HubStore } from '../../store/hub-store.js';
import { ensureTable } from '../../store/table-bootstrap.js';
import { recoverStuckRecords } from '../../sweep/recover-stuck-records.js';
import { type SupervisionSweepResult, superviseDeadlines } from '../../sweep/supervise-deadlines.js';
import type { HubDeps } from '../deps.js';
import { dnsHostResolver } from '../dns-host-resolver.js';
import { HttpWebhookSender } from '../http-webhook-sender.js';
import { type Clock, systemClock } from '../ports.js';
import { ensureAdminKey } from './admin-key.js';
import { DeliveryWorker } from './delivery-worker.js';
import { localCredentials, type RunningDynamo, startDynamoLocal } from './dynamo-local.js';
import { MemoryBus } from './memory-bus.js';
import { MemoryQueue } from './memory-queue.js';
import { OutboxPublisher } from './outbox-publisher.js';

export interface LocalHubOptions {
  port: number;
  host?: string;
  dataDir: string;
  tableName: string;
  adminKey?: string;
  blindIndexKey?: string;
  /** Use a DynamoDB already running (tests share one); otherwise DynamoDB Local is started under the data dir. */
  dynamoEndpoint?: string;
  clock?: Clock;
  meter?: CapacityMeter;
  maxBodyBytes?: number;
  workers?: number;
  /** How old an unfinished record must be before the periodic sweep queues it again. */
  stuckAfterMs?: number;
  sweepIntervalMs?: number;
  /** How often the supervision sweep raises deadline crossings (督办). @default 60000 */
  supervisionIntervalMs?: number;
  /** Hosts, IPs and CIDRs webhooks may reach although private (QIAO_WEBHOOK_ALLOWLIST), e.g. `127.0.0.1`. */
  webhookAllowlist?: string[];
  /** Retry timing of webhook deliveries (tests shorten it); defaults to a day of backoff. */
  deliveryPolicy?: Partial<DeliveryPolicyOptions>;
  /** The longest wait for a webhook receiver's answer. @default 10000 */
  webhookTimeoutMs?: number;
  /** Longest sleep of a subscription's delivery loop with nothing due. @default 2000 */
  deliveryPollMs?: number;
  /** Requests per minute per API key (QIAO_RATE_LIMIT); absent: no limit. */
  rateLimit?: RateLimitOptions;
}

export interface LocalHub {
  url: string;
  port: number;
  dataDir: string;
  dynamoEndpoint: string;
  /** Set only on the first start, when the hub generated the admin key. */
  generatedAdminKey?: string;
  deps: HubDeps;
  /** Resolves when every queued record is processed and every event published. */
  settled(): Promise<void>;
  /** Runs the supervision sweep now, at the hub clock's now (as the timer does; runs may overlap safely). */
  superviseNow(): Promise<SupervisionSweepResult>;
  stop(): Promise<void>;
}

export async function startLocalHub(options: LocalHubOptions): Promise<LocalHub> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const dynamo: RunningDynamo | undefined = options.dynamoEndpoint
    ? undefined
    : await startDynamoLocal({ dataDir: join(dataDir, 'dynamodb') });
  const endpoint = options.dynamoEndpoint ?? dynamo!.endpoint;
  try {
    const client = createDocumentClient(
      { endpoint, region: 'local', credentials: localCredentials },
      options.meter,
    );
    await ensureTable(client as never, options.tableName);
    const store = new HubStore(client, options.tableName);
    const clock = options.clock ?? systemClock;
    const bus = new MemoryBus();
    const publisher = new OutboxPublisher({ store, bus, clock });
    const deps: HubDeps = {
      store,
      bus,
      clock,
      queue: undefined as never,
      blindIndexer: createBlindIndexer(
        options.blindIndexKey ?? loadOrCreateKey(join(dataDir, 'blind-index.key')),
      ),
      adapters: new AdapterRegistry(builtinAdapters(), store.sources),
      eventSource: 'urn:qiao:hub:local',
      maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
      liveEvents: bus,
    };
    const queue = new MemoryQueue({
      concurrency: options.workers ?? 4,
      maxAttempts: 5,
      handler: async (message) => {
        await ingestMessage(deps, message);
        void publisher.kick();
      },
      onGiveUp: (message, error) =>
        console.error(
          `giving up on ${message.sourceId}/${message.sourceRecordId} for now; the sweep will retry`,
          error,
        ),
    });
    deps.queue = queue;
    const allowlist = parseAllowlist(options.webhookAllowlist ?? []);
    const webhooks = new HttpWebhookSender(allowlist);
    const deliveryWorker = new DeliveryWorker(
      deps,
      {
        webhooks,
        resolver: dnsHostResolver,
        allowlist,
        policy: createDeliveryPolicy(options.deliveryPolicy),
        webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
      },
      { pollMs: options.deliveryPollMs ?? 2000 },
    );
    deps.delivery = deliveryWorker.deliveryDeps;

    const generatedAdminKey = await ensureAdminKey(store, options.adminKey, clock.now());
    publisher.start();
    await deliveryWorker.start();
    await recoverStuckRecords(deps, { olderThanMs: 0 });
    const sweepTimer = setInterval(() => {
      // A record waiting in this process's own queue is not stuck: sweep only when the queue has drained.
      if (queue.depth > 0) return;
      recoverStuckRecords(deps, { olderThanMs: options.stuckAfterMs ?? 120_000 }).catch((e) =>
        console.error('sweep failed', e),
      );
    }, options.sweepIntervalMs ?? 60_000);
    sweepTimer.unref();
    // One timed run at a time: a run still going when the timer fires is not joined by another.
    let supervising: Promise<unknown> | undefined;
    const supervise = () =>
      superviseDeadlines(deps)
        .catch((e) => console.error('supervision sweep failed', e))
        .finally(() => {
          supervising = undefined;
        });
    supervising = supervise();
    const supervisionTimer = setInterval(() => {
      supervising ??= supervise();
    }, options.supervisionIntervalMs ?? 60_000);
    supervisionTimer.unref();

    const app = createApp(deps, { rateLimit: options.rateLimit });
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' });
    await new Promise<void>((r, reject) => {
      if (server.listening) return r();
      server.once('listening', () => r());
      server.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;

    return {
      url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`,
      port,
      dataDir,
      dynamoEndpoint: endpoint,
      generatedAdminKey,
      deps,
      superviseNow: () => superviseDeadlines(deps),
      settled: async () => {
        for (;;) {
          await queue.idle();
          await publisher.kick();
          const pending = await store.outbox.listPending(1);
          if (queue.depth === 0 && pending.length === 0) return;
        }
      },
      stop: async () => {
        clearInterval(sweepTimer);
        clearInterval(supervisionTimer);
        await supervising;
        await new Promise<void>((r) => {
          server.close(() => r());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await queue.stop();
        await publisher.stop();
        await deliveryWorker.stop();
        webhooks.close();
        client.destroy();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await dynamo?.stop();
    throw error;
  }
}

/** The blind-index key lives beside the data, outside the database, readable only by its owner. */
function loadOrCreateKey(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}
