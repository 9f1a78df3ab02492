/**
 * Supervision sweep benchmark: 100,000 open disputes (BENCH_SUPERVISION_DISPUTES) seeded straight into DynamoDB Local
 * with their supervision index entries and matching figure counters, their deadlines spread over the two months
 * around the sweep's now (5 days past to 55 ahead), their levels recorded as a sweep `BENCH_SUPERVISION_LAG_HOURS`
 * (24) earlier left them. Then three sweeps are timed: the catch-up of what crossed in that lag, the steady state of a
 * sweep every minute (the next minute's crossings), and a sweep with nothing due. `BENCH_SUPERVISION_ALL_DUE=1` seeds
 * the worst case instead: every deadline passed and nothing recorded, all disputes due at once (three crossings each).
 */
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localCredentials, startDynamoLocal } from '../functions/runtime/local/dynamo-local.js';
import { createDocumentClient } from '../functions/store/client.js';
import type { StoredDispute } from '../functions/store/entity-repository.js';
import { HubStore } from '../functions/store/hub-store.js';
import { keys } from '../functions/store/keys.js';
import { ensureTable } from '../functions/store/table-bootstrap.js';
import { recount, splitCounterKey } from '../functions/supervision/stats.js';
import { supervisionCheckAt, supervisionCrossings } from '../functions/supervision/supervision.js';
import { type SupervisionSweepResult, superviseDeadlines } from '../functions/sweep/supervise-deadlines.js';

export interface SupervisionBenchOptions {
  disputes: number;
  /** Transactions the sweep keeps in flight. */
  concurrency: number;
  /** Disputes per transaction. */
  perTransaction: number;
  /** How long before now the seeded levels were recorded: what the first sweep catches up. */
  lagHours: number;
  /** The worst case instead: every deadline passed (1 to 20 days ago) and no level recorded, so all are due at once. */
  allDue: boolean;
  seed: number;
  log: (line: string) => void;
}

export const defaultSupervisionOptions = (env: NodeJS.ProcessEnv = process.env): SupervisionBenchOptions => ({
  disputes: intFrom(env.BENCH_SUPERVISION_DISPUTES, 100_000),
  concurrency: intFrom(env.BENCH_SUPERVISION_CONCURRENCY, 4),
  perTransaction: intFrom(env.BENCH_SUPERVISION_PER_TRANSACTION, 20),
  lagHours: intFrom(env.BENCH_SUPERVISION_LAG_HOURS, 24),
  allDue: env.BENCH_SUPERVISION_ALL_DUE === '1',
  seed: intFrom(env.BENCH_SEED, 12345),
  log: (line) => process.stderr.write(`${line}\n`),
});

type Timed = SupervisionSweepResult & { disputesPerSecond?: number; calls: Record<string, number> };

export interface SupervisionBenchResult {
  disputes: number;
  /** Index entries written (open disputes with a threshold still to cross). */
  indexed: number;
  seedMs: number;
  /** The sweep at now, after the lag: what crossed meanwhile. */
  catchUp: Timed;
  /** A minute later: the crossings of one minute (the steady state of a sweep every minute). */
  nextMinute: Timed;
  /** Right after: nothing due, one query. */
  idle: Timed;
  levelsBefore: Record<string, number>;
  levelsAfter: Record<string, number>;
}

/** The sweep's now: Friday 14 June 2024, 10:00 in Beijing. */
const NOW = new Date('2024-06-14T02:00:00Z');
const DAY = 86_400_000;

export async function runSupervisionSweep(options: SupervisionBenchOptions): Promise<SupervisionBenchResult> {
  // In memory: the benchmark measures the sweep, not DynamoDB Local's disk.
  const dynamo = await startDynamoLocal({});
  const calls: Record<string, number> = {};
  try {
    const client = createDocumentClient({
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: localCredentials,
      maxAttempts: 10,
    });
    countCalls(client, calls);
    const tableName = 'qiao-bench-supervision';
    await ensureTable(client as never, tableName);
    const store = new HubStore(client, tableName);
    let now = NOW;
    const deps = { store, clock: { now: () => now }, eventSource: 'urn:qiao:hub:bench' };

    options.log(`seeding ${options.disputes} open disputes …`);
    const seeded = performance.now();
    const recordedAt = new Date(NOW.getTime() - options.lagHours * 3_600_000);
    const disputes = generateDisputes(options.disputes, options.seed, recordedAt, options.allDue);
    const indexed = await seedDisputes(client, tableName, disputes, options.log);
    await seedCounters(client, tableName, disputes);
    const seedMs = performance.now() - seeded;
    const levelsBefore = await levelsOf(store);

    const sweepOptions = { concurrency: options.concurrency, perTransaction: options.perTransaction };
    const timed = async (label: string): Promise<Timed> => {
      for (const k of Object.keys(calls)) delete calls[k];
      options.log(`sweeping (${label}) …`);
      const result = await superviseDeadlines(deps, sweepOptions);
      const changed = result.raised + result.lowered;
      return {
        ...result,
        ...(changed ? { disputesPerSecond: round(changed / (result.ms / 1000)) } : {}),
        calls: { ...calls },
      };
    };
    const catchUp = await timed(options.allDue ? 'everything due' : `${options.lagHours} h of crossings`);
    now = new Date(NOW.getTime() + 60_000);
    const nextMinute = await timed('the next minute');
    const idle = await timed('nothing due');
    return {
      disputes: options.disputes,
      indexed,
      seedMs: round(seedMs),
      catchUp,
      nextMinute,
      idle,
      levelsBefore,
      levelsAfter: await levelsOf(store),
    };
  } finally {
    await dynamo.stop();
  }
}

/** Open disputes by supervision level, from the counters. */
async function levelsOf(store: HubStore): Promise<Record<string, number>> {
  const counters = await store.stats.read('all', ['all']);
  return Object.fromEntries(
    Object.entries(counters)
      .filter(([k]) => splitCounterKey(k).metric.startsWith('supervision:'))
      .map(([k, n]) => [splitCounterKey(k).metric.slice('supervision:'.length), n]),
  );
}

export function formatSupervisionSweep(r: SupervisionBenchResult): string {
  const sweep = (label: string, t: Timed): string[][] => [
    [
      label,
      `${t.ms} ms: ${t.due} due, ${t.raised} raised, ${t.events} events, ${t.transactions} transactions`,
    ],
    ...(t.disputesPerSecond
      ? [['  throughput', `${t.disputesPerSecond} disputes/s (${(t.ms / t.raised).toFixed(2)} ms each)`]]
      : []),
    ...(t.deferred ? [['  deferred (lost races twice)', String(t.deferred)]] : []),
    ['  DynamoDB calls', JSON.stringify(t.calls)],
  ];
  const rows = [
    ['open disputes seeded', `${r.disputes} (${r.indexed} indexed) in ${(r.seedMs / 1000).toFixed(1)} s`],
    ['levels before', JSON.stringify(r.levelsBefore)],
    ...sweep('catch-up sweep', r.catchUp),
    ...sweep('next-minute sweep', r.nextMinute),
    ...sweep('idle sweep', r.idle),
    ['levels after', JSON.stringify(r.levelsAfter)],
  ];
  const width = Math.max(...rows.map(([k]) => k!.length));
  return rows.map(([k, v]) => `${k!.padEnd(width)}  ${v}`).join('\n');
}

/**
 * Deterministic disputes: 25 towns × 12 villages of 诸暨市, deadlines from 5 days before now to 55 after, each at the
 * supervision level a sweep at `recordedAt` gave it.
 */
function generateDisputes(n: number, seed: number, recordedAt: Date, allDue: boolean): StoredDispute[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const categories = ['邻里', '婚姻家庭', '物业', '劳资', '合同借贷', '房屋宅基地'] as const;
  const channels = ['hotline-12345', 'grid', 'petition', 'police-110'] as const;
  return Array.from({ length: n }, (_, i) => {
    const town = 100 + Math.floor(random() * 25);
    const village = 200 + Math.floor(random() * 12);
    const due = allDue
      ? NOW.getTime() - DAY - Math.floor(random() * 19 * DAY)
      : NOW.getTime() - 5 * DAY + Math.floor(random() * 60 * DAY);
    const reported = due - (5 + Math.floor(random() * 55)) * DAY;
    const reportedAt = new Date(reported).toISOString();
    const reports = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, r) => ({
      sourceId: channels[(i + r) % channels.length]!,
      sourceRecordId: `B${String(i).padStart(7, '0')}-${r}`,
      channel: channels[(i + r) % channels.length]!,
      reportedAt,
      linkedBy: { method: 'new-entity' as const, decidedBy: 'machine' as const, decidedAt: reportedAt },
    }));
    const dispute: StoredDispute = {
      id: `dsp_BENCH${String(i).padStart(8, '0')}`,
      title: '排水沟纠纷',
      summary: '邻居新建围墙堵塞共用排水沟，雨天积水倒灌，双方多次争吵。',
      category: { code: categories[i % categories.length]!, sourceValue: '邻里纠纷' },
      status: { code: 'assigned', sourceValue: '已派单' },
      deadline: { dueAt: new Date(due).toISOString(), basis: { kind: 'explicit' } },
      location: {
        divisionCode: `330681${town}${village}`,
        divisionLevel: 'village',
        divisionName: '枫源村',
      },
      parties: [
        { personId: `per_BENCH${i}A`, displayName: '张伟', roles: ['complainant'] },
        { personId: `per_BENCH${i}B`, displayName: '李强', roles: ['respondent'] },
      ],
      reports,
      steps: [{ at: reportedAt, action: 'accept', sourceAction: '受理', toUnit: '枫桥镇人民政府' }],
      channels: [...new Set(reports.map((r) => r.channel))],
      firstReportedAt: reportedAt,
      lastReportedAt: reportedAt,
      version: 1,
    };
    const level = allDue ? 'none' : supervisionCrossings(dispute, recordedAt).level;
    return level === 'none' ? dispute : { ...dispute, supervisionLevel: level };
  });
}

/** Items as `saveDispute` writes them (entity, index entry), 25 to a batch, 16 batches in flight. */
async function seedDisputes(
  client: DynamoDBDocumentClient,
  tableName: string,
  disputes: StoredDispute[],
  log: (line: string) => void,
) {
  const items = disputes.map((d) => {
    const checkAt = supervisionCheckAt(d);
    return {
      ...keys.dispute(d.id),
      ...d,
      ...(checkAt ? { gsi2pk: keys.supervisionDue, gsi2sk: keys.supervisionDueSort(checkAt, d.id) } : {}),
    };
  });
  const indexed = items.filter((i) => 'gsi2pk' in i).length;
  await writeAll(client, tableName, items, (written) => {
    if (written % 10_000 < 25) log(`  ${written} seeded`);
  });
  return indexed;
}

/** The counters a full recount gives, on shard 0, so the sweep's deltas land on true figures. */
async function seedCounters(client: DynamoDBDocumentClient, tableName: string, disputes: StoredDispute[]) {
  const byItem = new Map<string, Record<string, unknown>>();
  for (const [counter, n] of Object.entries(recount(disputes))) {
    const { scope, period, metric } = splitCounterKey(counter);
    const key = keys.statsCounter(scope, period, 0);
    const item = byItem.get(key.pk) ?? { ...key };
    item[metric] = n;
    byItem.set(key.pk, item);
  }
  await writeAll(client, tableName, [...byItem.values()]);
}

/** BatchWriteItem, 25 items to a request, 16 requests in flight, unprocessed items sent again. */
async function writeAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  progress?: (written: number) => void,
) {
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < items.length) {
        const batch = items.slice(next, next + 25);
        next += 25;
        let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
          [tableName]: batch.map((Item) => ({ PutRequest: { Item } })),
        };
        while (request && Object.keys(request).length) {
          const out = await client.send(new BatchWriteCommand({ RequestItems: request }));
          request = out.UnprocessedItems as typeof request;
        }
        written += batch.length;
        progress?.(written);
      }
    }),
  );
}

function countCalls(client: DynamoDBDocumentClient, calls: Record<string, number>) {
  const send = client.send.bind(client);
  client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    const name = command.constructor.name.replace(/Command$/, '');
    calls[name] = (calls[name] ?? 0) + 1;
    return (send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as typeof client.send;
}

const round = (n: number) => Math.round(n * 10) / 10;

function intFrom(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
