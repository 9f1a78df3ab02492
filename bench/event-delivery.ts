/**
 * Event-delivery benchmark: generated 12345 work orders ingested through the local hub's HTTP API, their events
 * delivered as signed webhooks to a receiver on 127.0.0.1 by 1, 10 and 100 subscriptions. Reports deliveries per
 * second, the latency from a record's ingest (its POST sent) to the arrival of its first event, per subscription,
 * and from each event's commit to its arrival (delivery without the ingest pipeline).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { type LocalHub, startLocalHub } from '../functions/runtime/local/local-hub.js';
import { HotlineWorkOrderGenerator, type WorkOrder } from './generators/hotline-12345.js';

export interface DeliveryBenchOptions {
  /** Work orders ingested in each phase. */
  records: number;
  /** Subscriptions of each phase, all receiving every event. */
  subscriptions: number[];
  /** Work orders per POST. */
  batchSize: number;
  seed: number;
  /** Give up waiting for a phase's deliveries after this long. */
  timeoutMs: number;
  keepData: boolean;
  log: (line: string) => void;
}

export const defaultDeliveryOptions = (env: NodeJS.ProcessEnv = process.env): DeliveryBenchOptions => ({
  records: intFrom(env.BENCH_DELIVERY_RECORDS, 200),
  subscriptions: (env.BENCH_DELIVERY_SUBSCRIPTIONS ?? '1,10,100').split(',').map((n) => intFrom(n, 1)),
  batchSize: intFrom(env.BENCH_BATCH, 50),
  seed: intFrom(env.BENCH_SEED, 12345),
  timeoutMs: intFrom(env.BENCH_DELIVERY_TIMEOUT_MS, 10 * 60_000),
  keepData: env.BENCH_KEEP_DATA === '1',
  log: (line) => process.stderr.write(`${line}\n`),
});

interface Percentiles {
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export interface DeliveryPhaseResult {
  subscriptions: number;
  records: number;
  events: number;
  deliveries: number;
  /** From the first POST sent to the last delivery received. */
  elapsedMs: number;
  deliveriesPerSecond: number;
  /** Events (not deliveries) per second, as one subscriber sees them. */
  eventsPerSecondPerSubscription: number;
  /** From a record's POST sent to its first event's arrival, one sample per record and subscription. */
  ingestToArrivalMs: Percentiles;
  /** From an event's commit (its `time`) to its arrival, per delivery: publication plus delivery, without ingest. */
  commitToArrivalMs: Percentiles;
  /** Requests the receiver could not verify (Standard Webhooks), expected 0. */
  badSignatures: number;
  /** Events that arrived more than once at a subscription (at-least-once), expected 0 on a healthy run. */
  duplicates: number;
}

export interface DeliveryBenchResult {
  hubStartMs: number;
  phases: DeliveryPhaseResult[];
}

/** Runs the phases against a fresh local hub (its own DynamoDB Local, in a temporary directory). */
export async function runEventDelivery(
  options: DeliveryBenchOptions = defaultDeliveryOptions(),
): Promise<DeliveryBenchResult> {
  const { log } = options;
  const generator = new HotlineWorkOrderGenerator({ seed: options.seed });
  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-bench-delivery-'));
  const adminKey = `qiao_bench_${randomBytes(18).toString('base64url')}`;
  const receiver = await new Receiver().start();
  let hub: LocalHub | undefined;
  try {
    log(`starting the local hub (DynamoDB Local under ${dataDir}) ...`);
    const started = performance.now();
    hub = await startLocalHub({
      port: 0,
      dataDir,
      tableName: 'qiao-bench',
      adminKey,
      webhookAllowlist: ['127.0.0.1'],
    });
    const hubStartMs = performance.now() - started;
    const api = new Api(hub.url, adminKey);

    log('warming up ...');
    await runPhase(hub, api, receiver, generator.take(20), 1, options, () => {});

    const phases: DeliveryPhaseResult[] = [];
    for (const count of options.subscriptions) {
      log(`phase: ${options.records} orders, ${count} subscription(s) ...`);
      const phase = await runPhase(hub, api, receiver, generator.take(options.records), count, options, log);
      log(
        `  ${phase.deliveries} deliveries in ${(phase.elapsedMs / 1000).toFixed(1)} s: ${phase.deliveriesPerSecond}/s, ` +
          `ingest→arrival p50 ${phase.ingestToArrivalMs.p50} ms, p99 ${phase.ingestToArrivalMs.p99} ms, ` +
          `commit→arrival p50 ${phase.commitToArrivalMs.p50} ms, p99 ${phase.commitToArrivalMs.p99} ms`,
      );
      phases.push(phase);
    }
    return { hubStartMs: round(hubStartMs), phases };
  } finally {
    log('stopping the hub ...');
    await hub?.stop().catch((e) => log(`stopping the hub failed: ${String(e)}`));
    await receiver.stop();
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function runPhase(
  hub: LocalHub,
  api: Api,
  receiver: Receiver,
  orders: WorkOrder[],
  count: number,
  options: DeliveryBenchOptions,
  log: (line: string) => void,
): Promise<DeliveryPhaseResult> {
  receiver.reset();
  const phaseId = randomBytes(4).toString('hex');
  const subscriptions: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = `/hook/${phaseId}/${i}`;
    const created = (await api.post('/v1/subscriptions', {
      name: `bench ${phaseId} ${i}`,
      pattern: { type: [{ prefix: 'qiao.' }] },
      webhook: { url: `${receiver.url}${path}` },
    })) as { id: string; secret: string };
    receiver.secrets.set(path, new Webhook(created.secret));
    subscriptions.push(created.id);
  }
  const headBefore = await hub.deps.store.subscriptions.eventLogHead();

  const sentAt = new Map<string, number>();
  const first = performance.now();
  for (let i = 0; i < orders.length; i += options.batchSize) {
    const batch = orders.slice(i, i + options.batchSize);
    const t = performance.now();
    for (const order of batch) sentAt.set(String(order.formId), t);
    await api.post('/v1/sources/hotline-12345/records', batch);
  }
  await hub.settled();
  const events = (await hub.deps.store.outbox.readLog(headBefore, 100_000)).length;
  const expected = events * count;
  const deadline = Date.now() + options.timeoutMs;
  let lastReport = 0;
  while (receiver.deliveries < expected) {
    if (Date.now() > deadline) {
      throw new Error(`only ${receiver.deliveries} of ${expected} deliveries within ${options.timeoutMs} ms`);
    }
    if (receiver.deliveries - lastReport >= expected / 4) {
      lastReport = receiver.deliveries;
      log(`  ${receiver.deliveries}/${expected} delivered`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const elapsedMs = receiver.lastArrival - first;
  const latencies: number[] = [];
  for (const [key, arrival] of receiver.firstArrival) {
    const recordId = key.slice(key.indexOf('|') + 1);
    const sent = sentAt.get(recordId);
    if (sent !== undefined) latencies.push(arrival - sent);
  }
  for (const id of subscriptions) await api.delete(`/v1/subscriptions/${id}`);
  return {
    subscriptions: count,
    records: orders.length,
    events,
    deliveries: receiver.deliveries,
    elapsedMs: round(elapsedMs),
    deliveriesPerSecond: round(receiver.deliveries / (elapsedMs / 1000)),
    eventsPerSecondPerSubscription: round(events / (elapsedMs / 1000)),
    ingestToArrivalMs: percentiles(latencies),
    commitToArrivalMs: percentiles(receiver.commitToArrival),
    badSignatures: receiver.badSignatures,
    duplicates: receiver.duplicates,
  };
}

export function formatDeliveryResult(
  result: DeliveryBenchResult,
  parameters: Record<string, unknown>,
): string {
  const rows = result.phases.map((p) => [
    String(p.subscriptions),
    String(p.events),
    String(p.deliveries),
    String(p.deliveriesPerSecond),
    String(p.eventsPerSecondPerSubscription),
    String(p.ingestToArrivalMs.p50),
    String(p.ingestToArrivalMs.p99),
    String(p.ingestToArrivalMs.max),
    String(p.commitToArrivalMs.p50),
    String(p.commitToArrivalMs.p99),
    `${p.badSignatures}/${p.duplicates}`,
  ]);
  const header = [
    'subscriptions',
    'events',
    'deliveries',
    'deliveries/s',
    'events/s per sub',
    'ingest→arrival p50 ms',
    'p99 ms',
    'max ms',
    'commit→arrival p50 ms',
    'p99 ms',
    'bad sig/dup',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [
    `parameters: ${JSON.stringify(parameters)}; hub started in ${result.hubStartMs} ms`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

/** A webhook receiver that verifies every request and notes when each record's first event reached each hook. */
class Receiver {
  readonly secrets = new Map<string, Webhook>();
  readonly firstArrival = new Map<string, number>();
  readonly commitToArrival: number[] = [];
  private readonly seen = new Set<string>();
  deliveries = 0;
  duplicates = 0;
  badSignatures = 0;
  lastArrival = 0;
  url = '';
  private server: Server | undefined;

  reset(): void {
    this.secrets.clear();
    this.firstArrival.clear();
    this.commitToArrival.length = 0;
    this.seen.clear();
    this.deliveries = 0;
    this.duplicates = 0;
    this.badSignatures = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const now = performance.now();
        const path = req.url ?? '';
        try {
          this.secrets.get(path)?.verify(body, req.headers as Record<string, string>);
        } catch {
          this.badSignatures++;
        }
        const event = JSON.parse(body) as {
          id: string;
          time: string;
          data?: { trigger?: { sourceRecordId?: string } };
        };
        this.commitToArrival.push(Date.now() - Date.parse(event.time));
        const seenKey = `${path}|${event.id}`;
        if (this.seen.has(seenKey)) this.duplicates++;
        else {
          this.seen.add(seenKey);
          this.deliveries++;
          this.lastArrival = now;
        }
        const recordId = event.data?.trigger?.sourceRecordId;
        const key = `${path}|${recordId}`;
        if (recordId && !this.firstArrival.has(key)) this.firstArrival.set(key, now);
        res.writeHead(204).end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

class Api {
  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  async post(path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return res.json();
  }

  async delete(path: string): Promise<void> {
    const res = await fetch(`${this.url}${path}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${this.key}` },
    });
    if (!res.ok) throw new Error(`DELETE ${path} answered ${res.status}`);
  }
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return {
    p50: round(at(50)),
    p99: round(at(99)),
    mean: round(sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1)),
    max: round(sorted.at(-1) ?? 0),
  };
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got "${value}"`);
  return n;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
