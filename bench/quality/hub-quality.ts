/**
 * Resolution quality of the real hub, end to end over HTTP: a labelled county (county-generator.ts) is posted to a fresh
 * local hub in the order its records would arrive, the hub's crosswalk (`GET /v1/export/links`: each source record's
 * dispute and its parties' people) is read back, and pairwise precision, recall and F1 are computed for people (pairs of
 * party mentions) and disputes (pairs of records) against the truth, with the pairs involving each hard case apart,
 * the blocking recall of people, comparisons per record when the hub reports them, and the worst failures by name.
 * `--febrl` also runs the FEBRL benchmark people through a registered declarative source (dataset3 deduplicated in one
 * hub, dataset4a + 4b linked in another).
 *
 *   npx tsx bench/quality/hub-quality.ts [--disputes 2000] [--seed 20240305] [--febrl] [--window-days 0]
 *                                        [--batch 200] [--workers 4] [--worst 5] [--keep-data]
 *                                        [--settle-timeout-minutes 10]
 *
 * `--window-days D` posts D days of records at a time and waits for the hub to settle in between (0: everything in
 * arrival order at once); `--settle-timeout-minutes` gives up when the hub finishes no record for that long.
 *
 * Prints a table, writes bench/results/quality-<date>.json (and its entry in results/latest.json) and exits non-zero
 * only on errors; a missed target is printed as MISS, not failed.
 *
 * What it relies on from the hub: `POST /v1/sources/{id}/records` (JSON arrays), `GET /v1/sources/{id}` (`settled`),
 * `POST /v1/sources` (the FEBRL mapping), and `GET /v1/export/links` with an admin key: NDJSON, one line per source
 * record, `{"sourceId","sourceRecordId","status","disputeId"?,"parties":[{"position","kind","personId"?,"roles","name"?}],
 * "resolution"?: {"personCandidates","disputeCandidates"}}`, the ids current (merged entities followed to the
 * survivor) and `name` the name as the record gives it. Blocking recall maps each record in-process through the same
 * adapter and `protectReport` with the hub's blind-index key (the harness chooses it), as the ingest pipeline does.
 */

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClearReport, SourceAdapter } from '../../adapters/engine/adapter.js';
import { createDeclarativeAdapter } from '../../adapters/engine/declarative-adapter.js';
import { builtinAdapters } from '../../adapters/registry.js';
import { createBlindIndexer } from '../../functions/privacy/blind-index.js';
import { protectReport } from '../../functions/privacy/protect-report.js';
import { personBlockingKeys } from '../../functions/resolution/blocking-keys.js';
import { placed } from '../../functions/resolution/resolve-report.js';
import { type LocalHub, startLocalHub } from '../../functions/runtime/local/local-hub.js';
import type { BlindIndexer } from '../../functions/runtime/ports.js';
import type { PartyMention, Report } from '../../schemas/generated/types.js';
import {
  type County,
  type CountyRecord,
  generateCounty,
  matchTruthParties,
  type RecordTruth,
  type TruthParty,
  truthKey,
} from './county-generator.js';
import { readFebrl } from './febrl.js';
import {
  type ClusterError,
  clusterErrors,
  keySharingRecall,
  type PairwiseScores,
  pairwiseScores,
  type Side,
  scoresByTag,
  scoresOf,
} from './pairwise.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface QualityArgs {
  disputes: number;
  seed: number;
  febrl: boolean;
  /**
   * Records are posted a window of days at a time, the hub settling in between (1: strictly day by day, as they would
   * arrive over the year). 0 (the default): all of them in arrival order; the hub's FIFO queue then keeps that order up
   * to its few concurrent workers, and the run is several times faster.
   */
  windowDays: number;
  batchSize: number;
  /** The hub's ingest workers. */
  workers: number;
  /** Failure cases listed per kind. */
  worst: number;
  keepData: boolean;
  /** Print, for each false merge listed, how the hub linked the records in it (rule, score, evidence). */
  explain: boolean;
  /** FEBRL records read per file (all when absent): a quicker run on a prefix of each dataset. */
  febrlLimit?: number;
  /** Give up when the hub finishes no record for this long. */
  settleTimeoutMs: number;
  /**
   * After scoring, decide the review queue as a steward who knows the truth would (over the API), and score again:
   * what the queue is worth and how much work it is.
   */
  steward: boolean;
}

export const TARGETS = {
  peopleF1: 0.98,
  peoplePrecision: 0.995,
  disputesF1: 0.95,
  disputesPrecision: 0.98,
  febrlF1: 0.99,
} as const;

const usage =
  'usage: npx tsx bench/quality/hub-quality.ts [--disputes N] [--seed S] [--febrl] [--febrl-only] [--febrl-limit N] [--window-days D] [--batch N] ' +
  '[--workers N] [--worst K] [--explain] [--steward] [--keep-data] [--settle-timeout-minutes M]';

export function parseArgs(argv: readonly string[]): QualityArgs {
  const args: QualityArgs = {
    disputes: 2000,
    seed: 20240305,
    febrl: false,
    windowDays: 0,
    batchSize: 200,
    workers: 4,
    worst: 5,
    explain: false,
    keepData: false,
    settleTimeoutMs: 10 * 60_000,
    steward: false,
  };
  const number = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min)
      throw new Error(`${flag} needs an integer ≥ ${min}, got ${value ?? 'nothing'}\n${usage}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--disputes':
        args.disputes = number(flag, value(), 1);
        break;
      case '--seed':
        args.seed = number(flag, value(), 0);
        break;
      case '--febrl':
        args.febrl = true;
        break;
      case '--febrl-only':
        args.febrl = true;
        args.disputes = 0;
        break;
      case '--febrl-limit':
        args.febrlLimit = number(flag, value(), 2);
        break;
      case '--window-days':
        args.windowDays = number(flag, value(), 0);
        break;
      case '--batch':
        args.batchSize = number(flag, value(), 1);
        break;
      case '--workers':
        args.workers = number(flag, value(), 1);
        break;
      case '--worst':
        args.worst = number(flag, value(), 0);
        break;
      case '--keep-data':
        args.keepData = true;
        break;
      case '--explain':
        args.explain = true;
        break;
      case '--steward':
        args.steward = true;
        break;
      case '--settle-timeout-minutes':
        args.settleTimeoutMs = number(flag, value(), 1) * 60_000;
        break;
      case '--help':
      case '-h':
        throw new Error(usage);
      default:
        throw new Error(`unknown argument "${argv[i]}"\n${usage}`);
    }
  }
  return args;
}

// --- the crosswalk ----------------------------------------------------------------------------------------------

/** One line of `GET /v1/export/links`. */
export interface CrosswalkLine {
  sourceId: string;
  sourceRecordId: string;
  status: string;
  disputeId?: string;
  parties?: CrosswalkParty[];
  /** Candidates compared when the record was resolved, when the hub reports them (a count or the list). */
  resolution?: { personCandidates?: number | unknown[]; disputeCandidates?: number | unknown[] };
}

export interface CrosswalkParty {
  position: number;
  kind: string;
  personId?: string;
  roles?: string[];
  /** The name exactly as the record gives it. */
  name?: string;
}

export class CrosswalkUnavailableError extends Error {}

// --- a hub of its own -------------------------------------------------------------------------------------------

interface SourceCounts {
  received: number;
  processing: number;
  processed: number;
  quarantined: number;
  total: number;
}

interface IngestTally {
  accepted: number;
  duplicate: number;
  rejected: number;
  /** The first few rejections, with their reasons. */
  rejections: string[];
}

const running = new Set<QualityHub>();

/** A fresh local hub (temporary data directory, random port, its own DynamoDB Local) driven over HTTP. */
class QualityHub {
  private constructor(
    readonly hub: LocalHub,
    readonly adminKey: string,
    readonly blindIndexKey: string,
    private readonly keepData: boolean,
    private readonly log: (line: string) => void,
  ) {}

  static async start(label: string, args: QualityArgs, log: (line: string) => void): Promise<QualityHub> {
    const dataDir = mkdtempSync(join(tmpdir(), `qiao-quality-${label}-`));
    const adminKey = `qiao_quality_${randomBytes(18).toString('base64url')}`;
    const blindIndexKey = randomBytes(32).toString('base64url');
    log(`[${label}] starting a local hub (DynamoDB Local under ${dataDir}) …`);
    try {
      const hub = await startLocalHub({
        port: 0,
        dataDir,
        tableName: 'qiao-quality',
        adminKey,
        blindIndexKey,
        workers: args.workers,
      });
      const session = new QualityHub(hub, adminKey, blindIndexKey, args.keepData, log);
      running.add(session);
      return session;
    } catch (error) {
      if (!args.keepData) rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  request(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const { json, headers, ...rest } = init;
    return fetch(`${this.hub.url}${path}`, {
      ...rest,
      headers: {
        Authorization: `Bearer ${this.adminKey}`,
        ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(headers as Record<string, string> | undefined),
      },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  }

  async postRecords(sourceId: string, records: readonly unknown[], tally: IngestTally): Promise<void> {
    const res = await this.request(`/v1/sources/${encodeURIComponent(sourceId)}/records`, {
      method: 'POST',
      json: records,
    });
    const text = await res.text();
    if (res.status !== 200 && res.status !== 202)
      throw new Error(`POST /v1/sources/${sourceId}/records answered ${res.status}: ${text.slice(0, 1000)}`);
    const answer = JSON.parse(text) as {
      accepted: number;
      duplicate: number;
      rejected: number;
      results: Array<{ status: string; sourceRecordId?: string; errors?: unknown }>;
    };
    if (answer.results.length !== records.length)
      throw new Error(
        `posted ${records.length} records to ${sourceId}, got ${answer.results.length} results`,
      );
    tally.accepted += answer.accepted;
    tally.duplicate += answer.duplicate;
    tally.rejected += answer.rejected;
    for (const r of answer.results) {
      if (r.status === 'rejected' && tally.rejections.length < 10)
        tally.rejections.push(`${sourceId}/${r.sourceRecordId ?? '?'}: ${JSON.stringify(r.errors ?? r)}`);
    }
  }

  async sourceCounts(sourceId: string): Promise<{ settled: boolean; records: SourceCounts }> {
    const res = await this.request(`/v1/sources/${encodeURIComponent(sourceId)}`);
    if (res.status !== 200)
      throw new Error(
        `GET /v1/sources/${sourceId} answered ${res.status}: ${(await res.text()).slice(0, 500)}`,
      );
    return (await res.json()) as { settled: boolean; records: SourceCounts };
  }

  /**
   * Polls `GET /v1/sources/{id}` until every source says `settled` (nothing left to process). Gives up when no record
   * has finished for `stallMs`.
   */
  async waitSettled(sourceIds: Iterable<string>, stallMs: number): Promise<Record<string, SourceCounts>> {
    const ids = [...new Set(sourceIds)];
    let finished = -1;
    let progressAt = Date.now();
    let pause = 20;
    for (;;) {
      const states = await Promise.all(ids.map(async (id) => [id, await this.sourceCounts(id)] as const));
      if (states.every(([, s]) => s.settled))
        return Object.fromEntries(states.map(([id, s]) => [id, s.records]));
      const done = states.reduce((n, [, s]) => n + s.records.processed + s.records.quarantined, 0);
      if (done !== finished) {
        finished = done;
        progressAt = Date.now();
      } else if (Date.now() - progressAt > stallMs) {
        throw new Error(
          `no record finished processing for ${Math.round(stallMs / 1000)} s: ${JSON.stringify(Object.fromEntries(states))}`,
        );
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(500, pause * 2);
    }
  }

  /** The crosswalk, one NDJSON line per source record, read as it streams. */
  async crosswalk(): Promise<CrosswalkLine[]> {
    const res = await this.request('/v1/export/links', { headers: { Accept: 'application/x-ndjson' } });
    if (res.status === 404 || res.status === 405) {
      throw new CrosswalkUnavailableError(
        `GET /v1/export/links answered ${res.status}: this hub has no crosswalk export yet, which the quality ` +
          `benchmark reads (${(await res.text()).slice(0, 300)})`,
      );
    }
    if (res.status !== 200 || !res.body)
      throw new Error(`GET /v1/export/links answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    const lines: CrosswalkLine[] = [];
    const decoder = new TextDecoder();
    let buffered = '';
    const take = (line: string) => {
      const trimmed = line.trim();
      if (trimmed === '') return;
      try {
        lines.push(JSON.parse(trimmed) as CrosswalkLine);
      } catch {
        throw new Error(`the crosswalk has a line that is not JSON: ${trimmed.slice(0, 300)}`);
      }
    };
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) take(part);
    }
    take(buffered + decoder.decode());
    return lines;
  }

  async stop(): Promise<void> {
    running.delete(this);
    await this.hub.stop().catch((e) => this.log(`stopping the hub failed: ${String(e)}`));
    if (this.keepData) this.log(`kept the hub's data under ${this.hub.dataDir}`);
    else rmSync(this.hub.dataDir, { recursive: true, force: true });
  }
}

// --- the county -------------------------------------------------------------------------------------------------

interface ScoreRow {
  items: number;
  truePairs: number;
  predictedPairs: number;
  truePositivePairs: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface FailureCase {
  /** The hub's entity (a false merge) or the true one (a missed link). */
  key: string;
  pairs: number;
  groups: Array<{ key: string; items: string[] }>;
}

export interface CountyEvaluation {
  records: {
    generated: number;
    inCrosswalk: number;
    byStatus: Record<string, number>;
    /** Crosswalk lines of records that were never generated (should be none). */
    unknown: number;
  };
  people: ScoreRow & {
    truePeople: number;
    hubPeople: number;
    /** Truth mentions found among the crosswalk's parties (by record and name as given). */
    matchedMentions: number;
    unmatchedMentions: number;
    /** Person parties in the crosswalk the truth does not name. */
    unlabelledHubMentions: number;
    /** Share of true pairs whose mentions share a blocking key (functions/resolution/blocking-keys.ts). */
    blockingRecall: number;
    byTag: Record<string, ScoreRow>;
    /** Missed pairs by where the two mentions stand and which forms of name they give (see `missedPairShapes`). */
    missedBy: Record<string, number>;
    /** A few missed pairs of each shape, for `--explain`. */
    missedExamples?: Record<string, MissedPairExample[]>;
  };
  disputes: ScoreRow & {
    trueDisputes: number;
    hubDisputes: number;
    byTag: Record<string, ScoreRow>;
    /** Missed pairs of records by the channels of the two (see `missedDisputePairs`). */
    missedBy?: Record<string, number>;
  };
  comparisonsPerRecord: { person: number | 'n/a'; dispute: number | 'n/a' };
  failures: {
    people: { falseMerges: FailureCase[]; missedLinks: FailureCase[] };
    disputes: { falseMerges: FailureCase[]; missedLinks: FailureCase[] };
  };
}

export interface CountyRun extends CountyEvaluation {
  parameters: { disputes: number; seed: number; windowDays: number; batchSize: number; workers: number };
  /** With `--steward`: the review queue decided by the truth, and the scores after it. */
  afterQueue?: { queue: QueueDecisions; people: ScoreRow; disputes: ScoreRow };
  generated: County['stats'];
  ingest: {
    posted: number;
    accepted: number;
    duplicate: number;
    rejected: number;
    rejections: string[];
    counts: Record<string, SourceCounts>;
    ms: number;
    recordsPerSecond: number;
  };
}

interface MentionItem {
  record: CountyRecord;
  truth: RecordTruth;
  party: TruthParty;
  predicted?: string;
  keys: string[];
}

/** Maps a record in-process as the hub does (adapter, then protection with the hub's blind-index key). */
async function protectedReport(
  adapter: SourceAdapter,
  raw: unknown,
  receivedAt: string,
  indexer: BlindIndexer,
): Promise<Report | undefined> {
  const mapped = await adapter.map(raw, { receivedAt });
  return mapped.ok ? protectReport(mapped.report as ClearReport, indexer) : undefined;
}

const partyName = (p: PartyMention) => (p.kind === 'organization' ? p.organizationName : p.name?.asGiven);

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const row = (s: PairwiseScores): ScoreRow => ({
  items: s.items,
  truePairs: s.truePairs,
  predictedPairs: s.predictedPairs,
  truePositivePairs: s.truePositivePairs,
  precision: round4(s.precision),
  recall: round4(s.recall),
  f1: round4(s.f1),
});
const rows = (byTag: Record<string, PairwiseScores>) =>
  Object.fromEntries(Object.entries(byTag).map(([tag, s]) => [tag, row(s)]));

function failureCases<T>(errors: ClusterError<T>[], describe: (item: T) => string): FailureCase[] {
  return errors.map((e) => ({
    key: e.key.startsWith('\u0000') ? '(unresolved)' : e.key,
    pairs: e.pairs,
    groups: e.groups.map((g) => ({ key: g.key, items: g.items.map(describe) })),
  }));
}

/** Scores the hub's crosswalk against the county's truth. */
export async function evaluateCounty(
  county: County,
  lines: readonly CrosswalkLine[],
  /** `blockingKeys: false` skips mapping every record again for blocking recall (then 0), for a second scoring. */
  options: { indexer: BlindIndexer; worst: number; blockingKeys?: boolean },
): Promise<CountyEvaluation> {
  const byKey = new Map(lines.map((l) => [truthKey(l.sourceId, l.sourceRecordId), l]));
  const adapters = new Map(builtinAdapters().map((a) => [a.sourceId, a]));
  const byStatus: Record<string, number> = {};
  const records: Array<{ record: CountyRecord; truth: RecordTruth; line?: CrosswalkLine }> = [];
  const mentions: MentionItem[] = [];
  let unlabelled = 0;
  for (const record of county.records) {
    const truth = county.truth.get(truthKey(record.sourceId, record.sourceRecordId))!;
    const line = byKey.get(truthKey(record.sourceId, record.sourceRecordId));
    byStatus[line?.status ?? 'missing'] = (byStatus[line?.status ?? 'missing'] ?? 0) + 1;
    records.push({ record, truth, ...(line ? { line } : {}) });

    // People: the crosswalk's parties matched to the truth's by name as given.
    const hubParties = line?.status === 'processed' ? (line.parties ?? []) : [];
    const toHub = matchTruthParties(truth.parties, hubParties);
    unlabelled += hubParties.filter((p, j) => p.kind === 'person' && !toHub.includes(j)).length;
    // Blocking keys: the same mentions mapped in-process and protected with the hub's key.
    const report =
      options.blockingKeys === false
        ? undefined
        : await protectedReport(
            adapters.get(record.sourceId)!,
            record.raw,
            record.receivedAt,
            options.indexer,
          );
    const toReport = report
      ? matchTruthParties(
          truth.parties,
          report.parties.map((p) => ({ kind: p.kind, name: partyName(p) })),
        )
      : truth.parties.map(() => undefined);
    truth.parties.forEach((party, i) => {
      if (party.kind !== 'person' || !party.personId) return;
      const hubAt = toHub[i];
      const reportAt = toReport[i];
      const predicted = hubAt === undefined ? undefined : hubParties[hubAt]?.personId;
      mentions.push({
        record,
        truth,
        party,
        ...(predicted ? { predicted } : {}),
        keys:
          report && reportAt !== undefined
            ? personBlockingKeys(placed(report.parties[reportAt]!, report.location)).map((k) => k.key)
            : [],
      });
    });
  }

  const recordDispute = (r: CountyRecord) => {
    const line = byKey.get(truthKey(r.sourceId, r.sourceRecordId));
    return line?.status === 'processed' ? line.disputeId : undefined;
  };
  const mentionTruth = (m: MentionItem) => m.party.personId!;
  const mentionPredicted = (m: MentionItem) => m.predicted;
  const people = pairwiseScores(mentions, mentionTruth, mentionPredicted);
  const disputeTruth = (r: (typeof records)[number]) => r.truth.disputeId;
  const disputePredicted = (r: (typeof records)[number]) =>
    r.line?.status === 'processed' ? r.line.disputeId : undefined;
  const disputes = pairwiseScores(records, disputeTruth, disputePredicted);

  const perRecord = (pick: (l: CrosswalkLine) => number | unknown[] | undefined): number | 'n/a' => {
    const counts = lines.map(pick).filter((x) => x !== undefined);
    if (counts.length === 0) return 'n/a';
    const total = counts.reduce<number>((s, x) => s + (Array.isArray(x) ? x.length : Number(x) || 0), 0);
    return Math.round((total / counts.length) * 100) / 100;
  };
  const describeMention = (m: MentionItem) =>
    `${m.record.sourceId} ${m.record.sourceRecordId} "${m.party.name}"${m.party.tags.length ? ` [${m.party.tags.join(', ')}]` : ''}`;
  const describeRecord = (r: (typeof records)[number]) =>
    `${r.record.sourceId} ${r.record.sourceRecordId} ${r.truth.summary}${r.truth.tags.length ? ` [${r.truth.tags.join(', ')}]` : ''}`;
  const personErrors = clusterErrors(mentions, mentionTruth, mentionPredicted, { limit: options.worst });
  const disputeErrors = clusterErrors(records, disputeTruth, disputePredicted, { limit: options.worst });
  const generated = new Set(county.truth.keys());
  const matched = mentions.filter((m) => m.predicted !== undefined).length;
  return {
    records: {
      generated: county.records.length,
      inCrosswalk: records.filter((r) => r.line).length,
      byStatus,
      unknown: lines.filter((l) => !generated.has(truthKey(l.sourceId, l.sourceRecordId))).length,
    },
    people: {
      ...row(people),
      truePeople: new Set(mentions.map(mentionTruth)).size,
      hubPeople: new Set(mentions.map(mentionPredicted).filter(Boolean)).size,
      matchedMentions: matched,
      unmatchedMentions: mentions.length - matched,
      unlabelledHubMentions: unlabelled,
      blockingRecall: round4(keySharingRecall(mentions, mentionTruth, (m) => m.keys)),
      byTag: rows(scoresByTag(mentions, mentionTruth, mentionPredicted, (m) => m.party.tags)),
      ...missedPairShapes(mentions, recordDispute, describeMention),
    },
    disputes: {
      ...row(disputes),
      trueDisputes: new Set(records.map(disputeTruth)).size,
      hubDisputes: new Set(records.map(disputePredicted).filter(Boolean)).size,
      byTag: rows(scoresByTag(records, disputeTruth, disputePredicted, (r) => r.truth.tags)),
      missedBy: missedDisputePairs(records, disputeTruth, disputePredicted),
    },
    comparisonsPerRecord: {
      person: perRecord((l) => l.resolution?.personCandidates),
      dispute: perRecord((l) => l.resolution?.disputeCandidates),
    },
    failures: {
      people: {
        falseMerges: failureCases(personErrors.falseMerges, describeMention),
        missedLinks: failureCases(personErrors.missedLinks, describeMention),
      },
      disputes: {
        falseMerges: failureCases(disputeErrors.falseMerges, describeRecord),
        missedLinks: failureCases(disputeErrors.missedLinks, describeRecord),
      },
    },
  };
}

/**
 * The true pairs of records the hub put in different disputes, counted by the channels of the two (court/police-110):
 * which channel's reports fail to meet the rest.
 */
export function missedDisputePairs<T extends { record: { sourceId: string } }>(
  records: readonly T[],
  truth: (r: T) => string,
  predicted: (r: T) => string | undefined,
): Record<string, number> {
  const byDispute = new Map<string, T[]>();
  for (const r of records) byDispute.set(truth(r), [...(byDispute.get(truth(r)) ?? []), r]);
  const out: Record<string, number> = {};
  for (const list of byDispute.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        const hub = predicted(a);
        if (hub !== undefined && hub === predicted(b)) continue;
        const key = [a.record.sourceId, b.record.sourceId].sort().join('/');
        out[key] = (out[key] ?? 0) + 1;
      }
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([, x], [, y]) => y - x));
}

/**
 * The true pairs of mentions the hub left apart, counted by where the two records stand (in one hub dispute; in one
 * true dispute the hub split; in different disputes) and by the forms of name they give (full, partial: 张先生 张某,
 * none), which is what decides what evidence could have joined them.
 */
export interface MissedPairExample {
  mentions: Array<{ personId?: string; sourceId: string; sourceRecordId: string; described: string }>;
}

export function missedPairShapes(
  mentions: readonly MentionItem[],
  hubDispute: (r: CountyRecord) => string | undefined,
  describe: (m: MentionItem) => string,
  examplesPerShape = 6,
): { missedBy: Record<string, number>; missedExamples: Record<string, MissedPairExample[]> } {
  const form = (m: MentionItem) =>
    m.party.tags.includes('no-name')
      ? 'none'
      : m.party.tags.includes('surname-only') || m.party.tags.includes('masked-name')
        ? 'partial'
        : 'full';
  const byPerson = new Map<string, MentionItem[]>();
  for (const m of mentions) byPerson.set(m.party.personId!, [...(byPerson.get(m.party.personId!) ?? []), m]);
  const out: Record<string, number> = {};
  const examples: Record<string, MissedPairExample[]> = {};
  for (const list of byPerson.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        if (a.predicted !== undefined && a.predicted === b.predicted) continue;
        const hubA = hubDispute(a.record);
        const where =
          hubA !== undefined && hubA === hubDispute(b.record)
            ? 'one hub dispute'
            : a.truth.disputeId === b.truth.disputeId
              ? 'one dispute, split'
              : 'different disputes';
        const forms = [form(a), form(b)].sort().join('/');
        const key = `${where}, ${forms}`;
        out[key] = (out[key] ?? 0) + 1;
        const shown = examples[key] ?? [];
        examples[key] = shown;
        if (shown.length < examplesPerShape)
          shown.push({
            mentions: [a, b].map((m) => ({
              ...(m.predicted ? { personId: m.predicted } : {}),
              sourceId: m.record.sourceId,
              sourceRecordId: m.record.sourceRecordId,
              described: `${describe(m)} in ${hubDispute(m.record) ?? '?'} (${m.truth.disputeId})`,
            })),
          });
      }
    }
  }
  return {
    missedBy: Object.fromEntries(Object.entries(out).sort(([, x], [, y]) => y - x)),
    missedExamples: examples,
  };
}

/** Batches of consecutive records of one source, in arrival order. */
function batchesOf(records: readonly CountyRecord[], size: number): CountyRecord[][] {
  const batches: CountyRecord[][] = [];
  for (const record of records) {
    const last = batches.at(-1);
    if (last && last.length < size && last[0]!.sourceId === record.sourceId) last.push(record);
    else batches.push([record]);
  }
  return batches;
}

export async function runCounty(args: QualityArgs, log: (line: string) => void): Promise<CountyRun> {
  const county = generateCounty({ disputes: args.disputes, seed: args.seed });
  log(
    `county: ${county.stats.disputes} disputes, ${county.stats.records} records ` +
      `(${Object.entries(county.stats.bySource)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}), ${county.stats.mentions} person mentions of ${county.stats.people} people`,
  );
  const hub = await QualityHub.start('county', args, log);
  try {
    // Arrival order, a window of days at a time; the hub settles between windows.
    const windows = new Map<number, CountyRecord[]>();
    const dayOf = (r: CountyRecord) => Math.floor((Date.parse(r.receivedAt) + 8 * 3_600_000) / 86_400_000);
    for (const record of county.records) {
      const w = args.windowDays > 0 ? Math.floor(dayOf(record) / args.windowDays) : 0;
      const list = windows.get(w) ?? [];
      list.push(record);
      windows.set(w, list);
    }
    const tally: IngestTally = { accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
    const sources = new Set<string>();
    const started = performance.now();
    let posted = 0;
    let nextReport = county.records.length / 10;
    for (const [, records] of [...windows].sort(([a], [b]) => a - b)) {
      for (const batch of batchesOf(records, args.batchSize)) {
        const sourceId = batch[0]!.sourceId;
        sources.add(sourceId);
        await hub.postRecords(
          sourceId,
          batch.map((r) => r.raw),
          tally,
        );
        posted += batch.length;
      }
      if (args.windowDays > 0) await hub.waitSettled(sources, args.settleTimeoutMs);
      if (posted >= nextReport) {
        nextReport += county.records.length / 10;
        const s = (performance.now() - started) / 1000;
        log(
          `  ${posted}/${county.records.length} records after ${s.toFixed(0)} s (${(posted / s).toFixed(1)}/s)`,
        );
      }
    }
    const counts = await hub.waitSettled(sources, args.settleTimeoutMs);
    const ms = performance.now() - started;
    log(`  all processed in ${(ms / 1000).toFixed(0)} s; reading the crosswalk …`);
    const lines = await hub.crosswalk();
    log(`  ${lines.length} crosswalk lines; scoring …`);
    const evaluation = await evaluateCounty(county, lines, {
      indexer: createBlindIndexer(hub.blindIndexKey),
      worst: args.worst,
    });
    if (args.explain) {
      for (const line of await explainFalseMerges(hub, evaluation.failures, evaluation.people.missedExamples))
        log(line);
    }
    let afterQueue: CountyRun['afterQueue'];
    if (args.steward) {
      const queue = await decideQueueByTruth(hub, county, sources, log);
      const after = await evaluateCounty(county, await hub.crosswalk(), {
        indexer: createBlindIndexer(hub.blindIndexKey),
        worst: 0,
        blockingKeys: false,
      });
      afterQueue = { queue, people: after.people, disputes: after.disputes };
    }
    return {
      parameters: {
        disputes: args.disputes,
        seed: args.seed,
        windowDays: args.windowDays,
        batchSize: args.batchSize,
        workers: args.workers,
      },
      generated: county.stats,
      ingest: {
        posted,
        ...tally,
        counts,
        ms: Math.round(ms),
        recordsPerSecond: Math.round((posted / (ms / 1000)) * 10) / 10,
      },
      ...evaluation,
      ...(afterQueue ? { afterQueue } : {}),
    };
  } finally {
    await hub.stop();
  }
}

/** What deciding the review queue did: pairs decided by kind and decision, and what was left open. */
export interface QueueDecisions {
  /** Open pairs when the machine was done. */
  openBefore: { person: number; dispute: number };
  decided: { person: { same: number; different: number }; dispute: { same: number; different: number } };
  /** The same decisions by why the hub proposed the pair (`person: scored between …`): which proposals pay off. */
  byReason: Record<string, { same: number; different: number }>;
  /** Pairs closed without a decision: the two were merged meanwhile through another pair. */
  superseded: number;
  /** Pairs the hub refused (one kept apart from the other before, say), by problem code. */
  refused: Record<string, number>;
  /** Pairs left open because the truth knows no mention of a side (an entity the crosswalk no longer shows). */
  unknown: number;
  openAfter: number;
  passes: number;
}

/**
 * The true person (or dispute) most of a hub entity's mentions (records) belong to, from a crosswalk: what a steward
 * looking at both sides would take each for.
 */
export function truthOfHubEntities(
  county: County,
  lines: readonly CrosswalkLine[],
): { person: Map<string, string>; dispute: Map<string, string> } {
  const votes = {
    person: new Map<string, Map<string, number>>(),
    dispute: new Map<string, Map<string, number>>(),
  };
  const vote = (kind: 'person' | 'dispute', hubId: string, trueId: string) => {
    const counts = votes[kind].get(hubId) ?? new Map<string, number>();
    votes[kind].set(hubId, counts);
    counts.set(trueId, (counts.get(trueId) ?? 0) + 1);
  };
  for (const line of lines) {
    const truth = county.truth.get(truthKey(line.sourceId, line.sourceRecordId));
    if (!truth || line.status !== 'processed') continue;
    if (line.disputeId) vote('dispute', line.disputeId, truth.disputeId);
    const parties = line.parties ?? [];
    matchTruthParties(truth.parties, parties).forEach((at, i) => {
      const personId = at === undefined ? undefined : parties[at]?.personId;
      const trueId = truth.parties[i]!.personId;
      if (personId && trueId) vote('person', personId, trueId);
    });
  }
  const majority = (m: Map<string, Map<string, number>>) =>
    new Map([...m].map(([id, counts]) => [id, [...counts].sort((a, b) => b[1] - a[1])[0]![0]]));
  return { person: majority(votes.person), dispute: majority(votes.dispute) };
}

/**
 * Decides every open pair of the review queue over the API as a steward who knows the truth: *same* when the two sides
 * are mostly the same true person (dispute), *different* otherwise. A merge can propose new pairs, so the queue is read
 * again until it is empty (at most `maxPasses` times).
 */
async function decideQueueByTruth(
  hub: QualityHub,
  county: County,
  sources: Iterable<string>,
  log: (line: string) => void,
  maxPasses = 5,
): Promise<QueueDecisions> {
  type Side = { id: string } | null;
  type Item = {
    id: string;
    kind: 'person' | 'dispute';
    leftId: string;
    rightId: string;
    left: Side;
    right: Side;
    proposedBecause: string;
  };
  const openItems = async (): Promise<Item[]> => {
    const items: Item[] = [];
    for (let cursor: string | undefined; ; ) {
      const res = await hub.request(
        `/v1/review?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (res.status !== 200) throw new Error(`GET /v1/review answered ${res.status}: ${await res.text()}`);
      const page = (await res.json()) as { items: Item[]; cursor?: string };
      items.push(...page.items);
      if (!page.cursor) return items;
      cursor = page.cursor;
    }
  };
  const out: QueueDecisions = {
    openBefore: { person: 0, dispute: 0 },
    decided: { person: { same: 0, different: 0 }, dispute: { same: 0, different: 0 } },
    byReason: {},
    superseded: 0,
    refused: {},
    unknown: 0,
    openAfter: 0,
    passes: 0,
  };
  let open = await openItems();
  for (const item of open) out.openBefore[item.kind]++;
  // Each pair is tried once: one the hub refuses, or whose sides the truth does not know, stays open.
  const tried = new Set<string>();
  for (let fresh = open; fresh.length > 0 && out.passes < maxPasses; ) {
    out.passes++;
    const truth = truthOfHubEntities(county, await hub.crosswalk());
    log(`  steward pass ${out.passes}: ${fresh.length} open pairs`);
    for (const item of fresh) {
      tried.add(item.id);
      const [a, b] = [item.left?.id ?? item.leftId, item.right?.id ?? item.rightId].map((id) =>
        truth[item.kind].get(id),
      );
      if (a === undefined || b === undefined) {
        out.unknown++;
        continue;
      }
      const decision = a === b ? 'same' : 'different';
      const res = await hub.request(`/v1/review/${item.id}`, {
        method: 'POST',
        json: { decision, reason: 'quality benchmark: decided by the truth' },
      });
      const text = await res.text();
      const answer = (text.startsWith('{') ? JSON.parse(text) : {}) as {
        review?: { status: string };
        code?: string;
      };
      const code = answer.code ?? String(res.status);
      if (res.status !== 200) out.refused[code] = (out.refused[code] ?? 0) + 1;
      else if (answer.review?.status === 'superseded') out.superseded++;
      else {
        out.decided[item.kind][decision]++;
        const reason = `${item.kind}: ${item.proposedBecause}`;
        out.byReason[reason] ??= { same: 0, different: 0 };
        out.byReason[reason][decision]++;
      }
    }
    await hub.waitSettled(sources, 60_000);
    open = await openItems();
    fresh = open.filter((i) => !tried.has(i.id));
  }
  out.openAfter = open.length;
  return out;
}

/** How the hub linked each record of the false merges listed: the rule, the score and the evidence it stored. */
async function explainFalseMerges(
  hub: QualityHub,
  failures: CountyEvaluation['failures'],
  missedExamples?: Record<string, MissedPairExample[]>,
): Promise<string[]> {
  const out: string[] = ['', 'How the false merges were linked:'];
  type Link = {
    rule?: string;
    score?: number;
    evidence?: Array<{ field: string; level: string; weight?: number }>;
  };
  const show = (label: string, link: Link | undefined) => {
    const evidence = (link?.evidence ?? [])
      .filter((e) => e.level !== 'missing')
      .map((e) => `${e.field}:${e.level}${e.weight !== undefined ? `(${e.weight})` : ''}`)
      .join(' ');
    out.push(
      `    ${label}: ${link?.rule ?? '?'}${link?.score !== undefined ? ` [${link.score}]` : ''} ${evidence}`,
    );
  };
  for (const failure of failures.disputes.falseMerges) {
    const dispute = (await (await hub.request(`/v1/disputes/${failure.key}`)).json()) as {
      reports?: Array<{ sourceId: string; sourceRecordId: string; linkedBy?: Link }>;
    };
    out.push(`  ${failure.key}`);
    for (const r of dispute.reports ?? []) show(`${r.sourceId} ${r.sourceRecordId}`, r.linkedBy);
  }
  out.push('How the missed dispute links were decided (the reports of each hub dispute):');
  for (const failure of failures.disputes.missedLinks) {
    out.push(`  ${failure.key}`);
    for (const group of failure.groups) {
      if (group.key.startsWith('(')) continue;
      const dispute = (await (await hub.request(`/v1/disputes/${group.key}`)).json()) as {
        reports?: Array<{ sourceId: string; sourceRecordId: string; linkedBy?: Link }>;
      };
      for (const r of dispute.reports ?? [])
        show(`${group.key} ${r.sourceId} ${r.sourceRecordId}`, r.linkedBy);
    }
  }
  out.push('How missed people pairs were linked (examples of each shape):');
  for (const [shape, examples] of Object.entries(missedExamples ?? {})) {
    out.push(`  ${shape}`);
    for (const example of examples) {
      for (const m of example.mentions) {
        const person = m.personId
          ? ((await (await hub.request(`/v1/persons/${m.personId}?pii=true`)).json()) as {
              records?: Array<{ sourceId: string; sourceRecordId: string; linkedBy?: Link }>;
            })
          : undefined;
        const rec = person?.records?.find(
          (r) => r.sourceId === m.sourceId && r.sourceRecordId === m.sourceRecordId,
        );
        show(`${m.personId ?? '-'} ${m.described}`, rec?.linkedBy);
      }
      out.push('    --');
    }
  }
  for (const failure of failures.people.falseMerges) {
    const person = (await (await hub.request(`/v1/persons/${failure.key}?pii=true`)).json()) as {
      records?: Array<{ sourceId: string; sourceRecordId: string; linkedBy?: Link }>;
    };
    out.push(`  ${failure.key}`);
    for (const r of person.records ?? []) show(`${r.sourceId} ${r.sourceRecordId}`, r.linkedBy);
  }
  return out;
}

// --- FEBRL ------------------------------------------------------------------------------------------------------

export interface FebrlRun extends ScoreRow {
  kind: 'dedup' | 'linkage';
  files: string[];
  records: number;
  trueEntities: number;
  hubPeople: number;
  unresolved: number;
  blockingRecall: number;
  comparisonsPerRecord: number | 'n/a';
  ingest: { accepted: number; duplicate: number; rejected: number; rejections: string[]; ms: number };
  failures: { falseMerges: FailureCase[]; missedLinks: FailureCase[] };
}

const febrlDir = fileURLToPath(new URL('../../adapters/febrl/', import.meta.url));

function febrlSourceDefinition() {
  const source = JSON.parse(readFileSync(join(febrlDir, 'source.json'), 'utf8')) as {
    id: string;
    displayName: string;
    idField: string;
    mappingFile: string;
    note?: string;
  };
  return {
    id: source.id,
    displayName: source.displayName,
    idField: source.idField,
    mapping: readFileSync(join(febrlDir, source.mappingFile), 'utf8'),
    ...(source.note ? { note: source.note } : {}),
  };
}

export async function runFebrl(
  kind: 'dedup' | 'linkage',
  args: QualityArgs,
  log: (line: string) => void,
): Promise<FebrlRun> {
  const files: Array<[string, Side | undefined]> =
    kind === 'dedup'
      ? [['dataset3.csv', undefined]]
      : [
          ['dataset4a.csv', 'a'],
          ['dataset4b.csv', 'b'],
        ];
  const definition = febrlSourceDefinition();
  const items = files.flatMap(([file, side]) =>
    readFebrl(file)
      .slice(0, args.febrlLimit)
      .map((r) => ({
        recId: r.recId,
        entity: r.entity,
        side,
        raw: {
          rec_id: r.recId,
          given_name: r.givenName,
          surname: r.surname,
          street_number: r.streetNumber,
          address_1: r.address1,
          address_2: r.address2,
          suburb: r.suburb,
          postcode: r.postcode,
          state: r.state,
          date_of_birth: r.dateOfBirth,
          soc_sec_id: r.socSecId,
        },
      })),
  );
  log(`FEBRL ${kind}: ${items.length} records from ${files.map(([f]) => f).join(' + ')}`);
  const hub = await QualityHub.start(`febrl-${kind}`, args, log);
  try {
    const res = await hub.request('/v1/sources', { method: 'POST', json: definition });
    if (res.status !== 201)
      throw new Error(
        `registering the FEBRL source answered ${res.status}: ${(await res.text()).slice(0, 500)}`,
      );
    const tally: IngestTally = { accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
    const started = performance.now();
    for (let i = 0; i < items.length; i += args.batchSize) {
      await hub.postRecords(
        definition.id,
        items.slice(i, i + args.batchSize).map((x) => x.raw),
        tally,
      );
    }
    log(`  posted; waiting for the hub to process them …`);
    await hub.waitSettled([definition.id], args.settleTimeoutMs);
    const ms = performance.now() - started;
    log(`  processed in ${(ms / 1000).toFixed(0)} s; reading the crosswalk …`);
    const lines = await hub.crosswalk();
    const personOf = new Map(
      lines
        .filter((l) => l.sourceId === definition.id && l.status === 'processed')
        .map((l) => [l.sourceRecordId, l.parties?.find((p) => p.kind === 'person')?.personId]),
    );
    const predicted = (x: (typeof items)[number]) => personOf.get(x.recId);
    const truth = (x: (typeof items)[number]) => x.entity;
    const sides = { sideOf: (x: (typeof items)[number]) => x.side };
    const scores = pairwiseScores(items, truth, predicted, sides);
    // Blocking recall: the records mapped in-process by the same mapping, protected with the hub's key.
    const adapter = createDeclarativeAdapter(
      {
        sourceId: definition.id,
        displayName: definition.displayName,
        idField: definition.idField,
        mapping: definition.mapping,
      },
      '1',
    );
    const indexer = createBlindIndexer(hub.blindIndexKey);
    const keys = new Map<string, string[]>();
    const receivedAt = new Date().toISOString();
    for (const x of items) {
      const report = await protectedReport(adapter, x.raw, receivedAt, indexer);
      const party = report?.parties.find((p) => p.kind === 'person');
      keys.set(x.recId, party ? personBlockingKeys(placed(party, report?.location)).map((k) => k.key) : []);
    }
    const errors = clusterErrors(items, truth, predicted, { ...sides, limit: args.worst });
    const describe = (x: (typeof items)[number]) =>
      `${x.side ? `${x.side} ` : ''}${x.recId} ${x.raw.given_name} ${x.raw.surname}, ${x.raw.suburb} ${x.raw.date_of_birth}`;
    const counts = lines
      .map((l) => l.resolution?.personCandidates)
      .filter((x): x is number | unknown[] => x !== undefined);
    return {
      kind,
      files: files.map(([f]) => f),
      records: items.length,
      ...row(scores),
      trueEntities: new Set(items.map(truth)).size,
      hubPeople: new Set(items.map(predicted).filter(Boolean)).size,
      unresolved: items.filter((x) => !predicted(x)).length,
      blockingRecall: round4(keySharingRecall(items, truth, (x) => keys.get(x.recId) ?? [], sides)),
      comparisonsPerRecord:
        counts.length === 0
          ? 'n/a'
          : Math.round(
              (counts.reduce<number>((s, x) => s + (Array.isArray(x) ? x.length : Number(x) || 0), 0) /
                counts.length) *
                100,
            ) / 100,
      ingest: { ...tally, ms: Math.round(ms) },
      failures: {
        falseMerges: failureCases(errors.falseMerges, describe),
        missedLinks: failureCases(errors.missedLinks, describe),
      },
    };
  } finally {
    await hub.stop();
  }
}

// --- targets, the table, the results file ------------------------------------------------------------------------

export interface TargetResult {
  name: string;
  target: string;
  value: number;
  pass: boolean;
  /** What a precision is made of (`1193 of 1199 pairs`): at the floor, four places do not tell. */
  counts?: string;
}

export function evaluateTargets(county: CountyRun | undefined, febrl: FebrlRun[]): TargetResult[] {
  const out: TargetResult[] = [];
  const at = (name: string, value: number, min: number, counts?: string) =>
    out.push({ name, target: `≥ ${min}`, value, pass: value >= min, ...(counts ? { counts } : {}) });
  if (county) {
    // From the pair counts: the rows are rounded to four places, and 1,193 right of 1,199 (0.99499…) is no 0.995.
    const [people, disputes] = [
      scoresOf(county.people, county.people.items),
      scoresOf(county.disputes, county.disputes.items),
    ];
    const right = (r: ScoreRow) => `${r.truePositivePairs} of ${r.predictedPairs} pairs`;
    at('people F1', people.f1, TARGETS.peopleF1);
    at('people precision', people.precision, TARGETS.peoplePrecision, right(county.people));
    at('disputes F1', disputes.f1, TARGETS.disputesF1);
    at('disputes precision', disputes.precision, TARGETS.disputesPrecision, right(county.disputes));
  }
  for (const f of febrl) at(`FEBRL ${f.kind} F1`, f.f1, TARGETS.febrlF1);
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function scoreLine(label: string, s: ScoreRow, width: number): string {
  return [
    label.padEnd(width),
    pct(s.precision).padStart(9),
    pct(s.recall).padStart(9),
    s.f1.toFixed(4).padStart(8),
    `${s.truePairs} / ${s.predictedPairs} / ${s.truePositivePairs}`.padStart(26),
  ].join('  ');
}

function failureLines(title: string, cases: FailureCase[], itemsPerGroup = 3): string[] {
  if (cases.length === 0) return [`  ${title}: none`];
  const lines = [`  ${title}:`];
  for (const c of cases) {
    lines.push(`    ${c.key} (${c.pairs} pairs)`);
    for (const g of c.groups.slice(0, 4)) {
      const shown = g.items.slice(0, itemsPerGroup);
      const more = g.items.length > shown.length ? ` … +${g.items.length - shown.length}` : '';
      lines.push(`      ${g.key}: ${shown.join('; ')}${more}`);
    }
    if (c.groups.length > 4) lines.push(`      … ${c.groups.length - 4} more groups`);
  }
  return lines;
}

function afterQueueLines(after: NonNullable<CountyRun['afterQueue']>, width: number): string[] {
  const q = after.queue;
  const refused = [
    ...Object.entries(q.refused).map(([code, n]) => `${n} refused (${code})`),
    ...(q.unknown ? [`${q.unknown} not known to the truth`] : []),
  ];
  return [
    '',
    `After a steward decides the review queue by the truth (${q.openBefore.person} person and ` +
      `${q.openBefore.dispute} dispute pairs open; decided: persons ${q.decided.person.same} same, ` +
      `${q.decided.person.different} different; disputes ${q.decided.dispute.same} same, ` +
      `${q.decided.dispute.different} different; ${[`${q.superseded} superseded`, ...refused].join(', ')}; ` +
      `${q.openAfter} left open after ${q.passes} passes):`,
    scoreLine('people (mentions)', after.people, width),
    scoreLine('disputes (records)', after.disputes, width),
    '  decided, by why the pair was proposed:',
    ...Object.entries(q.byReason)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reason, n]) => `    ${`${n.same} same, ${n.different} different`.padEnd(24)} ${reason}`),
  ];
}

export function formatQualityReport(
  county: CountyRun | undefined,
  febrl: FebrlRun[],
  targets: TargetResult[],
): string {
  const lines: string[] = [];
  const width = 22;
  const header = [
    ''.padEnd(width),
    'precision'.padStart(9),
    'recall'.padStart(9),
    'F1'.padStart(8),
    'pairs true / pred / right'.padStart(26),
  ].join('  ');
  if (county) {
    const c = county;
    lines.push(
      `Hub quality: county of ${c.parameters.disputes} disputes (seed ${c.parameters.seed}), ` +
        `${c.generated.records} records, ${c.generated.mentions} person mentions of ${c.generated.people} people`,
      `  ingest: ${c.ingest.accepted} accepted, ${c.ingest.duplicate} duplicate, ${c.ingest.rejected} rejected; ` +
        `${Object.entries(c.records.byStatus)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ')}; ${(c.ingest.ms / 1000).toFixed(0)} s (${c.ingest.recordsPerSecond} records/s, ` +
        `window ${c.parameters.windowDays} d)`,
      '',
      header,
      scoreLine('people (mentions)', c.people, width),
      scoreLine('disputes (records)', c.disputes, width),
      ...(c.afterQueue ? afterQueueLines(c.afterQueue, width) : []),
      '',
      `  people: ${c.people.truePeople} true, ${c.people.hubPeople} in the hub; ${c.people.matchedMentions} mentions ` +
        `matched to the crosswalk, ${c.people.unmatchedMentions} not found, ${c.people.unlabelledHubMentions} hub ` +
        `person parties unlabelled`,
      `  disputes: ${c.disputes.trueDisputes} true, ${c.disputes.hubDisputes} in the hub`,
      `  blocking recall (people): ${pct(c.people.blockingRecall)}`,
      `  comparisons per record: person ${c.comparisonsPerRecord.person}, dispute ${c.comparisonsPerRecord.dispute}`,
      '',
      'By hard case (pairs involving a mention or record with the tag):',
      `  ${'tag'.padEnd(26)}  ${'true pairs'.padStart(10)}  ${'recall'.padStart(8)}  ${'pred pairs'.padStart(10)}  ${'precision'.padStart(9)}`,
    );
    const tagRows = [
      ...Object.entries(c.people.byTag).map(([t, s]) => [`${t}`, s] as const),
      ...Object.entries(c.disputes.byTag).map(([t, s]) => [`${t} (dispute)`, s] as const),
    ];
    for (const [tag, s] of tagRows) {
      lines.push(
        `  ${tag.padEnd(26)}  ${String(s.truePairs).padStart(10)}  ${pct(s.recall).padStart(8)}  ${String(s.predictedPairs).padStart(10)}  ${pct(s.precision).padStart(9)}`,
      );
    }
    lines.push('', 'Missed people pairs, by where the two records stand and the names they give:');
    for (const [shape, n] of Object.entries(c.people.missedBy ?? {}))
      lines.push(`  ${shape.padEnd(40)} ${String(n).padStart(6)}`);
    lines.push('', 'Missed dispute pairs, by the channels of the two records:');
    for (const [channels, n] of Object.entries(c.disputes.missedBy ?? {}))
      lines.push(`  ${channels.padEnd(40)} ${String(n).padStart(6)}`);
    lines.push(
      '',
      'Worst failures:',
      ...failureLines('people, false merges (hub person → true people)', c.failures.people.falseMerges),
      ...failureLines('people, missed links (true person → hub people)', c.failures.people.missedLinks),
      ...failureLines(
        'disputes, false merges (hub dispute → true disputes)',
        c.failures.disputes.falseMerges,
      ),
      ...failureLines(
        'disputes, missed links (true dispute → hub disputes)',
        c.failures.disputes.missedLinks,
      ),
    );
    if (c.ingest.rejections.length)
      lines.push('', 'Rejected at ingest:', ...c.ingest.rejections.map((r) => `  ${r}`));
  }
  for (const f of febrl) {
    lines.push(
      '',
      `FEBRL ${f.kind} (${f.files.join(' + ')}): ${f.records} records, ${f.trueEntities} true people, ` +
        `${f.hubPeople} in the hub, ${f.unresolved} unresolved; ${(f.ingest.ms / 1000).toFixed(0)} s`,
      header,
      scoreLine('people', f, width),
      `  blocking recall ${pct(f.blockingRecall)}, comparisons per record ${f.comparisonsPerRecord}`,
      ...failureLines('false merges', f.failures.falseMerges),
      ...failureLines('missed links', f.failures.missedLinks),
    );
  }
  lines.push('', 'Targets:');
  for (const t of targets)
    lines.push(
      `  ${t.pass ? 'PASS' : 'MISS'}  ${t.name.padEnd(20)} ${t.value.toFixed(4)} (${t.counts ? `${t.counts}; ` : ''}target ${t.target})`,
    );
  return lines.join('\n');
}

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/** Writes results/quality-<date>.json and the `quality` entry of results/latest.json, as bench/run.ts does. */
function record(entry: { ranAt: string } & Record<string, unknown>): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `quality-${entry.ranAt.slice(0, 10)}.json`);
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
  latest.quality = entry;
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
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const onSignal = () => {
    log('interrupted: stopping the hubs');
    void Promise.all([...running].map((h) => h.stop())).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const ranAt = new Date();
  const loadBefore = loadavg()[0]!;
  const county = args.disputes > 0 ? await runCounty(args, log) : undefined;
  const febrl: FebrlRun[] = [];
  if (args.febrl) {
    febrl.push(await runFebrl('dedup', args, log));
    febrl.push(await runFebrl('linkage', args, log));
  }
  const targets = evaluateTargets(county, febrl);
  console.log(formatQualityReport(county, febrl, targets));
  const commit = commandOutput('git', ['rev-parse', 'HEAD'])?.trim();
  const status = commandOutput('git', ['status', '--porcelain']);
  const file = record({
    benchmark: 'quality',
    ranAt: ranAt.toISOString(),
    durationMs: Date.now() - ranAt.getTime(),
    machine: {
      ...machineInfo(),
      loadAverage1m: {
        before: Math.round(loadBefore * 100) / 100,
        after: Math.round(loadavg()[0]! * 100) / 100,
      },
    },
    git: { commit, dirty: status === undefined ? undefined : status.trim().length > 0 },
    parameters: { ...args },
    // The examples behind --explain are for reading there, not for keeping.
    results: { county: county && withoutExamples(county), febrl, targets },
  });
  console.log(`\nwrote ${file} and results/latest.json`);
  return 0;
}

function withoutExamples(county: CountyRun): CountyRun {
  const { missedExamples: _, ...people } = county.people;
  return { ...county, people };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    async (error: unknown) => {
      const plain =
        error instanceof CrosswalkUnavailableError ||
        (error instanceof Error && /^(usage:|unknown argument|--)/.test(error.message));
      console.error(plain ? (error as Error).message : error);
      await Promise.all([...running].map((h) => h.stop()));
      process.exit(1);
    },
  );
}
