/** Ingest benchmark: bulk and single-record ingestion of generated 12345 work orders through the local hub's HTTP API. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type LocalHub, startLocalHub } from '../functions/runtime/local/local-hub.js';
import { CapacityMeter } from '../functions/store/client.js';
import { HotlineWorkOrderGenerator, type WorkOrder } from './generators/hotline-12345.js';

const sourceId = 'hotline-12345';

export interface IngestBenchOptions {
  /** Work orders posted in the bulk phase. */
  records: number;
  /** Work orders per bulk request. */
  batchSize: number;
  /** Bulk requests in flight at once. */
  concurrency: number;
  /** Work orders posted one at a time, sequentially, for the latency phase. */
  singles: number;
  /** Work orders posted and settled before measuring, to warm up the JIT and DynamoDB Local. */
  warmup: number;
  /** The hub's ingest workers (the local queue's concurrency). */
  workers: number;
  seed: number;
  /** Give up waiting for the hub to settle after this long. */
  settleTimeoutMs: number;
  /** Keep the hub's data directory (DynamoDB Local files) instead of deleting it. */
  keepData: boolean;
  log: (line: string) => void;
}

export const defaultIngestOptions = (env: NodeJS.ProcessEnv = process.env): IngestBenchOptions => ({
  records: intFrom(env.BENCH_RECORDS, 3000),
  batchSize: intFrom(env.BENCH_BATCH, 100),
  concurrency: intFrom(env.BENCH_CONCURRENCY, 4),
  singles: intFrom(env.BENCH_SINGLES, 300),
  warmup: intFrom(env.BENCH_WARMUP, 50),
  workers: intFrom(env.BENCH_WORKERS, 4),
  seed: intFrom(env.BENCH_SEED, 12345),
  settleTimeoutMs: intFrom(env.BENCH_SETTLE_TIMEOUT_MS, 15 * 60_000),
  keepData: env.BENCH_KEEP_DATA === '1',
  log: (line) => process.stderr.write(`${line}\n`),
});

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

interface SourceCounts {
  received: number;
  processing: number;
  processed: number;
  quarantined: number;
  total: number;
}

interface CapacityPhase {
  /** False when DynamoDB reported no consumed capacity at all; the numbers below are then null, not 0. */
  reported: boolean;
  totalUnits: number | null;
  unitsPerRecord: number | null;
  /** As DynamoDB reported them (ReadCapacityUnits / WriteCapacityUnits); null when it reported only totals. */
  readUnitsPerRecord: number | null;
  writeUnitsPerRecord: number | null;
  /** The total split by the kind of operation that consumed it (Get/Query/Scan/... vs Put/Update/Transact...). */
  byOperationKind: { readUnitsPerRecord: number; writeUnitsPerRecord: number } | null;
  note?: string;
}

interface OperationStats {
  calls: number;
  callsPerRecord: number;
  meanMs: number;
  units: number;
  unitsPerRecord: number;
  /** Extra attempts the SDK made on its own (throttling, transaction conflicts, 5xx), invisible to the hub. */
  sdkRetries: number;
  /** Calls that failed, by error name (conditional checks and cancelled transactions the hub handles itself). */
  errors: Record<string, number>;
}

export interface IngestBenchResult {
  hubStartMs: number;
  bulk: {
    records: number;
    requests: number;
    accepted: number;
    duplicate: number;
    rejected: number;
    /** From the first request sent to the last answer received. */
    acceptMs: number;
    acceptedPerSecond: number;
    /** From the first request sent until every record is processed and every event published. */
    endToEndMs: number;
    processedPerSecond: number;
    /** After acceptance: how long the queue and the outbox took to drain. */
    drainMs: number;
    requestLatencyMs: Percentiles;
    counts: SourceCounts;
    eventsPublished: number | null;
    /** True when hub.settled() resolved while the source still had unfinished records. */
    settledEarly: boolean;
    capacity: CapacityPhase;
    /** DynamoDB calls made during the phase, by command. */
    dynamoCalls: Record<string, OperationStats> | null;
    cpuMs: { node: number; dynamoLocal: number | null };
  };
  single: {
    records: number;
    latencyMs: Percentiles;
    settleMs: number;
    capacity: CapacityPhase;
    dynamoCalls: Record<string, OperationStats> | null;
  };
  memory: { nodePeakRssMB: number; dynamoLocalPeakRssMB: number | null };
}

/** Runs the benchmark against a fresh local hub (its own DynamoDB Local, in a temporary directory). */
export async function runIngestThroughput(
  options: IngestBenchOptions = defaultIngestOptions(),
): Promise<IngestBenchResult> {
  const { log } = options;
  const generator = new HotlineWorkOrderGenerator({ seed: options.seed });
  const warmupOrders = generator.take(options.warmup);
  const bulkOrders = generator.take(options.records);
  const singleOrders = generator.take(options.singles);

  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-bench-'));
  const meter = new CapacityMeter();
  const adminKey = `qiao_bench_${randomBytes(18).toString('base64url')}`;
  log(`starting the local hub (DynamoDB Local under ${dataDir}) ...`);
  const startedAt = performance.now();
  let hub: LocalHub | undefined;
  const onSignal = () => {
    log('interrupted: stopping the hub');
    void (hub?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    hub = await startLocalHub({
      port: 0,
      dataDir,
      tableName: 'qiao-bench',
      adminKey,
      meter,
      workers: options.workers,
    });
    const hubStartMs = performance.now() - startedAt;
    const api = new HubApi(hub.url, adminKey);
    const java = findDynamoLocalProcess();
    const calls = instrumentDynamoCalls(hub);

    // A source-scoped key, as a real 12345 integration would hold.
    const sourceKey = await api.createKey(`source:${sourceId}`);
    const ingest = new HubApi(hub.url, sourceKey);

    if (warmupOrders.length) {
      log(`warming up with ${warmupOrders.length} orders ...`);
      await ingest.postRecords(warmupOrders.slice(0, Math.ceil(warmupOrders.length / 2)));
      for (const order of warmupOrders.slice(Math.ceil(warmupOrders.length / 2)))
        await ingest.postRecords(order);
      await hub.settled();
    }
    const before = await api.sourceCounts();

    // 1. Bulk: batches with a few requests in flight, then wait until everything is processed and published.
    log(
      `bulk: ${bulkOrders.length} orders, ${options.batchSize} per request, ${options.concurrency} in flight ...`,
    );
    meter.reset();
    calls?.reset();
    const bus = hub.deps.bus as { published?: number };
    const publishedBefore = bus.published;
    const nodeCpuBefore = process.cpuUsage();
    const javaCpuBefore = java ? cpuTimeMs(java) : null;
    const batches = chunk(bulkOrders, options.batchSize);
    const requestMs: number[] = [];
    const tally = { accepted: 0, duplicate: 0, rejected: 0 };
    const bulkStart = performance.now();
    let nextBatch = 0;
    let lastReport = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, batches.length) }, async () => {
        while (nextBatch < batches.length) {
          const batch = batches[nextBatch++]!;
          const t = performance.now();
          const answer = await ingest.postRecords(batch);
          requestMs.push(performance.now() - t);
          tally.accepted += answer.accepted;
          tally.duplicate += answer.duplicate;
          tally.rejected += answer.rejected;
          const done = tally.accepted + tally.duplicate + tally.rejected;
          if (done - lastReport >= bulkOrders.length / 5) {
            lastReport = done;
            log(`  ${done}/${bulkOrders.length} accepted after ${seconds(performance.now() - bulkStart)} s`);
          }
        }
      }),
    );
    const acceptMs = performance.now() - bulkStart;
    log(`  all accepted in ${seconds(acceptMs)} s; waiting for processing and publishing ...`);
    await withTimeout(hub.settled(), options.settleTimeoutMs, 'the hub did not settle');
    let endToEndMs = performance.now() - bulkStart;
    let counts = await api.sourceCounts();
    const expectedFinished = before.processed + before.quarantined + bulkOrders.length;
    const settledEarly = counts.processed + counts.quarantined < expectedFinished;
    if (settledEarly) {
      log(
        `  hub.settled() resolved with ${counts.received + counts.processing} records unfinished; polling the API ...`,
      );
      counts = await waitForFinished(api, expectedFinished, bulkStart + options.settleTimeoutMs);
      await hub.settled();
      endToEndMs = performance.now() - bulkStart;
    }
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const javaCpuAfter = java ? cpuTimeMs(java) : null;
    const bulkCapacity = capacityOf(meter, bulkOrders.length, calls?.unitsByKind());
    const dynamoCalls = calls?.snapshot(bulkOrders.length) ?? null;
    const eventsPublished =
      typeof bus.published === 'number' && typeof publishedBefore === 'number'
        ? bus.published - publishedBefore
        : null;
    log(`  settled after ${seconds(endToEndMs)} s`);

    // 2. Single records, one at a time.
    log(`single: ${singleOrders.length} orders, one request at a time ...`);
    meter.reset();
    calls?.reset();
    const singleMs: number[] = [];
    for (const order of singleOrders) {
      const t = performance.now();
      const answer = await ingest.postRecords(order);
      singleMs.push(performance.now() - t);
      if (answer.accepted !== 1)
        throw new Error(`a single order was not accepted: ${JSON.stringify(answer).slice(0, 500)}`);
    }
    const singleSettleStart = performance.now();
    await withTimeout(
      hub.settled(),
      options.settleTimeoutMs,
      'the hub did not settle after the single-record phase',
    );
    const singleSettleMs = performance.now() - singleSettleStart;
    const singleCapacity = capacityOf(meter, singleOrders.length, calls?.unitsByKind());
    const singleCalls = calls?.snapshot(singleOrders.length) ?? null;

    const result: IngestBenchResult = {
      hubStartMs: round(hubStartMs),
      bulk: {
        records: bulkOrders.length,
        requests: batches.length,
        ...tally,
        acceptMs: round(acceptMs),
        acceptedPerSecond: round((tally.accepted + tally.duplicate + tally.rejected) / (acceptMs / 1000)),
        endToEndMs: round(endToEndMs),
        processedPerSecond: round(bulkOrders.length / (endToEndMs / 1000)),
        drainMs: round(endToEndMs - acceptMs),
        requestLatencyMs: percentiles(requestMs),
        counts: subtractCounts(counts, before),
        eventsPublished,
        settledEarly,
        capacity: bulkCapacity,
        dynamoCalls,
        cpuMs: {
          node: round((nodeCpu.user + nodeCpu.system) / 1000),
          dynamoLocal:
            javaCpuBefore !== null && javaCpuAfter !== null ? round(javaCpuAfter - javaCpuBefore) : null,
        },
      },
      single: {
        records: singleOrders.length,
        latencyMs: percentiles(singleMs),
        settleMs: round(singleSettleMs),
        capacity: singleCapacity,
        dynamoCalls: singleCalls,
      },
      memory: {
        nodePeakRssMB: round(process.resourceUsage().maxRSS / 1024),
        dynamoLocalPeakRssMB: java ? peakRssMB(java) : null,
      },
    };
    return result;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    log('stopping the hub ...');
    await hub?.stop().catch((e) => log(`stopping the hub failed: ${String(e)}`));
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    else log(`kept the hub's data under ${dataDir}`);
  }
}

/** The human-readable table of one run. */
export function formatIngestResult(
  r: IngestBenchResult,
  options: Pick<IngestBenchOptions, 'batchSize' | 'concurrency'>,
): string {
  const b = r.bulk;
  const s = r.single;
  const rows: Array<[string, string]> = [
    ['hub start (incl. DynamoDB Local)', `${fmt(r.hubStartMs)} ms`],
    [`bulk: ${b.records} orders, ${options.batchSize}/request, ${options.concurrency} in flight`, ''],
    ['  accepted over HTTP', `${fmt(b.acceptedPerSecond)} records/s  (${fmt(b.acceptMs)} ms)`],
    [
      '  processed end to end',
      `${fmt(b.processedPerSecond)} records/s  (${fmt(b.endToEndMs)} ms; drain ${fmt(b.drainMs)} ms)`,
    ],
    [
      '  request latency p50 / p95 / p99',
      `${fmt(b.requestLatencyMs.p50)} / ${fmt(b.requestLatencyMs.p95)} / ${fmt(b.requestLatencyMs.p99)} ms`,
    ],
    [
      '  outcome',
      `${b.accepted} accepted, ${b.duplicate} duplicate, ${b.rejected} rejected; ${b.counts.processed} processed, ${b.counts.quarantined} quarantined`,
    ],
    [
      '  events published',
      b.eventsPublished === null
        ? 'not known'
        : `${b.eventsPublished} (${fmt(b.eventsPublished / b.records)} per record)`,
    ],
    ...capacityRows(b.capacity),
    [
      '  CPU time node / DynamoDB Local',
      `${fmt(b.cpuMs.node)} ms / ${b.cpuMs.dynamoLocal === null ? 'unknown' : `${fmt(b.cpuMs.dynamoLocal)} ms`}`,
    ],
    [`single: ${s.records} orders, sequential`, ''],
    [
      '  POST latency p50 / p95 / p99',
      `${fmt(s.latencyMs.p50)} / ${fmt(s.latencyMs.p95)} / ${fmt(s.latencyMs.p99)} ms`,
    ],
    [
      '  POST latency mean / min / max',
      `${fmt(s.latencyMs.mean)} / ${fmt(s.latencyMs.min)} / ${fmt(s.latencyMs.max)} ms`,
    ],
    ...capacityRows(s.capacity),
    ['peak RSS node process', `${fmt(r.memory.nodePeakRssMB)} MB`],
    [
      'peak RSS DynamoDB Local (JVM)',
      r.memory.dynamoLocalPeakRssMB === null ? 'unknown' : `${fmt(r.memory.dynamoLocalPeakRssMB)} MB`,
    ],
  ];
  if (b.settledEarly) rows.push(['WARNING', 'hub.settled() resolved before every record had finished']);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => (v ? `${k.padEnd(width)}  ${v}` : k));
  if (b.dynamoCalls) lines.push('', 'DynamoDB calls in the bulk phase:', ...callRows(b.dynamoCalls));
  if (s.dynamoCalls) lines.push('', 'DynamoDB calls in the single-record phase:', ...callRows(s.dynamoCalls));
  return lines.join('\n');
}

/** The calls table: by command and item kinds, most capacity first. */
function callRows(calls: Record<string, OperationStats>): string[] {
  const entries = Object.entries(calls);
  const width = Math.max(...entries.map(([name]) => name.length), 10);
  const head = `  ${'call'.padEnd(width)}  ${'calls/rec'.padStart(9)}  ${'mean ms'.padStart(8)}  ${'units/rec'.padStart(9)}  retries, errors`;
  return [
    head,
    ...entries.map(([name, o]) =>
      `  ${name.padEnd(width)}  ${fmt(o.callsPerRecord).padStart(9)}  ${fmt(o.meanMs).padStart(8)}  ${fmt(o.unitsPerRecord).padStart(9)}  ${trouble(o)}`.trimEnd(),
    ),
  ];
}

function trouble(o: OperationStats): string {
  const parts = o.sdkRetries ? [`${o.sdkRetries} SDK retries`] : [];
  for (const [name, n] of Object.entries(o.errors)) parts.push(`${n} × ${name}`);
  return parts.join(', ');
}

function capacityRows(c: CapacityPhase): Array<[string, string]> {
  if (!c.reported) return [['  DynamoDB capacity', c.note ?? 'not reported']];
  const rows: Array<[string, string]> = [
    ['  DynamoDB capacity units/record', `${fmt(c.unitsPerRecord!)} (total ${fmt(c.totalUnits!)})`],
  ];
  if (c.readUnitsPerRecord !== null && c.writeUnitsPerRecord !== null) {
    rows.push([
      '  read / write units/record',
      `${fmt(c.readUnitsPerRecord)} / ${fmt(c.writeUnitsPerRecord)}`,
    ]);
  } else if (c.byOperationKind) {
    rows.push([
      '  read / write units/record (by op)',
      `${fmt(c.byOperationKind.readUnitsPerRecord)} / ${fmt(c.byOperationKind.writeUnitsPerRecord)}`,
    ]);
  }
  if (c.note) rows.push(['  note', c.note]);
  return rows;
}

// --- the hub over HTTP ----------------------------------------------------------------------------------------

interface IngestAnswer {
  accepted: number;
  duplicate: number;
  rejected: number;
  results: Array<{ status: string }>;
}

class HubApi {
  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  async postRecords(body: WorkOrder | WorkOrder[]): Promise<IngestAnswer> {
    const res = await fetch(`${this.url}/v1/sources/${sourceId}/records`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 202 && res.status !== 200)
      throw new Error(`POST records answered ${res.status}: ${text.slice(0, 1000)}`);
    const answer = JSON.parse(text) as IngestAnswer;
    const sent = Array.isArray(body) ? body.length : 1;
    if (answer.results.length !== sent)
      throw new Error(`sent ${sent} records, got ${answer.results.length} results`);
    return answer;
  }

  async sourceCounts(): Promise<SourceCounts> {
    const res = await fetch(`${this.url}/v1/sources/${sourceId}`, {
      headers: { Authorization: `Bearer ${this.key}` },
    });
    if (res.status !== 200)
      throw new Error(`GET source answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return ((await res.json()) as { records: SourceCounts }).records;
  }

  async createKey(scope: string): Promise<string> {
    const res = await fetch(`${this.url}/v1/api-keys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'benchmark ingest key', scopes: [scope] }),
    });
    if (res.status !== 201)
      throw new Error(`creating a key answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return ((await res.json()) as { key: string }).key;
  }
}

async function waitForFinished(api: HubApi, finished: number, deadline: number): Promise<SourceCounts> {
  for (;;) {
    const counts = await api.sourceCounts();
    if (counts.processed + counts.quarantined >= finished) return counts;
    if (performance.now() > deadline)
      throw new Error(`records still unfinished at the deadline: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// --- DynamoDB capacity and calls --------------------------------------------------------------------------------

const readCommands = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

interface ConsumedLike {
  CapacityUnits?: number;
}

/** Counts the DynamoDB calls the hub makes, by command, with their latency and reported capacity. */
interface CallCounter {
  reset(): void;
  snapshot(records: number): Record<string, OperationStats>;
  unitsByKind(): { read: number; write: number };
}

/**
 * The hub keeps its document client private; the benchmark reaches it through the store to add one more middleware.
 * Calls are grouped by command and by the kinds of item they touch (the pk prefix: RECORD, OUTBOX, EVENTLOG, ...),
 * which says where the capacity goes. Returns undefined (and the report says so) if the store no longer has that shape.
 */
function instrumentDynamoCalls(hub: LocalHub): CallCounter | undefined {
  type Stack = { add: (mw: unknown, options: { step: string; name: string }) => void };
  const client = (hub.deps.store as unknown as { client?: { middlewareStack?: Stack } }).client;
  if (!client?.middlewareStack) return undefined;
  type Entry = {
    command: string;
    calls: number;
    ms: number;
    units: number;
    retries: number;
    errors: Record<string, number>;
  };
  let stats = new Map<string, Entry>();
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<{ output: unknown }>, context: { commandName?: string }) =>
      async (args: { input?: unknown }) => {
        const t = performance.now();
        const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const label = `${command} ${itemKinds(command, args.input)}`.trim();
        const entry = stats.get(label) ?? { command, calls: 0, ms: 0, units: 0, retries: 0, errors: {} };
        stats.set(label, entry);
        entry.calls++;
        try {
          const result = await next(args);
          const output = result.output as {
            ConsumedCapacity?: ConsumedLike | ConsumedLike[];
            $metadata?: { attempts?: number };
          };
          entry.retries += Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
          const consumed = output.ConsumedCapacity;
          for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
            entry.units += c.CapacityUnits ?? 0;
          return result;
        } catch (error) {
          const e = error as { name?: string; $metadata?: { attempts?: number } };
          entry.retries += Math.max(0, (e.$metadata?.attempts ?? 1) - 1);
          entry.errors[e.name ?? 'Error'] = (entry.errors[e.name ?? 'Error'] ?? 0) + 1;
          throw error;
        } finally {
          entry.ms += performance.now() - t;
        }
      },
    { step: 'initialize', name: 'qiaoBenchCallCounter' },
  );
  return {
    reset: () => {
      stats = new Map();
    },
    snapshot: (records) =>
      Object.fromEntries(
        [...stats]
          .sort((a, b) => b[1].units - a[1].units || b[1].calls - a[1].calls)
          .map(([label, s]) => [
            label,
            {
              calls: s.calls,
              callsPerRecord: round(s.calls / records, 3),
              meanMs: round(s.ms / s.calls, 2),
              units: round(s.units),
              unitsPerRecord: round(s.units / records, 3),
              sdkRetries: s.retries,
              errors: s.errors,
            },
          ]),
      ),
    unitsByKind: () => {
      let read = 0;
      let write = 0;
      for (const s of stats.values()) {
        if (readCommands.has(s.command)) read += s.units;
        else write += s.units;
      }
      return { read, write };
    },
  };
}

/** The distinct kinds of item a call touches (pk prefix, plus the sk prefix when it differs: RECORD/REV), or the index a query reads. */
function itemKinds(command: string, input: unknown): string {
  const i = (input ?? {}) as Record<string, unknown>;
  if (command === 'Query' || command === 'Scan')
    return typeof i.IndexName === 'string' ? `(${i.IndexName})` : '(table)';
  const keysOf: unknown[] = [];
  if (Array.isArray(i.TransactItems)) {
    for (const t of i.TransactItems as Array<Record<string, { Item?: unknown; Key?: unknown }>>) {
      for (const op of Object.values(t)) keysOf.push(op.Item ?? op.Key);
    }
  } else if (i.RequestItems && typeof i.RequestItems === 'object') {
    for (const r of Object.values(i.RequestItems as Record<string, unknown>)) {
      if (Array.isArray(r))
        for (const w of r as Array<Record<string, { Item?: unknown; Key?: unknown }>>)
          for (const op of Object.values(w)) keysOf.push(op.Item ?? op.Key);
      else keysOf.push(...((r as { Keys?: unknown[] }).Keys ?? []));
    }
  } else {
    keysOf.push(i.Key ?? i.Item);
  }
  const kinds = new Set<string>();
  for (const k of keysOf) {
    const pk = prefixOf((k as { pk?: unknown } | undefined)?.pk);
    const sk = prefixOf((k as { sk?: unknown } | undefined)?.sk);
    if (pk) kinds.add(sk && sk !== pk ? `${pk}/${sk}` : pk);
  }
  return kinds.size ? `[${[...kinds].sort().join(',')}]` : '';
}

/** `RECORD#hotline-12345#F1` → RECORD, for a plain or a marshalled (`{ S: ... }`) string attribute. */
function prefixOf(value: unknown): string {
  const text = typeof value === 'string' ? value : (value as { S?: unknown } | undefined)?.S;
  return typeof text === 'string' ? text.split('#')[0]! : '';
}

function capacityOf(
  meter: CapacityMeter,
  records: number,
  byKind: { read: number; write: number } | undefined,
): CapacityPhase {
  if (meter.total === 0 && meter.readUnits === 0 && meter.writeUnits === 0) {
    return {
      reported: false,
      totalUnits: null,
      unitsPerRecord: null,
      readUnitsPerRecord: null,
      writeUnitsPerRecord: null,
      byOperationKind: null,
      note: 'DynamoDB reported no consumed capacity (ReturnConsumedCapacity was asked for on every call)',
    };
  }
  const split = meter.readUnits > 0 || meter.writeUnits > 0;
  return {
    reported: true,
    totalUnits: round(meter.total),
    unitsPerRecord: round(meter.total / records, 3),
    readUnitsPerRecord: split ? round(meter.readUnits / records, 3) : null,
    writeUnitsPerRecord: split ? round(meter.writeUnits / records, 3) : null,
    byOperationKind: byKind
      ? {
          readUnitsPerRecord: round(byKind.read / records, 3),
          writeUnitsPerRecord: round(byKind.write / records, 3),
        }
      : null,
    ...(split
      ? {}
      : {
          note: 'DynamoDB reported totals only, not read and write units separately; the split shown is by operation kind',
        }),
  };
}

// --- the DynamoDB Local process (Linux /proc) -----------------------------------------------------------------

/** The JVM running DynamoDB Local, a child of this process. */
function findDynamoLocalProcess(): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[1]) !== process.pid) continue;
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (cmdline.includes('DynamoDBLocal')) return Number(entry);
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    // no /proc: not Linux
  }
  return undefined;
}

function cpuTimeMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command); clock ticks are 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function peakRssMB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

// --- small helpers ------------------------------------------------------------------------------------------------

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  return {
    p50: round(at(50), 2),
    p95: round(at(95), 2),
    p99: round(at(99), 2),
    mean: round(mean, 2),
    min: round(sorted[0] ?? 0, 2),
    max: round(sorted[sorted.length - 1] ?? 0, 2),
  };
}

function subtractCounts(after: SourceCounts, before: SourceCounts): SourceCounts {
  return {
    received: after.received - before.received,
    processing: after.processing - before.processing,
    processed: after.processed - before.processed,
    quarantined: after.quarantined - before.quarantined,
    total: after.total - before.total,
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got "${value}"`);
  return n;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : String(round(n, 2)));
