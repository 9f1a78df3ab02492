/**
 * Resolution cost at scale (issue 4: "resolution cost per record with 200,000 records already stored no more than 1.5×
 * its cost with 10,000"). For each store size N:
 *
 * 1. A labelled county (county-generator.ts) of N + probe + warm-up records is generated; the probe and warm-up
 *    records are drawn at random from it and held out, the other N are what the hub already holds. With `--growth
 *    time` (the default) it is one county whose records arrive at the first size's rate (its records over `--days`),
 *    so a larger store is an older one; with `--growth density` every size spans `--days`, so a larger store is a
 *    busier county, whose time-windowed dispute blocks (a village's month) grow with it.
 * 2. Seeding: the N records are processed in arrival order by the hub's own code, in memory: the built-in adapter's
 *    source checks and mapping, `protectReport`, the Report schema, then `resolveReport` against an in-memory store
 *    (the reads resolution makes: claims, persons, disputes, value-index keys, other reports' states), its plan
 *    applied as the ingest commit would (entities, first claim wins, value-index entries with the repository's member
 *    limit and counts, review items not yet queued, the processed record state). Items are shaped by the hub's own
 *    repositories (`saveState`, `savePerson`, `saveDispute`, `claim`, `proposeReview` into a captured unit of work;
 *    value-index items as `ValueIndexRepository.add` leaves them) and written to a fresh DynamoDB Local table with
 *    BatchWriteItem (25 a call, several in flight) beside the in-memory pass: an item is written once no record has
 *    touched it for `--write-lag` records, so nearly every item is written once (one changed after its write is
 *    written again), and the rest when the pass ends. Not seeded, because processing a new record never reads them:
 *    raw revisions and their hash claims, the outbox and event log, source and stats counters.
 * 3. Probe: the held-out records go through the real pipeline in-process, one at a time (`acceptRecords`, then
 *    `ingestMessage` on the queued message), with every DynamoDB call counted by command and by the kinds of item it
 *    touches, the capacity DynamoDB Local reports, the candidates resolution compared (`entities.compared` of the
 *    record's state) and the wall time. The warm-up records go first and are not counted.
 *
 * Each size runs in a child process of its own (fresh heap, its own DynamoDB Local, in memory by default); the report
 * sets the sizes side by side with the ratio of each to the first. Seeding time is reported, not counted as cost.
 *
 *   npx tsx bench/resolution-scale.ts [--sizes 10000,200000] [--probe 300] [--warmup 20] [--seed 20240305]
 *       [--days 366] [--growth time|density] [--dynamo memory|disk] [--write-concurrency 16] [--write-lag 2000]
 *       [--heap-mb N] [--java-heap-mb 2048] [--seed-limit-minutes M] [--keep-data]
 *
 * Writes bench/results/resolution-scale-<date>.json and its entry in results/latest.json (`resolution-scale-density`
 * for `--growth density`); also `npm run bench -- resolution-scale`, with BENCH_SCALE_SIZES, BENCH_SCALE_PROBE,
 * BENCH_SCALE_WARMUP, BENCH_SCALE_SEED, BENCH_SCALE_GROWTH and BENCH_SCALE_DYNAMO.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FieldError } from '../adapters/engine/adapter.js';
import { AdapterRegistry, builtinAdapters } from '../adapters/registry.js';
import { acceptRecords } from '../functions/ingest/accept.js';
import { ingestMessage } from '../functions/ingest/ingest-message.js';
import type { SourceRecordState } from '../functions/ingest/source-record.js';
import { validateAgainst } from '../functions/ingest/validate.js';
import { createBlindIndexer } from '../functions/privacy/blind-index.js';
import { protectReport } from '../functions/privacy/protect-report.js';
import { type ResolutionPlan, resolveReport } from '../functions/resolution/resolve-report.js';
import type { ReviewItem } from '../functions/resolution/review-item.js';
import type { StoredDispute, StoredPerson } from '../functions/resolution/stored-entities.js';
import type { HubDeps } from '../functions/runtime/deps.js';
import { localCredentials, startDynamoLocal } from '../functions/runtime/local/dynamo-local.js';
import type { IngestMessage } from '../functions/runtime/ports.js';
import { CapacityMeter, createDocumentClient } from '../functions/store/client.js';
import { type Claim, EntityRepository } from '../functions/store/entity-repository.js';
import { HubStore } from '../functions/store/hub-store.js';
import { type Key, keys } from '../functions/store/keys.js';
import { RecordRepository } from '../functions/store/record-repository.js';
import type { StatsRepository } from '../functions/store/stats-repository.js';
import { StewardRepository } from '../functions/store/steward-repository.js';
import { ensureTable } from '../functions/store/table-bootstrap.js';
import { tableLayout } from '../functions/store/table-layout.js';
import { UnitOfWork } from '../functions/store/unit-of-work.js';
import { type IndexedValue, memberLimit } from '../functions/store/value-index-repository.js';
import type { Report } from '../schemas/generated/types.js';
import { Rng } from './generators/hotline-12345.js';
import { type CountyRecord, generateCounty, truthKey } from './quality/county-generator.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface ResolutionScaleOptions {
  /** Records already stored, one run per size; ratios are to the first. */
  sizes: number[];
  /** Records measured per size. */
  probe: number;
  /** Records processed before the probe, not counted (JIT, connection pool, DynamoDB Local's caches). */
  warmup: number;
  seed: number;
  /** Days over which the disputes of the first size's county start. */
  days: number;
  /**
   * `time` (the default): one county, its records arriving at the first size's rate (its records over `days`), so a
   * larger store is an older one and spans proportionally more days. `density`: every size spans `days`, so a larger
   * store is a busier county (more disputes per village and month), which also grows the time-windowed dispute blocks.
   */
  growth: 'density' | 'time';
  /** DynamoDB Local on disk (a temporary directory) or in memory. */
  dynamo: 'disk' | 'memory';
  /** BatchWriteItem calls in flight while seeding. */
  writeConcurrency: number;
  /**
   * Records the pass processes after an item last changed before the item is written (then it is most likely final;
   * one changed again is written again). Larger: fewer rewrites, a longer tail of writes after the pass.
   */
  writeLag: number;
  /** Heap of DynamoDB Local's JVM, in MB (its in-memory SQLite database lives outside the heap). */
  javaHeapMB: number;
  /** Heap of each size's child process, in MB (default: grows with the size). */
  heapMB?: number;
  /** A size whose seeding (generation, in-memory pass and writes) takes longer is stopped and reported as such. */
  seedLimitMinutes?: number;
  keepData: boolean;
}

export const defaultResolutionScaleOptions = (
  env: NodeJS.ProcessEnv = process.env,
): ResolutionScaleOptions => ({
  sizes: (env.BENCH_SCALE_SIZES ?? '10000,200000').split(',').map(Number),
  probe: Number(env.BENCH_SCALE_PROBE ?? 300),
  warmup: Number(env.BENCH_SCALE_WARMUP ?? 20),
  seed: Number(env.BENCH_SCALE_SEED ?? 20240305),
  days: 366,
  growth: env.BENCH_SCALE_GROWTH === 'density' ? 'density' : 'time',
  dynamo: env.BENCH_SCALE_DYNAMO === 'disk' ? 'disk' : 'memory',
  writeConcurrency: 16,
  writeLag: 2000,
  javaHeapMB: 2048,
  keepData: false,
});

export function parseArgs(argv: readonly string[]): ResolutionScaleOptions {
  const options: ResolutionScaleOptions = defaultResolutionScaleOptions({});
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const positive = (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} must be a whole number, got ${v}`);
      return n;
    };
    switch (arg) {
      case '--sizes':
        options.sizes = value().split(',').map(positive);
        break;
      case '--probe':
        options.probe = positive(value());
        break;
      case '--warmup':
        options.warmup = positive(value());
        break;
      case '--seed':
        options.seed = positive(value());
        break;
      case '--days':
        options.days = positive(value());
        break;
      case '--growth': {
        const v = value();
        if (v !== 'density' && v !== 'time') throw new Error('--growth is density or time');
        options.growth = v;
        break;
      }
      case '--java-heap-mb':
        options.javaHeapMB = Math.max(256, positive(value()));
        break;
      case '--dynamo': {
        const v = value();
        if (v !== 'disk' && v !== 'memory') throw new Error('--dynamo is disk or memory');
        options.dynamo = v;
        break;
      }
      case '--write-concurrency':
        options.writeConcurrency = Math.max(1, positive(value()));
        break;
      case '--write-lag':
        options.writeLag = positive(value());
        break;
      case '--heap-mb':
        options.heapMB = positive(value());
        break;
      case '--seed-limit-minutes':
        options.seedLimitMinutes = Math.max(1, positive(value()));
        break;
      case '--keep-data':
        options.keepData = true;
        break;
      default:
        throw new Error(
          `unknown argument ${arg}; usage: resolution-scale.ts [--sizes 10000,200000] [--probe 300] [--warmup 20] [--seed N] [--days 366] [--growth density|time] [--dynamo memory|disk] [--write-concurrency 16] [--write-lag 2000] [--heap-mb N] [--java-heap-mb 2048] [--seed-limit-minutes M] [--keep-data]`,
        );
    }
  }
  if (options.sizes.length === 0 || options.sizes.some((s) => s < 1)) throw new Error('--sizes must be >= 1');
  if (options.probe < 1) throw new Error('--probe must be at least 1');
  return options;
}

/** What a size's child process is told, through the environment (its command line is the parent's own). */
interface ChildTask {
  size: number;
  out: string;
  options: ResolutionScaleOptions;
}

const childTaskVariable = 'QIAO_RESOLUTION_SCALE_CHILD';

// --- results ----------------------------------------------------------------------------------------------------

export interface Stat {
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/** Per-record figures of one phase (accept, or processing with resolution), mean and percentiles over the probe. */
export interface PhaseCost {
  calls: Stat;
  callsByCommand: Record<string, Stat>;
  capacityUnits: Stat;
  /** DynamoDB Local reports totals only: read units are those of Get/BatchGet/Query/Scan, write units the rest. */
  readUnits: Stat;
  writeUnits: Stat;
  ms: Stat;
  /** Calls grouped by command and the kinds of item they touch: calls and units per record (means). */
  groups: Record<string, { callsPerRecord: number; unitsPerRecord: number; meanMs: number }>;
}

export interface SizeResult {
  storedRecords: number;
  seed: {
    generatedDisputes: number;
    generatedRecords: number;
    processed: number;
    quarantined: number;
    persons: number;
    disputes: number;
    claims: number;
    reviews: number;
    valueIndexKeys: number;
    recordStates: number;
    /** Items in the table after seeding. */
    items: number;
    /** Puts sent while seeding (an item changed after it was first written is written again). */
    itemWrites: number;
    /** BatchWriteItem calls (unprocessed items sent again count again). */
    writeCalls: number;
    /** Sampled items read back through the hub's repositories and compared with the in-memory state. */
    verified: { checked: number; mismatched: number; examples: string[] };
    /** Days the stored county spans. */
    days: number;
    /** Largest and over-limit value-index keys by namespace (how busy the blocks are). */
    valueIndex: Record<
      string,
      { keys: number; meanCount: number; maxCount: number; overMemberLimit: number; overCap100: number }
    >;
    busiestKeys: Array<{ key: string; count: number }>;
    /** Candidates the in-memory pass compared per record, over the last 1000 records it seeded. */
    comparedPerRecordAtEnd: { persons: number; disputes: number };
    ms: {
      generate: number;
      dynamoStart: number;
      /** The in-memory pass, with the writes of changed items running beside it. */
      resolveInMemory: number;
      /** Writing what was left when the pass ended. */
      writeTail: number;
      total: number;
    };
    /** CPU time of this process and of DynamoDB Local's JVM (null off Linux) during the pass and the tail. */
    cpuMs: { nodePass: number; dynamoPass: number | null; nodeTail: number; dynamoTail: number | null };
    /** Item puts per second over the whole seeding (pass and tail). */
    itemWritesPerSecond: number;
  };
  probe: {
    records: number;
    warmup: number;
    /** By the county's truth: the record's dispute already had stored records. */
    trulyOfStoredDispute: number;
    /** The hub joined the record to a dispute that was already stored. */
    joinedStoredDispute: number;
    personMentions: number;
    /** Party mentions the hub resolved to a person that was already stored. */
    linkedStoredPerson: number;
    outcomes: Record<string, number>;
    compared: { persons: Stat; disputes: Stat; total: Stat };
    accept: PhaseCost;
    process: PhaseCost;
    total: { calls: Stat; capacityUnits: Stat; ms: Stat };
  };
  memory: { nodePeakRssMB: number; dynamoPeakRssMB: number | null };
  dynamo: 'disk' | 'memory';
}

/** What a size's child reports when seeding passed `--seed-limit-minutes`. */
interface Aborted {
  aborted: { resolved: number; of: number; itemWrites: number; elapsedMs: number; generateMs: number };
}

export interface ResolutionScaleResult {
  sizes: Array<{
    size: number;
    result?: SizeResult;
    error?: string;
    aborted?: Aborted['aborted'];
    childMs: number;
  }>;
  /** Each size against the first: ratio of means (and of medians) per record. */
  ratios: Array<{
    size: number;
    base: number;
    mean: Record<string, number | null>;
    p50: Record<string, number | null>;
  }>;
}

// --- orchestration: one child process per size ------------------------------------------------------------------

const selfPath = fileURLToPath(import.meta.url);

export async function runResolutionScale(
  options: ResolutionScaleOptions,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<ResolutionScaleResult> {
  const sizes: ResolutionScaleResult['sizes'] = [];
  for (const size of options.sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-scale-result-'));
    const out = join(dir, 'result.json');
    const heapMB = options.heapMB ?? Math.max(4096, Math.ceil(2048 + size * 0.035));
    const task: ChildTask = { size, out, options };
    const env = {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapMB}`.trim(),
      [childTaskVariable]: JSON.stringify(task),
    };
    const args = [...process.execArgv, relative(process.cwd(), selfPath)];
    log(`\n-- ${size.toLocaleString('en')} records stored (child process, heap ${heapMB} MB)`);
    const t = performance.now();
    let signal: NodeJS.Signals | null = null;
    let interrupted = false;
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
      const forward = () => {
        interrupted = true;
        child.kill('SIGTERM');
      };
      process.once('SIGINT', forward);
      process.once('SIGTERM', forward);
      child.on('exit', (c, s) => {
        process.off('SIGINT', forward);
        process.off('SIGTERM', forward);
        signal = s;
        done(c);
      });
    });
    const childMs = Math.round(performance.now() - t);
    if (interrupted) {
      rmSync(dir, { recursive: true, force: true });
      throw new InterruptedError(`interrupted while ${size} records were being stored; nothing recorded`);
    }
    const written = existsSync(out)
      ? (JSON.parse(readFileSync(out, 'utf8')) as SizeResult | Aborted)
      : undefined;
    if (code === 0 && written && !('aborted' in written)) {
      sizes.push({ size, result: written, childMs });
      log(formatResolutionScale({ sizes: [{ size, result: written, childMs }], ratios: [] }, options));
    } else {
      const aborted = written && 'aborted' in written ? written.aborted : undefined;
      sizes.push({
        size,
        error: aborted
          ? `seeding stopped at the time limit: ${aborted.resolved} of ${aborted.of} records resolved and ${aborted.itemWrites} items written in ${Math.round(aborted.elapsedMs / 1000)} s`
          : `child process ${signal ? `ended by ${signal}` : `exited with ${code}`}`,
        ...(aborted ? { aborted } : {}),
        childMs,
      });
      log(`   size ${size} failed: ${sizes.at(-1)!.error}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { sizes, ratios: ratiosOf(sizes) };
}

export class InterruptedError extends Error {}

const ratioMetrics: Record<string, (r: SizeResult) => Stat> = {
  'process calls': (r) => r.probe.process.calls,
  'process capacity units': (r) => r.probe.process.capacityUnits,
  'process read units': (r) => r.probe.process.readUnits,
  'process write units': (r) => r.probe.process.writeUnits,
  'process ms': (r) => r.probe.process.ms,
  'candidates compared': (r) => r.probe.compared.total,
  'person candidates': (r) => r.probe.compared.persons,
  'dispute candidates': (r) => r.probe.compared.disputes,
  'accept + process calls': (r) => r.probe.total.calls,
  'accept + process capacity units': (r) => r.probe.total.capacityUnits,
  'accept + process ms': (r) => r.probe.total.ms,
};

function ratiosOf(sizes: ResolutionScaleResult['sizes']): ResolutionScaleResult['ratios'] {
  const base = sizes[0];
  if (!base?.result) return [];
  const ratio = (a: number, b: number) => (b === 0 ? null : round(a / b, 3));
  return sizes.slice(1).flatMap((s) => {
    if (!s.result) return [];
    const mean: Record<string, number | null> = {};
    const p50: Record<string, number | null> = {};
    for (const [name, of] of Object.entries(ratioMetrics)) {
      mean[name] = ratio(of(s.result).mean, of(base.result!).mean);
      p50[name] = ratio(of(s.result).p50, of(base.result!).p50);
    }
    return [{ size: s.size, base: base.size, mean, p50 }];
  });
}

export function formatResolutionScale(
  result: ResolutionScaleResult,
  options: ResolutionScaleOptions,
): string {
  const done = result.sizes.filter((s) => s.result);
  const lines: string[] = [];
  const head = (label: string) => label.padEnd(34);
  const cell = (v: string) => v.padStart(22);
  lines.push(
    `Resolution cost per record by store size (${options.probe} probe records each, after ${options.warmup} warm-up; mean / p50)`,
  );
  lines.push('');
  lines.push(`${head('records stored')}${done.map((s) => cell(s.size.toLocaleString('en'))).join('')}`);
  const row = (label: string, of: (r: SizeResult) => string) =>
    lines.push(`${head(label)}${done.map((s) => cell(of(s.result!))).join('')}`);
  const stat = (s: Stat, digits = 2) => `${fmt(s.mean, digits)} / ${fmt(s.p50, digits)}`;
  row('persons / disputes stored', (r) => `${r.seed.persons} / ${r.seed.disputes}`);
  row('value-index keys', (r) => String(r.seed.valueIndexKeys));
  row('days the county spans', (r) => String(r.seed.days));
  row('items in the table / puts', (r) => `${r.seed.items} / ${r.seed.itemWrites}`);
  row('seeding s (gen/pass/tail/all)', (r) =>
    [r.seed.ms.generate, r.seed.ms.resolveInMemory, r.seed.ms.writeTail, r.seed.ms.total]
      .map((m) => Math.round(m / 1000))
      .join('/'),
  );
  row('busiest place-month key', (r) => String(r.seed.valueIndex['d:place-month']?.maxCount ?? 0));
  row('mean place-month key', (r) => String(r.seed.valueIndex['d:place-month']?.meanCount ?? 0));
  lines.push('');
  lines.push('processing (ingestMessage: map, resolve, index, commit):');
  row('  DynamoDB calls', (r) => stat(r.probe.process.calls));
  const commands = [
    ...new Set(done.flatMap((s) => Object.keys(s.result!.probe.process.callsByCommand))),
  ].sort();
  for (const c of commands)
    row(`    ${c}`, (r) => {
      const s = r.probe.process.callsByCommand[c];
      return s ? stat(s) : '-';
    });
  row('  capacity units', (r) => stat(r.probe.process.capacityUnits));
  row('    read (Get/BatchGet)', (r) => stat(r.probe.process.readUnits));
  row('    write', (r) => stat(r.probe.process.writeUnits));
  row('  candidates compared', (r) => stat(r.probe.compared.total));
  row('    persons', (r) => stat(r.probe.compared.persons));
  row('    disputes', (r) => stat(r.probe.compared.disputes));
  row('  ms', (r) => stat(r.probe.process.ms, 1));
  lines.push('accept (acceptRecords, one record):');
  row('  DynamoDB calls', (r) => stat(r.probe.accept.calls));
  row('  capacity units', (r) => stat(r.probe.accept.capacityUnits));
  row('  ms', (r) => stat(r.probe.accept.ms, 1));
  lines.push('probe records:');
  row('  truly of a stored dispute', (r) => `${r.probe.trulyOfStoredDispute} of ${r.probe.records}`);
  row('  joined a stored dispute', (r) => `${r.probe.joinedStoredDispute} of ${r.probe.records}`);
  row('  mentions → stored person', (r) => `${r.probe.linkedStoredPerson} of ${r.probe.personMentions}`);
  for (const r of result.ratios) {
    lines.push('');
    lines.push(
      `ratio ${r.size.toLocaleString('en')} / ${r.base.toLocaleString('en')} (mean, p50; target ≤ 1.5):`,
    );
    for (const name of Object.keys(r.mean))
      lines.push(
        `  ${name.padEnd(34)}${fmt(r.mean[name] ?? null, 3).padStart(8)}${fmt(r.p50[name] ?? null, 3).padStart(8)}`,
      );
  }
  for (const s of result.sizes.filter((x) => x.error)) lines.push(`\nsize ${s.size}: ${s.error}`);
  return lines.join('\n');
}

const fmt = (v: number | null, digits: number) => (v === null ? 'n/a' : v.toFixed(digits));

// --- one size (the child process) -------------------------------------------------------------------------------

const blindIndexKey = 'resolution-scale-benchmark-key-0123456789abcdef';
const apiKeyId = 'key_resolution_scale';

async function runOneSize(
  options: ResolutionScaleOptions,
  size: number,
  log: (line: string) => void,
): Promise<SizeResult | Aborted> {
  const started = performance.now();
  const wanted = size + options.probe + options.warmup;
  const days =
    options.growth === 'time' ? Math.round((options.days * size) / (options.sizes[0] ?? size)) : options.days;

  // DynamoDB Local starts (and its JVM warms up) while the county is generated.
  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-scale-'));
  if (!process.env.JAVA_TOOL_OPTIONS?.includes('-Xmx'))
    process.env.JAVA_TOOL_OPTIONS =
      `${process.env.JAVA_TOOL_OPTIONS ?? ''} -Xmx${options.javaHeapMB}m`.trim();
  let t = performance.now();
  let dynamoStartMs = 0;
  const dynamoStarting = startDynamoLocal(
    options.dynamo === 'disk' ? { dataDir: join(dataDir, 'dynamodb') } : {},
  ).then((d) => {
    dynamoStartMs = performance.now() - t;
    return d;
  });
  dynamoStarting.catch(() => undefined);
  // Stopped (SIGINT, SIGTERM): DynamoDB Local's JVM and the data go with this process.
  const onSignal = (signal: NodeJS.Signals) => {
    void dynamoStarting
      .then((d) => d.stop())
      .catch(() => undefined)
      .finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Failed (a write DynamoDB Local refused, say): its JVM and the data go too, then the error is reported.
  try {
    return await measureSize();
  } catch (error) {
    await dynamoStarting.then((d) => d.stop()).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  async function measureSize(): Promise<SizeResult | Aborted> {
    // 1. The county, and which of its records are held out for the probe.
    t = performance.now();
    let disputes = Math.ceil(wanted / 2.15);
    let county = generateCounty({ disputes, seed: options.seed, days });
    while (county.records.length < wanted) {
      disputes = Math.ceil(disputes * 1.03) + 10;
      county = generateCounty({ disputes, seed: options.seed, days });
    }
    const generatedRecords = county.records.length;
    const records = county.records.slice(0, wanted);
    const trueDispute = new Map(
      records.map((r) => [
        truthKey(r.sourceId, r.sourceRecordId),
        county.truth.get(truthKey(r.sourceId, r.sourceRecordId))!.disputeId,
      ]),
    );
    county = undefined as never;
    const pick = new Rng(options.seed ^ 0x51ce);
    const order = records.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(pick.float() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const warmupSet = new Set(order.slice(0, options.warmup));
    const probeSet = new Set(order.slice(options.warmup, options.warmup + options.probe));
    const warmupRecords = records.filter((_, i) => warmupSet.has(i));
    const probeRecords = records.filter((_, i) => probeSet.has(i));
    const seedRecords = records.filter((_, i) => !warmupSet.has(i) && !probeSet.has(i));
    records.length = 0; // each raw record is let go once the pass has processed it
    const generateMs = performance.now() - t;
    log(
      `   county over ${days} days: ${disputes} disputes, ${generatedRecords} records generated (${ms(generateMs)}); ${seedRecords.length} to store, ${warmupRecords.length} warm-up, ${probeRecords.length} probe`,
    );

    const dynamo = await dynamoStarting;
    const meter = new CapacityMeter();
    const client = createDocumentClient(
      { endpoint: dynamo.endpoint, region: 'local', credentials: localCredentials, maxAttempts: 10 },
      meter,
    );
    const tableName = 'qiao-scale';
    await ensureTable(client as never, tableName);
    // The table's stream (which DynamoDB Local keeps as rows of its own) is off while seeding and on again for the probe.
    const streamOn = await setStream(client, tableName, false);

    // 2. The hub's state after processing the stored records one at a time, built in memory; meanwhile the items no
    //    record has changed for a while are written (see SeedWriter), asking DynamoDB Local for no capacity figures
    //    (computing them costs it a good part of each put; the probe's client asks for them).
    const dynamoPid = findDynamoLocalProcess();
    const cpu = cpuClock(dynamoPid);
    t = performance.now();
    const memory = new MemoryHub(tableName);
    const writer = new SeedWriter(
      memory,
      dynamo.endpoint,
      tableName,
      options.writeConcurrency,
      options.writeLag,
    );
    const registry = new AdapterRegistry(builtinAdapters());
    const indexer = createBlindIndexer(blindIndexKey);
    const recentCompared: Array<{ persons: number; disputes: number }> = [];
    let quarantined = 0;
    let lastYield = performance.now();
    for (const [i, record] of seedRecords.entries()) {
      const compared = await memory.process(record, registry, indexer);
      if (compared) {
        recentCompared.push(compared);
        if (recentCompared.length > 1000) recentCompared.shift();
      } else quarantined++;
      seedRecords[i] = undefined as never; // the raw record is no longer needed
      writer.pump();
      // Resolution only awaits in-memory promises: let the writer's I/O in every few milliseconds.
      if (performance.now() - lastYield > 4) {
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
      if (options.seedLimitMinutes && performance.now() - started > options.seedLimitMinutes * 60_000) {
        const aborted: Aborted = {
          aborted: {
            resolved: i + 1,
            of: seedRecords.length,
            itemWrites: writer.written,
            elapsedMs: Math.round(performance.now() - started),
            generateMs: Math.round(generateMs),
          },
        };
        log(`   seeding limit of ${options.seedLimitMinutes} minutes reached after ${i + 1} records`);
        // The calls in flight fail once the clients are gone; nothing waits for them.
        writer.stop();
        client.destroy();
        await dynamo.stop();
        rmSync(dataDir, { recursive: true, force: true });
        return aborted;
      }
      if ((i + 1) % 5_000 === 0)
        log(
          `   resolved ${i + 1} of ${seedRecords.length} in memory (${ms(performance.now() - t)}, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB), ${writer.written} items written, ${memory.dirtyCount()} waiting`,
        );
    }
    const resolveMs = performance.now() - t;
    const passCpu = cpu.lap();
    log(
      `   in memory: ${memory.persons.size} persons, ${memory.disputes.size} disputes, ${memory.claims.size} claims, ${memory.index.size} value-index keys, ${memory.reviews.size} reviews (${ms(resolveMs)}; CPU ${ms(passCpu.node)} node, ${passCpu.dynamo === null ? '?' : ms(passCpu.dynamo)} DynamoDB Local); ${writer.written} items written so far, ${memory.dirtyCount()} to write`,
    );
    t = performance.now();
    await writer.drain();
    const writeTailMs = performance.now() - t;
    const tailCpu = cpu.lap();
    const itemWrites = writer.written;
    if (streamOn) await setStream(client, tableName, true);
    const items = memory.itemCount();
    const seedMs = performance.now() - started;
    log(
      `   seeded ${items} items with ${itemWrites} puts in ${writer.calls} calls (tail ${ms(writeTailMs)}; CPU ${ms(tailCpu.node)} node, ${tailCpu.dynamo === null ? '?' : ms(tailCpu.dynamo)} DynamoDB Local; seeding ${ms(seedMs)} in all)`,
    );
    const verified = await memory.verify(
      new HubStore(client, tableName),
      new Rng(options.seed ^ 0x7e51),
      100,
    );
    if (verified.mismatched)
      log(
        `   WARNING: ${verified.mismatched} of ${verified.checked} sampled items differ from the in-memory state`,
      );
    const seedStats = memory.stats();
    const storedRecords = memory.states.size;
    const seededPersons = new Set(memory.persons.keys());
    const seededDisputes = new Set(memory.disputes.keys());
    const seededTruthDisputes = new Set(memory.seededTruth(trueDispute));
    const seed: SizeResult['seed'] = {
      generatedDisputes: disputes,
      generatedRecords,
      days,
      processed: storedRecords - quarantined,
      quarantined,
      persons: memory.persons.size,
      disputes: memory.disputes.size,
      claims: memory.claims.size,
      reviews: memory.reviews.size,
      valueIndexKeys: memory.index.size,
      recordStates: storedRecords,
      items,
      itemWrites,
      writeCalls: writer.calls,
      verified,
      ...seedStats,
      comparedPerRecordAtEnd: {
        persons: round(mean(recentCompared.map((c) => c.persons)), 2),
        disputes: round(mean(recentCompared.map((c) => c.disputes)), 2),
      },
      ms: {
        generate: Math.round(generateMs),
        dynamoStart: Math.round(dynamoStartMs),
        resolveInMemory: Math.round(resolveMs),
        writeTail: Math.round(writeTailMs),
        total: Math.round(seedMs),
      },
      cpuMs: {
        nodePass: Math.round(passCpu.node),
        dynamoPass: passCpu.dynamo === null ? null : Math.round(passCpu.dynamo),
        nodeTail: Math.round(tailCpu.node),
        dynamoTail: tailCpu.dynamo === null ? null : Math.round(tailCpu.dynamo),
      },
      itemWritesPerSecond: Math.round(itemWrites / ((resolveMs + writeTailMs) / 1000)),
    };
    memory.release();

    // 4. The probe, through the real pipeline.
    const calls = instrument(client);
    let now = new Date();
    const sent: IngestMessage[] = [];
    const store = new HubStore(client, tableName);
    const deps: HubDeps = {
      store,
      queue: { send: async (m) => void sent.push(...m) },
      bus: { put: async () => undefined },
      clock: { now: () => now },
      blindIndexer: indexer,
      adapters: new AdapterRegistry(builtinAdapters(), store.sources),
      eventSource: 'urn:qiao:hub:resolution-scale',
      maxBodyBytes: 10 * 1024 * 1024,
    };
    const samples: Array<{
      accept: CallSample;
      process: CallSample;
      compared: { persons: number; disputes: number };
    }> = [];
    const outcomes: Record<string, number> = {};
    let joinedStoredDispute = 0;
    let personMentions = 0;
    let linkedStoredPerson = 0;
    let trulyOfStoredDispute = 0;
    const all = [
      ...warmupRecords.map((r) => ({ r, warm: true })),
      ...probeRecords.map((r) => ({ r, warm: false })),
    ];
    t = performance.now();
    for (const { r, warm } of all) {
      now = new Date(r.receivedAt);
      calls.start();
      const a0 = performance.now();
      await acceptRecords(deps, {
        sourceId: r.sourceId,
        apiKeyId,
        contentType: 'application/json',
        records: [r.raw],
      });
      const accept = calls.stop(performance.now() - a0);
      const messages = sent.splice(0);
      calls.start();
      const p0 = performance.now();
      for (const m of messages) {
        const outcome = await ingestMessage(deps, m);
        if (!warm) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      const processed = calls.stop(performance.now() - p0);
      if (warm) continue;
      const state = await store.records.get(r.sourceId, r.sourceRecordId);
      const compared = state?.entities?.compared ?? { persons: 0, disputes: 0 };
      samples.push({ accept, process: processed, compared });
      if (state?.entities?.disputeId && seededDisputes.has(state.entities.disputeId)) joinedStoredDispute++;
      if (seededTruthDisputes.has(trueDispute.get(truthKey(r.sourceId, r.sourceRecordId))!))
        trulyOfStoredDispute++;
      for (const id of state?.entities?.partyPersonIds ?? []) {
        if (!id) continue;
        personMentions++;
        if (seededPersons.has(id)) linkedStoredPerson++;
      }
    }
    log(`   probe: ${samples.length} records measured (${ms(performance.now() - t)})`);
    const phase = (which: 'accept' | 'process') => phaseCost(samples.map((s) => s[which]));
    const result: SizeResult = {
      storedRecords,
      seed,
      probe: {
        records: samples.length,
        warmup: warmupRecords.length,
        trulyOfStoredDispute,
        joinedStoredDispute,
        personMentions,
        linkedStoredPerson,
        outcomes,
        compared: {
          persons: statOf(samples.map((s) => s.compared.persons)),
          disputes: statOf(samples.map((s) => s.compared.disputes)),
          total: statOf(samples.map((s) => s.compared.persons + s.compared.disputes)),
        },
        accept: phase('accept'),
        process: phase('process'),
        total: {
          calls: statOf(samples.map((s) => s.accept.calls + s.process.calls)),
          capacityUnits: statOf(samples.map((s) => s.accept.units + s.process.units)),
          ms: statOf(samples.map((s) => s.accept.ms + s.process.ms)),
        },
      },
      memory: { nodePeakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), dynamoPeakRssMB: null },
      dynamo: options.dynamo,
    };
    const pid = findDynamoLocalProcess();
    if (pid) result.memory.dynamoPeakRssMB = peakRssMB(pid);
    client.destroy();
    await dynamo.stop();
    if (options.keepData) log(`   data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
    return result;
  }
}

// --- the hub's state, in memory ---------------------------------------------------------------------------------

/**
 * What the store holds after processing records one at a time, kept in maps, with the reads resolution makes served
 * from them. Entities are replaced whole on every change, as the store does; nothing read is mutated in place.
 */
class MemoryHub {
  persons = new Map<string, StoredPerson>();
  disputes = new Map<string, StoredDispute>();
  claims = new Map<string, Claim>();
  /** Value-index keys: up to memberLimit ids, the count, and the ids sorted as a read returns them (until one is added). */
  index = new Map<string, { ids: Set<string>; n: number; sorted?: string[] }>();
  states = new Map<string, SourceRecordState>();
  reviews = new Map<string, ReviewItem>();
  /**
   * Items changed since they were last taken for writing: kind letter and key, to the record (its sequence number in
   * the pass) that last changed the item. A change moves the entry to the end, so the map runs from the item left
   * alone longest to the one changed last, and the items no record has touched for a while come off its front.
   */
  private dirty = new Map<string, number>();
  /** Records processed so far. */
  seq = 0;
  private now = new Date();

  private readonly store = {
    entities: {
      getClaims: async (wanted: Array<{ kind: string; value: string }>): Promise<Claim[]> =>
        [...new Set(wanted.map((w) => `${w.kind}#${w.value}`))].flatMap((k) => {
          const c = this.claims.get(k);
          return c ? [c] : [];
        }),
      getPerson: async (id: string) => this.persons.get(id),
      getPersons: async (ids: readonly string[]) =>
        [...new Set(ids)].flatMap((id) => {
          const p = this.persons.get(id);
          return p ? [p] : [];
        }),
      getDisputes: async (ids: readonly string[]) =>
        [...new Set(ids)].flatMap((id) => {
          const d = this.disputes.get(id);
          return d ? [d] : [];
        }),
      currentPerson: async (id: string) => follow(id, (x) => this.persons.get(x)),
      currentDispute: async (id: string) => follow(id, (x) => this.disputes.get(x)),
      personRedirects: async (ids: ReadonlyArray<string | null>) => {
        const out = new Map<string, string>();
        for (const id of new Set(ids)) {
          const p = id ? this.persons.get(id) : undefined;
          if (p?.mergedInto)
            out.set(p.id, follow(p.mergedInto, (x) => this.persons.get(x))?.id ?? p.mergedInto);
        }
        return out;
      },
    },
    valueIndex: {
      read: async (indexKeys: readonly string[]) => {
        const out = new Map<string, IndexedValue>();
        for (const key of new Set(indexKeys)) {
          const item = this.index.get(key);
          if (item) item.sorted ??= [...item.ids].sort();
          out.set(key, { key, count: item?.n ?? 0, entityIds: item?.sorted ? [...item.sorted] : [] });
        }
        return out;
      },
    },
    records: {
      batchGetStates: async (refs: Array<{ sourceId: string; sourceRecordId: string }>) =>
        refs.flatMap((r) => {
          const s = this.states.get(truthKey(r.sourceId, r.sourceRecordId));
          return s ? [s] : [];
        }),
    },
  };

  private readonly deps = {
    store: this.store as unknown as HubStore,
    clock: { now: () => this.now },
  };

  /**
   * Processes one record as `ingestMessage` does (checks, adapter, protection, schema, resolution, commit) and returns
   * the candidates compared, or undefined when the record went to quarantine.
   */
  async process(
    record: CountyRecord,
    registry: AdapterRegistry,
    indexer: ReturnType<typeof createBlindIndexer>,
  ): Promise<{ persons: number; disputes: number } | undefined> {
    this.seq++;
    this.now = new Date(record.receivedAt);
    const at = this.now.toISOString();
    const adapter = await registry.resolve(record.sourceId);
    const received: SourceRecordState = {
      sourceId: record.sourceId,
      sourceRecordId: adapter.recordIdOf(record.raw) ?? record.sourceRecordId,
      status: 'processing',
      latestRevision: 1,
      finishedRevision: 0,
      stateVersion: 2,
      firstReceivedAt: at,
      updatedAt: at,
      attempts: 1,
    };
    const errors: FieldError[] = registry.validateSource(adapter, record.raw);
    const mapped = errors.length
      ? { ok: false as const, errors, warnings: [] }
      : await adapter.map(record.raw, { receivedAt: at });
    const all: FieldError[] = mapped.ok ? [] : mapped.errors.map((e) => ({ ...e, stage: e.stage ?? 'map' }));
    const report: Report | undefined = mapped.ok ? protectReport(mapped.report, indexer) : undefined;
    if (report) all.push(...validateAgainst('report', report));
    const finished = {
      ...received,
      finishedRevision: 1,
      adapterVersion: adapter.version,
      stateVersion: 3,
      ...(mapped.warnings.length ? { warnings: mapped.warnings } : {}),
    };
    const key = truthKey(received.sourceId, received.sourceRecordId);
    if (all.length || !report) {
      this.states.set(key, { ...finished, status: 'quarantined', errors: all });
      this.touch('s', key);
      return undefined;
    }
    const plan = await resolveReport(this.deps, { report, previous: received });
    this.apply(plan);
    this.touch('s', key);
    this.states.set(key, {
      ...finished,
      status: 'processed',
      report,
      entities: { ...plan.entities, compared: plan.compared },
    });
    return plan.compared;
  }

  /** The ingest commit: value-index entries, entities, reviews not yet queued, claims (first holder wins). */
  private apply(plan: ResolutionPlan): void {
    for (const { key, entityId } of plan.index) {
      const item = this.index.get(key);
      if (!item) this.index.set(key, { ids: new Set([entityId]), n: 1 });
      else if (item.ids.has(entityId)) continue;
      else if (item.n < memberLimit) {
        item.ids.add(entityId);
        item.sorted = undefined;
        item.n++;
      } else item.n++;
      this.touch('i', key);
    }
    this.disputes.set(plan.dispute.entity.id, plan.dispute.entity);
    this.touch('d', plan.dispute.entity.id);
    for (const p of plan.persons) {
      this.persons.set(p.entity.id, p.entity);
      this.touch('p', p.entity.id);
    }
    for (const r of plan.reviews) {
      if (this.reviews.has(r.id)) continue;
      this.reviews.set(r.id, r);
      this.touch('r', r.id);
    }
    for (const c of plan.claims) {
      const k = `${c.kind}#${c.value}`;
      if (this.claims.has(k)) continue;
      this.claims.set(k, c);
      this.touch('c', k);
    }
  }

  private touch(kind: ItemKind, key: string): void {
    const entry = kind + key;
    this.dirty.delete(entry);
    this.dirty.set(entry, this.seq);
  }

  /** Items changed and not yet taken for writing. */
  dirtyCount(): number {
    return this.dirty.size;
  }

  /**
   * Takes up to `max` changed items that no record after `coldAfter` (a sequence number) has touched, oldest first,
   * shaped as the hub stores them, with their content as it is now. An entry whose earlier version is still being
   * written (`inFlight`) is left for later, marked as changed now, so versions of one item never race.
   */
  takeCold(
    coldAfter: number,
    max: number,
    inFlight: ReadonlySet<string>,
  ): Array<{ entry: string; item: Record<string, unknown> }> {
    const out: Array<{ entry: string; item: Record<string, unknown> }> = [];
    const busy: string[] = [];
    for (const [entry, seq] of this.dirty) {
      if (seq > coldAfter || out.length >= max) break;
      this.dirty.delete(entry);
      if (inFlight.has(entry)) busy.push(entry);
      else for (const item of this.shape(entry)) out.push({ entry, item });
    }
    for (const entry of busy) this.dirty.set(entry, this.seq);
    return out;
  }

  itemCount(): number {
    return (
      this.states.size +
      this.persons.size +
      this.disputes.size +
      this.claims.size +
      this.reviews.size +
      this.index.size
    );
  }

  /**
   * Reads a sample of each kind of item back through the hub's own repositories and compares it with the state built
   * in memory: the table holds what the hub would read.
   */
  async verify(store: HubStore, rng: Rng, perKind: number): Promise<SizeResult['seed']['verified']> {
    const sample = <T>(values: Iterable<T>): T[] => {
      const all = [...values];
      return Array.from(
        { length: Math.min(perKind, all.length) },
        () => all[Math.floor(rng.float() * all.length)]!,
      );
    };
    const out: SizeResult['seed']['verified'] = { checked: 0, mismatched: 0, examples: [] };
    const check = (what: string, stored: unknown, expected: unknown) => {
      out.checked++;
      if (canonical(stored) === canonical(expected)) return;
      out.mismatched++;
      if (out.examples.length < 5) out.examples.push(what);
    };
    const persons = sample(this.persons.keys());
    const gotPersons = new Map((await store.entities.getPersons(persons)).map((p) => [p.id, p]));
    for (const id of persons) check(`person ${id}`, gotPersons.get(id), this.persons.get(id));
    const disputes = sample(this.disputes.keys());
    const gotDisputes = new Map((await store.entities.getDisputes(disputes)).map((d) => [d.id, d]));
    for (const id of disputes) check(`dispute ${id}`, gotDisputes.get(id), this.disputes.get(id));
    const indexKeys = sample(this.index.keys());
    const read = await store.valueIndex.read(indexKeys);
    for (const key of indexKeys) {
      const item = this.index.get(key)!;
      check(`index ${key}`, read.get(key), { key, count: item.n, entityIds: [...item.ids].sort() });
    }
    const claims = sample(this.claims.values());
    const gotClaims = new Map(
      (await store.entities.getClaims(claims)).map((c) => [`${c.kind}#${c.value}`, c]),
    );
    for (const c of claims) check(`claim ${c.kind}#${c.value}`, gotClaims.get(`${c.kind}#${c.value}`), c);
    for (const state of sample(this.states.values()))
      check(
        `record ${state.sourceId}/${state.sourceRecordId}`,
        await store.records.get(state.sourceId, state.sourceRecordId),
        state,
      );
    return out;
  }

  /** The true disputes that have at least one stored record. */
  seededTruth(trueDispute: Map<string, string>): string[] {
    return [...this.states.keys()].map((k) => trueDispute.get(k)!).filter(Boolean);
  }

  stats(): Pick<SizeResult['seed'], 'valueIndex' | 'busiestKeys'> {
    const byNamespace: SizeResult['seed']['valueIndex'] = {};
    const busiest: Array<{ key: string; count: number }> = [];
    for (const [key, { n }] of this.index) {
      const ns = key.startsWith('n:')
        ? key
        : key.startsWith('p:') || key.startsWith('d:') || key.startsWith('f:')
          ? key.split(':').slice(0, 2).join(':')
          : key;
      const s = byNamespace[ns] ?? { keys: 0, meanCount: 0, maxCount: 0, overMemberLimit: 0, overCap100: 0 };
      byNamespace[ns] = s;
      s.keys++;
      s.meanCount += n;
      s.maxCount = Math.max(s.maxCount, n);
      if (n > memberLimit) s.overMemberLimit++;
      if (n > 100) s.overCap100++;
      if (!key.startsWith('n:') && !key.startsWith('f:')) {
        busiest.push({ key, count: n });
        if (busiest.length > 40) {
          busiest.sort((a, b) => b.count - a.count);
          busiest.length = 20;
        }
      }
    }
    for (const s of Object.values(byNamespace)) s.meanCount = round(s.meanCount / s.keys, 2);
    return {
      valueIndex: Object.fromEntries(Object.entries(byNamespace).sort(([a], [b]) => a.localeCompare(b))),
      busiestKeys: busiest.sort((a, b) => b.count - a.count).slice(0, 12),
    };
  }

  /**
   * An item as the hub stores it, shaped by its own repositories: the Put items they add to a unit of work (its
   * counter updates, which are not seeded, left out; so the figures' counter delta of a dispute is not computed); a
   * value-index item as `ValueIndexRepository.add` leaves it (the key, up to memberLimit ids as a string set, the count).
   */
  private shape(entry: string): Array<Record<string, unknown>> {
    const key = entry.slice(1);
    const { uow, repositories: r, captured } = this.shaping;
    switch (entry[0] as ItemKind) {
      case 's': {
        const state = this.states.get(key);
        if (state) r.records.saveState(uow, state, undefined);
        break;
      }
      case 'p': {
        const person = this.persons.get(key);
        if (person) r.entities.savePerson(uow, person, undefined);
        break;
      }
      case 'd': {
        const dispute = this.disputes.get(key);
        if (dispute) r.entities.saveDispute(uow, dispute, undefined);
        break;
      }
      case 'c': {
        const claim = this.claims.get(key);
        if (claim) r.entities.claim(uow, claim);
        break;
      }
      case 'r': {
        const review = this.reviews.get(key);
        if (review) r.steward.proposeReview(uow, review);
        break;
      }
      case 'i': {
        const item = this.index.get(key);
        if (item)
          captured.push({ ...keys.valueIndex(key), indexKey: key, ids: new Set(item.ids), n: item.n });
        break;
      }
    }
    return captured.splice(0);
  }

  private readonly shaping: {
    captured: Array<Record<string, unknown>>;
    uow: UnitOfWork;
    repositories: { records: RecordRepository; entities: EntityRepository; steward: StewardRepository };
  };

  constructor(tableName: string) {
    const captured: Array<Record<string, unknown>> = [];
    const unused = {} as DynamoDBDocumentClient; // shaping never reads or writes
    const noCounters = { countChange: () => undefined } as unknown as StatsRepository;
    this.shaping = {
      captured,
      uow: new CapturingUnitOfWork(unused, tableName, captured),
      repositories: {
        records: new RecordRepository(unused, tableName),
        entities: new EntityRepository(unused, tableName, noCounters),
        steward: new StewardRepository(unused, tableName),
      },
    };
  }

  release(): void {
    this.states.clear();
    this.persons.clear();
    this.disputes.clear();
    this.claims.clear();
    this.reviews.clear();
    this.index.clear();
  }
}

/** JSON with object keys sorted and undefined left out: equal for equal content whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Kinds of seeded item: record state, person, dispute, claim, review item, value-index key. */
type ItemKind = 'c' | 'd' | 'i' | 'p' | 'r' | 's';

/**
 * A unit of work that keeps the items put into it and is never committed: the repositories shape seeded items through
 * it exactly as they do for a transaction. Counter moves (`addToCounter`, and the updates they become) are not seeded.
 */
class CapturingUnitOfWork extends UnitOfWork {
  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    private readonly sink: Array<Record<string, unknown>>,
  ) {
    super(client, tableName);
  }

  override put(_label: string, item: Key & Record<string, unknown>): this {
    this.sink.push(item);
    return this;
  }

  override update(): this {
    return this;
  }

  override addToCounter(): this {
    return this;
  }

  override check(): this {
    return this;
  }

  override beforeCommit(): this {
    throw new Error('seeding shapes items without reading the table');
  }

  override async commit(): Promise<void> {
    throw new Error('a capturing unit of work is never committed');
  }
}

function follow<T extends { mergedInto?: string }>(
  id: string,
  get: (id: string) => T | undefined,
): T | undefined {
  let entity = get(id);
  for (let hops = 0; entity?.mergedInto && hops < 16; hops++) entity = get(entity.mergedInto);
  return entity;
}

/** Turns the table's stream off or on; false when DynamoDB Local will not (the stream then stays as it was). */
async function setStream(
  client: DynamoDBDocumentClient,
  tableName: string,
  enabled: boolean,
): Promise<boolean> {
  try {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: enabled
          ? { StreamEnabled: true, StreamViewType: tableLayout.streamViewType }
          : { StreamEnabled: false },
      }),
    );
    return true;
  } catch (error) {
    process.stderr.write(`   could not turn the stream ${enabled ? 'on' : 'off'}: ${String(error)}\n`);
    return false;
  }
}

/**
 * Writes the in-memory hub's changed items to the table beside the pass: BatchWriteItem, 25 items a call, up to
 * `concurrency` calls in flight, unprocessed items sent again. An item is taken once no record has touched it for
 * `lag` records (records arrive in time order, so most items are then final and written once); at the end, `drain`
 * writes the rest. `pump` starts what can be started: call it after every record (it costs nothing when no item is cold
 * or no call is free); finished calls pump too.
 *
 * The calls go straight to DynamoDB Local over HTTP with the items encoded by `attributeJson`, as the document client
 * marshals them; the SDK's marshalling, serialisation and signing cost the pass's thread several times more than
 * writing JSON does (the probe and the read-back check use the SDK as the hub does).
 */
class SeedWriter {
  /** Item puts sent. */
  written = 0;
  /** BatchWriteItem calls (unprocessed items sent again count again). */
  calls = 0;
  private running = 0;
  private final = false;
  private failure: unknown;
  private readonly inFlight = new Set<string>();
  private idle: (() => void) | undefined;
  private readonly agent: Agent;
  private readonly url: URL;
  private readonly head: string;

  constructor(
    private readonly memory: MemoryHub,
    endpoint: string,
    tableName: string,
    private readonly concurrency: number,
    private readonly lag: number,
  ) {
    this.url = new URL(endpoint);
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    this.head = `{"RequestItems":{${JSON.stringify(tableName)}:[`;
  }

  pump(): void {
    if (this.failure) throw this.failure;
    const coldAfter = this.final ? Number.POSITIVE_INFINITY : this.memory.seq - this.lag;
    while (this.running < this.concurrency) {
      const batch = this.memory.takeCold(coldAfter, 25, this.inFlight);
      if (batch.length === 0) break;
      this.running++;
      for (const { entry } of batch) this.inFlight.add(entry);
      this.put(batch.map((b) => `{"PutRequest":{"Item":${itemJson(b.item)}}}`)).then(
        () => {
          this.running--;
          this.written += batch.length;
          for (const { entry } of batch) this.inFlight.delete(entry);
          this.pump();
        },
        (error: unknown) => {
          this.running--;
          this.failure = error;
          this.settle();
        },
      );
    }
    this.settle();
  }

  /** Writes everything still changed, cold or not, and waits for the last call. */
  async drain(): Promise<void> {
    this.final = true;
    await new Promise<void>((done) => {
      this.idle = done;
      this.pump();
    });
    this.agent.destroy();
    if (this.failure) throw this.failure;
  }

  /** Stops taking items (the calls in flight end as they end). */
  stop(): void {
    this.failure ??= new Error('seeding stopped');
    this.agent.destroy();
  }

  private settle(): void {
    if (this.idle && this.running === 0 && (this.failure || this.memory.dirtyCount() === 0)) {
      const done = this.idle;
      this.idle = undefined;
      done();
    }
  }

  /** One batch of put requests (JSON), until none is left unprocessed; errors DynamoDB Local may clear are retried. */
  private async put(requests: string[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      this.calls++;
      let status: number;
      let text: string;
      try {
        ({ status, text } = await this.post(`${this.head}${pending.join(',')}]}}`));
      } catch (error) {
        if (attempt < 10) continue; // the connection dropped: send the same batch again
        throw error;
      }
      if (status !== 200) {
        if ((status >= 500 || /Throttl|LimitExceeded/.test(text)) && attempt < 10) continue;
        throw new Error(`BatchWriteItem failed with HTTP ${status}: ${text.slice(0, 500)}`);
      }
      const out = JSON.parse(text) as {
        UnprocessedItems?: Record<string, Array<{ PutRequest: { Item: unknown } }>>;
      };
      pending = Object.values(out.UnprocessedItems ?? {})
        .flat()
        .map((r) => JSON.stringify(r));
    }
  }

  private post(body: string): Promise<{ status: number; text: string }> {
    return new Promise((done, fail) => {
      const request = httpRequest(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': Buffer.byteLength(body),
            'x-amz-target': 'DynamoDB_20120810.BatchWriteItem',
            // DynamoDB Local reads the access key and region from the header and checks no signature.
            authorization: `AWS4-HMAC-SHA256 Credential=${localCredentials.accessKeyId}/20240101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            done({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', fail);
        },
      );
      request.on('error', fail);
      request.end(body);
    });
  }
}

/**
 * An item as DynamoDB's JSON protocol carries it, encoded as the hub's document client marshals it
 * (`removeUndefinedValues`, no class instances): each attribute as `marshall` would with `convertTopLevelContainer`,
 * undefined and function values left out. Only plain data is seeded; anything else throws, as marshalling would.
 */
function itemJson(item: Record<string, unknown>): string {
  return mapJson(item);
}

function mapJson(map: Record<string, unknown>): string {
  let out = '';
  for (const key in map) {
    const value = map[key];
    if (value === undefined || typeof value === 'function') continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${attributeJson(value)}`;
  }
  return `{${out}}`;
}

function attributeJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `{"S":${JSON.stringify(value)}}`;
    case 'number':
      return `{"N":"${numberText(value)}"}`;
    case 'boolean':
      return value ? '{"BOOL":true}' : '{"BOOL":false}';
    case 'object': {
      if (value === null) return '{"NULL":true}';
      if (Array.isArray(value)) {
        const list = value.filter((v) => v !== undefined && typeof v !== 'function').map(attributeJson);
        return `{"L":[${list.join(',')}]}`;
      }
      if (value instanceof Set) {
        const members = [...(value as Set<unknown>)].filter((v) => v !== undefined);
        if (members.length && members.every((m) => typeof m === 'string'))
          return `{"SS":${JSON.stringify(members)}}`;
        if (members.length && members.every((m) => typeof m === 'number'))
          return `{"NS":${JSON.stringify(members.map(numberText))}}`;
        throw new Error('seeding writes non-empty sets of strings or of numbers only');
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Object.prototype || proto === null)
        return `{"M":${mapJson(value as Record<string, unknown>)}}`;
      break;
    }
  }
  throw new Error(`seeding writes plain data only, not ${String(value)}`);
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`Special numeric value ${n} is not allowed`);
  if (n > Number.MAX_SAFE_INTEGER || n < Number.MIN_SAFE_INTEGER)
    throw new Error(`Number ${n} is beyond Number.MAX_SAFE_INTEGER`);
  return n.toString();
}

// --- measuring the probe ----------------------------------------------------------------------------------------

interface CallSample {
  calls: number;
  units: number;
  readUnits: number;
  writeUnits: number;
  ms: number;
  byCommand: Record<string, number>;
  groups: Record<string, { calls: number; units: number; ms: number }>;
}

const readCommands = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** Counts every call of the client between start() and stop(), by command and by the kinds of item touched. */
function instrument(client: DynamoDBDocumentClient) {
  let current: CallSample | undefined;
  type Stack = { add: (mw: unknown, options: { step: string; name: string }) => void };
  (client.middlewareStack as unknown as Stack).add(
    (next: (args: unknown) => Promise<{ output: unknown }>, context: { commandName?: string }) =>
      async (args: { input?: unknown }) => {
        const sample = current;
        const t = performance.now();
        const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const result = await next(args);
        if (sample) {
          const label = `${command} ${itemKinds(command, args.input)}`.trim();
          let units = 0;
          const consumed = (
            result.output as {
              ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }>;
            }
          ).ConsumedCapacity;
          for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
            units += c.CapacityUnits ?? 0;
          sample.calls++;
          sample.units += units;
          if (readCommands.has(command)) sample.readUnits += units;
          else sample.writeUnits += units;
          sample.byCommand[command] = (sample.byCommand[command] ?? 0) + 1;
          const g = sample.groups[label] ?? { calls: 0, units: 0, ms: 0 };
          sample.groups[label] = g;
          g.calls++;
          g.units += units;
          g.ms += performance.now() - t;
        }
        return result;
      },
    { step: 'initialize', name: 'resolutionScaleCounter' },
  );
  return {
    start: () => {
      current = { calls: 0, units: 0, readUnits: 0, writeUnits: 0, ms: 0, byCommand: {}, groups: {} };
    },
    stop: (elapsedMs: number): CallSample => {
      const sample = current!;
      current = undefined;
      sample.ms = elapsedMs;
      return sample;
    },
  };
}

/** The distinct kinds of item a call touches (pk prefix, with the sk prefix when it differs), as ingest-throughput.ts names them. */
function itemKinds(command: string, input: unknown): string {
  const i = (input ?? {}) as Record<string, unknown>;
  if (command === 'Query' || command === 'Scan')
    return typeof i.IndexName === 'string' ? `(${i.IndexName})` : '(table)';
  const keysOf: unknown[] = [];
  if (Array.isArray(i.TransactItems)) {
    for (const t of i.TransactItems as Array<Record<string, { Item?: unknown; Key?: unknown }>>)
      for (const op of Object.values(t)) keysOf.push(op.Item ?? op.Key);
  } else if (i.RequestItems && typeof i.RequestItems === 'object') {
    for (const r of Object.values(i.RequestItems as Record<string, unknown>)) {
      if (Array.isArray(r))
        for (const w of r as Array<Record<string, { Item?: unknown; Key?: unknown }>>)
          for (const op of Object.values(w)) keysOf.push(op.Item ?? op.Key);
      else keysOf.push(...((r as { Keys?: unknown[] }).Keys ?? []));
    }
  } else keysOf.push(i.Key ?? i.Item);
  const kinds = new Set<string>();
  for (const k of keysOf) {
    const pk = prefixOf((k as { pk?: unknown } | undefined)?.pk);
    const sk = prefixOf((k as { sk?: unknown } | undefined)?.sk);
    if (pk) kinds.add(sk && sk !== pk ? `${pk}/${sk}` : pk);
  }
  const consistent = i.ConsistentRead === false ? ' (eventually consistent)' : '';
  return kinds.size ? `[${[...kinds].sort().join(',')}]${consistent}` : '';
}

function prefixOf(value: unknown): string {
  const text = typeof value === 'string' ? value : (value as { S?: unknown } | undefined)?.S;
  return typeof text === 'string' ? text.split('#')[0]! : '';
}

function phaseCost(samples: CallSample[]): PhaseCost {
  const commands = [...new Set(samples.flatMap((s) => Object.keys(s.byCommand)))].sort();
  const groups: PhaseCost['groups'] = {};
  const labels = [...new Set(samples.flatMap((s) => Object.keys(s.groups)))];
  for (const label of labels) {
    const calls = samples.reduce((n, s) => n + (s.groups[label]?.calls ?? 0), 0);
    const units = samples.reduce((n, s) => n + (s.groups[label]?.units ?? 0), 0);
    const spent = samples.reduce((n, s) => n + (s.groups[label]?.ms ?? 0), 0);
    groups[label] = {
      callsPerRecord: round(calls / samples.length, 3),
      unitsPerRecord: round(units / samples.length, 3),
      meanMs: round(spent / Math.max(1, calls), 2),
    };
  }
  return {
    calls: statOf(samples.map((s) => s.calls)),
    callsByCommand: Object.fromEntries(
      commands.map((c) => [c, statOf(samples.map((s) => s.byCommand[c] ?? 0))]),
    ),
    capacityUnits: statOf(samples.map((s) => s.units)),
    readUnits: statOf(samples.map((s) => s.readUnits)),
    writeUnits: statOf(samples.map((s) => s.writeUnits)),
    ms: statOf(samples.map((s) => s.ms)),
    groups: Object.fromEntries(
      Object.entries(groups).sort(([, a], [, b]) => b.callsPerRecord - a.callsPerRecord),
    ),
  };
}

// --- the DynamoDB Local process (Linux /proc) -------------------------------------------------------------------

function findDynamoLocalProcess(): number | undefined {
  try {
    for (const entry of readdirSafe('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[1]) !== process.pid) continue;
        if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('DynamoDBLocal')) return Number(entry);
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    // no /proc: not Linux
  }
  return undefined;
}

/**
 * CPU time spent by this process and by DynamoDB Local's JVM (from /proc; null when it cannot be read) since the last
 * lap, in ms.
 */
function cpuClock(dynamoPid: number | undefined) {
  const dynamoMs = (): number | null => {
    if (dynamoPid === undefined) return null;
    try {
      const stat = readFileSync(`/proc/${dynamoPid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
    } catch {
      return null;
    }
  };
  const nodeMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let node = nodeMs();
  let dynamo = dynamoMs();
  return {
    lap: (): { node: number; dynamo: number | null } => {
      const n = nodeMs();
      const d = dynamoMs();
      const out = { node: n - node, dynamo: d === null || dynamo === null ? null : d - dynamo };
      node = n;
      dynamo = d;
      return out;
    },
  };
}

/** USER_HZ, the unit of /proc/<pid>/stat's CPU times: 100 on every Linux this runs on. */
const clockTicks = 100;

function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function peakRssMB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

// --- small helpers ----------------------------------------------------------------------------------------------

function statOf(values: number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return {
    mean: round(mean(values), 3),
    p50: round(at(50), 3),
    p95: round(at(95), 3),
    max: round(at(100), 3),
  };
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / (values.length || 1);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const ms = (n: number) => (n < 10_000 ? `${Math.round(n)} ms` : `${Math.round(n / 1000)} s`);

// --- entry -----------------------------------------------------------------------------------------------------

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

/**
 * Writes results/<name>-<date>.json and the `name` entry of results/latest.json, as bench/run.ts does: `resolution-scale`
 * for the default growth in time, `resolution-scale-density` for the busier-county variant.
 */
export const resultName = (growth: ResolutionScaleOptions['growth']) =>
  growth === 'time' ? 'resolution-scale' : 'resolution-scale-density';

function record(name: string, entry: { ranAt: string } & Record<string, unknown>): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}-${entry.ranAt.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(entry, null, 2)}\n`);
  const latestFile = join(resultsDir, 'latest.json');
  let latest: Record<string, unknown> = {};
  if (existsSync(latestFile)) {
    try {
      const parsed = JSON.parse(readFileSync(latestFile, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        latest = parsed as Record<string, unknown>;
    } catch {
      // not JSON: start it afresh
    }
  }
  latest[name] = entry;
  writeFileSync(latestFile, `${JSON.stringify(latest, null, 2)}\n`);
  return file;
}

function commandOutput(command: string, args: string[]): string | undefined {
  const out = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10_000,
  });
  if (out.error || out.status !== 0) return undefined;
  return out.stdout || out.stderr;
}

function machineInfo() {
  const list = cpus();
  return {
    platform: platform(),
    release: release(),
    arch: arch(),
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    java: commandOutput('java', ['-version'])?.split('\n')[0]?.trim(),
  };
}

async function main(): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const task = process.env[childTaskVariable];
  if (task) {
    const { size, out, options } = JSON.parse(task) as ChildTask;
    const result = await runOneSize(options, size, log);
    writeFileSync(out, JSON.stringify(result));
    return 0;
  }
  process.once('SIGINT', () => undefined); // the child is told and stops; then the run ends unrecorded
  process.once('SIGTERM', () => undefined);
  const options = parseArgs(process.argv.slice(2));
  const ranAt = new Date();
  const loadBefore = loadavg()[0]!;
  const parameters = options;
  const result = await runResolutionScale(parameters, log);
  console.log(formatResolutionScale(result, parameters));
  const commit = commandOutput('git', ['rev-parse', 'HEAD'])?.trim();
  const status = commandOutput('git', ['status', '--porcelain']);
  const name = resultName(parameters.growth);
  const file = record(name, {
    benchmark: name,
    ranAt: ranAt.toISOString(),
    durationMs: Date.now() - ranAt.getTime(),
    machine: {
      ...machineInfo(),
      loadAverage1m: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
    },
    git: { commit, dirty: status === undefined ? undefined : status.trim().length > 0 },
    parameters,
    results: result,
  });
  console.log(`\nwrote ${file} and results/latest.json`);
  return result.sizes.some((s) => s.error) ? 1 : 0;
}

if (process.argv[1] && selfPath === resolve(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const plain =
        error instanceof InterruptedError ||
        (error instanceof Error && /^(unknown argument|--)/.test(error.message));
      console.error(plain ? (error as Error).message : error);
      process.exit(error instanceof InterruptedError ? 130 : 1);
    },
  );
}
