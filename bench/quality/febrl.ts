/**
 * Person-resolution quality on the FEBRL benchmark (/work/shared/benchmarks/febrl): records resolved one by one, as
 * the hub resolves them (blocking keys → candidates → score → link or new person), clusters as the union of links,
 * then pairwise precision, recall and F1 against the true entities, blocking recall and comparisons per record.
 * Pure and in-process: no hub, no store. `npx tsx bench/quality/febrl.ts` prints the table.
 *
 * The soc_sec_id is an identifier of another scheme. In the hub it is stored as a blind index, so only exact agreement
 * is observable; that is the default (`socSecId: 'exact-only'`). `'clear'` also lets the comparator see typos (one or
 * two edits), which the hub cannot: it is reported beside, for comparison with published set-ups.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type BlockingKey,
  candidatesFromBlocks,
  personBlockingKeys,
  planBlock,
  profileBlockingKeys,
} from '../../functions/resolution/blocking-keys.js';
import type { MatchModel, Thresholds } from '../../functions/resolution/match-weights.js';
import {
  decidePerson,
  type MentionForMatching,
  mergeProfiles,
  type PersonDecision,
  type PersonProfile,
  profileFrequencyValues,
  profileWithMention,
  scorePersonCandidate,
} from '../../functions/resolution/person-matcher.js';
import type { Location, PersonName } from '../../schemas/generated/types.js';
import { keySharingRecall, pairCounts } from './pairwise.js';

export const FEBRL_DIR = '/work/shared/benchmarks/febrl';

export interface FebrlRecord {
  recId: string;
  /** The `<N>` of `rec-<N>-…`: records with the same N are the same person. */
  entity: string;
  givenName: string;
  surname: string;
  streetNumber: string;
  address1: string;
  address2: string;
  suburb: string;
  postcode: string;
  state: string;
  dateOfBirth: string;
  socSecId: string;
}

/** Parses a FEBRL CSV: one header row, no quoting, every value after a space, LF or CRLF line ends. */
export function parseFebrl(text: string): FebrlRecord[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim()) ?? [];
  const expected =
    'rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,soc_sec_id';
  if (header.join(',') !== expected) {
    throw new Error(`unexpected FEBRL header "${header.join(',')}"; expected "${expected}"`);
  }
  return lines.slice(1).map((line, i) => {
    const v = line.split(',').map((x) => x.trim());
    if (v.length !== 11) throw new Error(`FEBRL line ${i + 2} has ${v.length} fields; expected 11: ${line}`);
    const recId = v[0]!;
    const entity = /^rec-(\d+)-/.exec(recId)?.[1];
    if (entity === undefined) throw new Error(`FEBRL line ${i + 2}: rec_id "${recId}" is not rec-<N>-…`);
    return {
      recId,
      entity,
      givenName: v[1]!,
      surname: v[2]!,
      streetNumber: v[3]!,
      address1: v[4]!,
      address2: v[5]!,
      suburb: v[6]!,
      postcode: v[7]!,
      state: v[8]!,
      dateOfBirth: v[9]!,
      socSecId: v[10]!,
    };
  });
}

export function readFebrl(file: string): FebrlRecord[] {
  return parseFebrl(readFileSync(`${FEBRL_DIR}/${file}`, 'utf8'));
}

/** Stands in for the hub's keyed blind index: a hash, so the matcher sees only equality. */
function blindIndexOf(scheme: string, value: string): string {
  return createHash('sha256').update(`febrl-eval:${scheme}:${value}`).digest('base64url').slice(0, 22);
}

/**
 * How a row becomes a mention: `structured` keeps the surname apart (PersonName.surname) and writes the address as
 * an Australian address line ending in the postcode; `adapter` is what adapters/febrl/mapping.jsonata produces today
 * (one name string without a surname field, the address fields joined by spaces with the state last).
 */
export type FebrlMapping = 'structured' | 'adapter';

/** A FEBRL row as the party mention an adapter would produce. */
export function febrlMention(
  record: FebrlRecord,
  socSecId: 'exact-only' | 'clear' = 'exact-only',
  mapping: FebrlMapping = 'structured',
): MentionForMatching {
  const full = [record.givenName, record.surname].filter(Boolean).join(' ');
  const structured = mapping === 'structured';
  const name: PersonName | undefined = full
    ? {
        asGiven: full,
        normalised: full,
        form: 'full',
        ...(structured && record.surname ? { surname: record.surname } : {}),
      }
    : undefined;
  const street = [record.streetNumber, record.address1].filter(Boolean).join(' ');
  const addressText = structured
    ? [street, record.address2, record.suburb, [record.state, record.postcode].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', ')
    : [street, record.address2, record.suburb, record.postcode, record.state].filter(Boolean).join(' ');
  const address: Location | undefined = addressText ? { addressText } : undefined;
  const birthDate = isoDate(record.dateOfBirth);
  const scheme = 'febrl-soc-sec-id';
  return {
    kind: 'person',
    roles: ['involved'],
    ...(name ? { name } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(address ? { addresses: [address] } : {}),
    ...(record.socSecId
      ? {
          otherIds: [
            {
              scheme,
              masked: `***${record.socSecId.slice(-3)}`,
              blindIndex: blindIndexOf(scheme, record.socSecId),
              ...(socSecId === 'clear' ? { value: record.socSecId } : {}),
            },
          ],
        }
      : {}),
  };
}

function isoDate(yyyymmdd: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return `${y}-${mo}-${d}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Incremental resolution and pairwise evaluation, shared with the synthetic benchmark

export interface LabelledMention {
  /** Record id. */
  id: string;
  /** The true entity. */
  truth: string;
  /** For linkage: which file the record came from; pairs are counted across sides only. */
  side?: 'a' | 'b';
  mention: MentionForMatching;
}

export interface ResolutionOptions {
  model?: MatchModel;
  thresholds?: Thresholds;
  /**
   * When a record links to one person and also reaches the link threshold with another, compatible one (the same
   * person stored twice), join the two: clusters are the union of links. Default true.
   */
  mergeDuplicates?: boolean;
  /**
   * `oracle`: a steward works the review queue perfectly, linking a record to its true person when the review proposes
   * it (an upper bound for "after review"); `none` (default): reviews stay unlinked.
   */
  steward?: 'none' | 'oracle';
  /** Tuning aid: called with every decision, the record and what its true entity is. */
  trace?: (event: {
    item: LabelledMention;
    decision: PersonDecision;
    truthsOf: (entityId: string) => ReadonlySet<string>;
  }) => void;
}

export interface QualityResult {
  records: number;
  truePairs: number;
  predictedPairs: number;
  truePositivePairs: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of true pairs sharing at least one blocking key (caps ignored, as usually reported). */
  blockingRecall: number;
  /** Share of records with an earlier true match whose entity was among the candidates actually scored. */
  candidateRecall: number;
  /**
   * Pairwise recall if every true pair connected through shared blocking keys (directly or through other records of
   * the same person) were linked: the most any resolver using these keys can reach on the data.
   */
  evidenceCeiling: number;
  comparisonsPerRecord: number;
  /** Records that went to review (counted as not linked above). */
  reviews: number;
  /** Reviews whose proposed candidates include the record's true entity. */
  reviewsWithTrueCandidate: number;
  /** Records linked to an entity holding none of their true matches. */
  wrongLinks: number;
  /** Entities joined because one record linked to both (union of links). */
  merges: number;
  oversizedBlocks: number;
  entities: number;
  durationMs: number;
}

/** Resolves the mentions one by one against everything resolved before them, then measures the clusters. */
export function resolveAndEvaluate(
  mentions: readonly LabelledMention[],
  options: ResolutionOptions = {},
): QualityResult {
  const started = performance.now();
  const profiles = new Map<string, PersonProfile>();
  const blocks = new Map<string, string[]>();
  const indexedKeys = new Map<string, Set<string>>();
  const counts = new Map<string, Set<string>>();
  const counted = new Map<string, Set<string>>();
  const entityOf = new Map<string, string>();
  const truthsOfEntity = new Map<string, Set<string>>();
  const recordsOfEntity = new Map<string, string[]>();
  let merges = 0;
  const seenTruths = new Set<string>();
  let comparisons = 0;
  let reviews = 0;
  let reviewsWithTrueCandidate = 0;
  let wrongLinks = 0;
  let oversizedBlocks = 0;
  let withEarlierMatch = 0;
  let candidateHits = 0;
  const frequencyOf = (table: string, value: string) => counts.get(`${table}\u0000${value}`)?.size ?? 0;
  /** Folds entity `loser` into `winner`: its records, profile, block entries and value counts. */
  const merge = (loser: string, winner: string) => {
    profiles.set(winner, mergeProfiles(profiles.get(winner)!, profiles.get(loser)!));
    profiles.delete(loser);
    for (const record of recordsOfEntity.get(loser) ?? []) entityOf.set(record, winner);
    recordsOfEntity.set(winner, [
      ...(recordsOfEntity.get(winner) ?? []),
      ...(recordsOfEntity.get(loser) ?? []),
    ]);
    recordsOfEntity.delete(loser);
    for (const truth of truthsOfEntity.get(loser) ?? []) truthsOfEntity.get(winner)?.add(truth);
    truthsOfEntity.delete(loser);
    const winnerKeys = indexedKeys.get(winner)!;
    for (const key of indexedKeys.get(loser) ?? []) {
      const ids = (blocks.get(key) ?? []).filter((id) => id !== loser);
      if (!winnerKeys.has(key)) {
        ids.push(winner);
        winnerKeys.add(key);
      }
      blocks.set(key, ids);
    }
    indexedKeys.delete(loser);
    const winnerValues = counted.get(winner)!;
    for (const k of counted.get(loser) ?? []) {
      const holders = counts.get(k)!;
      holders.delete(loser);
      holders.add(winner);
      winnerValues.add(k);
    }
    counted.delete(loser);
  };

  for (const [n, item] of mentions.entries()) {
    // 1. Blocks: the stored entities under each of the mention's keys, read up to each key's cap.
    const keys = personBlockingKeys(item.mention);
    const read = keys.map((key) => {
      const ids = blocks.get(key.key) ?? [];
      const plan = planBlock(key, ids.length);
      if (plan.oversized) oversizedBlocks++;
      return { plan, entityIds: [...ids].reverse() };
    });
    const candidateIds = candidatesFromBlocks(read);
    comparisons += candidateIds.length;
    if (seenTruths.has(item.truth)) {
      withEarlierMatch++;
      if (candidateIds.some((id) => truthsOfEntity.get(id)?.has(item.truth))) candidateHits++;
    }

    // 2. Score and decide.
    const decision = decidePerson(
      item.mention,
      candidateIds.map((id) => profiles.get(id)!),
      {
        frequencyOf,
        population: profiles.size,
        ...(options.model ? { model: options.model } : {}),
        ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      },
    );
    options.trace?.({ item, decision, truthsOf: (id) => truthsOfEntity.get(id) ?? new Set() });
    let entityId: string;
    if (decision.outcome === 'link') {
      entityId = decision.personId;
      if (!truthsOfEntity.get(entityId)?.has(item.truth)) wrongLinks++;
      if (options.mergeDuplicates ?? true) {
        for (const duplicate of decision.possibleDuplicates) {
          merge(duplicate.personId, entityId);
          merges++;
        }
      }
    } else {
      entityId = `e${n}`;
      if (decision.outcome === 'review') {
        reviews++;
        const proposed = decision.candidates.find((c) => truthsOfEntity.get(c.personId)?.has(item.truth));
        if (proposed) {
          reviewsWithTrueCandidate++;
          if (options.steward === 'oracle') entityId = proposed.personId;
        }
      }
    }

    // 3. Store: the profile, its keys and its value counts.
    const profile = profileWithMention(profiles.get(entityId) ?? emptyProfile(entityId), item.mention);
    profiles.set(entityId, profile);
    entityOf.set(item.id, entityId);
    recordsOfEntity.set(entityId, [...(recordsOfEntity.get(entityId) ?? []), item.id]);
    if (!truthsOfEntity.has(entityId)) truthsOfEntity.set(entityId, new Set());
    truthsOfEntity.get(entityId)!.add(item.truth);
    seenTruths.add(item.truth);
    const known = indexedKeys.get(entityId) ?? new Set<string>();
    indexedKeys.set(entityId, known);
    for (const key of profileBlockingKeys(profile)) {
      if (known.has(key.key)) continue;
      known.add(key.key);
      const ids = blocks.get(key.key) ?? [];
      ids.push(entityId);
      blocks.set(key.key, ids);
    }
    const mine = counted.get(entityId) ?? new Set<string>();
    counted.set(entityId, mine);
    for (const { table, value } of profileFrequencyValues(profile)) {
      const k = `${table}\u0000${value}`;
      if (mine.has(k)) continue;
      mine.add(k);
      const holders = counts.get(k) ?? new Set<string>();
      holders.add(entityId);
      counts.set(k, holders);
    }
  }

  const pairs = mentionPairCounts(mentions, entityOf);
  const precision = pairs.predicted === 0 ? 1 : pairs.truePositive / pairs.predicted;
  const recall = pairs.truth === 0 ? 1 : pairs.truePositive / pairs.truth;
  return {
    records: mentions.length,
    truePairs: pairs.truth,
    predictedPairs: pairs.predicted,
    truePositivePairs: pairs.truePositive,
    precision: round4(precision),
    recall: round4(recall),
    f1: round4(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)),
    blockingRecall: round4(blockingRecall(mentions)),
    evidenceCeiling: round4(evidenceCeiling(mentions)),
    candidateRecall: round4(withEarlierMatch === 0 ? 1 : candidateHits / withEarlierMatch),
    comparisonsPerRecord: Math.round((comparisons / Math.max(1, mentions.length)) * 100) / 100,
    reviews,
    reviewsWithTrueCandidate,
    wrongLinks,
    merges,
    oversizedBlocks,
    entities: profiles.size,
    durationMs: Math.round(performance.now() - started),
  };
}

function emptyProfile(id: string): PersonProfile {
  return { id, names: [], residentIds: [], phones: [] };
}

/** Pairs within one file (dedupe) or across sides (linkage, when mentions carry `side`). */
function mentionPairCounts(mentions: readonly LabelledMention[], entityOf: ReadonlyMap<string, string>) {
  const counts = pairCounts(
    mentions,
    (m) => m.truth,
    (m) => entityOf.get(m.id),
    { sideOf: (m) => m.side },
  );
  return {
    truth: counts.truePairs,
    predicted: counts.predictedPairs,
    truePositive: counts.truePositivePairs,
  };
}

/** Share of true pairs whose records share at least one blocking key. */
function blockingRecall(mentions: readonly LabelledMention[]): number {
  return keySharingRecall(
    mentions,
    (m) => m.truth,
    (m) => personBlockingKeys(m.mention).map((k: BlockingKey) => k.key),
    { sideOf: (m) => m.side },
  );
}

/** Pairwise recall of the true entities split into the parts their records' shared blocking keys connect. */
function evidenceCeiling(mentions: readonly LabelledMention[]): number {
  const linkage = mentions.some((m) => m.side !== undefined);
  const byTruth = new Map<string, number[]>();
  for (const [i, m] of mentions.entries()) byTruth.set(m.truth, [...(byTruth.get(m.truth) ?? []), i]);
  const keys = mentions.map((m) => new Set(personBlockingKeys(m.mention).map((k) => k.key)));
  let reachable = 0;
  let total = 0;
  for (const members of byTruth.values()) {
    const parent = new Map(members.map((i) => [i, i]));
    const find = (i: number): number => (parent.get(i) === i ? i : find(parent.get(i)!));
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = members[x]!;
        const b = members[y]!;
        if ([...keys[a]!].some((k) => keys[b]!.has(k))) parent.set(find(a), find(b));
      }
    }
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = members[x]!;
        const b = members[y]!;
        if (linkage && mentions[a]!.side === mentions[b]!.side) continue;
        total++;
        if (find(a) === find(b)) reachable++;
      }
    }
  }
  return total === 0 ? 1 : reachable / total;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

// ---------------------------------------------------------------------------------------------------------------
// FEBRL

export interface FebrlOptions extends ResolutionOptions {
  /** `4`: dataset4a then dataset4b, pairs across the files (default). `3`: dataset3, pairs within the file. */
  dataset?: '3' | '4';
  socSecId?: 'exact-only' | 'clear';
  mapping?: FebrlMapping;
}

export interface FebrlResult extends QualityResult {
  dataset: '3' | '4';
  socSecId: 'exact-only' | 'clear';
  mapping: FebrlMapping;
}

/** Runs the incremental resolution over a FEBRL data set and measures it. */
export function evaluateFebrl(options: FebrlOptions = {}): FebrlResult {
  const dataset = options.dataset ?? '4';
  const socSecId = options.socSecId ?? 'exact-only';
  const mapping = options.mapping ?? 'structured';
  const label = (file: string, side?: 'a' | 'b'): LabelledMention[] =>
    readFebrl(file).map((r) => ({
      id: `${file}:${r.recId}`,
      truth: r.entity,
      ...(side ? { side } : {}),
      mention: febrlMention(r, socSecId, mapping),
    }));
  const mentions =
    dataset === '3'
      ? label('dataset3.csv')
      : [...label('dataset4a.csv', 'a'), ...label('dataset4b.csv', 'b')];
  return { dataset, socSecId, mapping, ...resolveAndEvaluate(mentions, options) };
}

/**
 * Tuning aid: how often each level of each field occurs among candidate pairs that are the same person (≈ m) and
 * that are not (≈ u within blocks), over all pairs of records sharing a blocking key.
 */
export function observedLevelRates(
  mentions: readonly LabelledMention[],
): Record<string, { match: Record<string, number>; nonMatch: Record<string, number> }> {
  const byKey = new Map<string, number[]>();
  mentions.forEach((m, i) => {
    for (const k of personBlockingKeys(m.mention)) {
      const list = byKey.get(k.key) ?? [];
      list.push(i);
      byKey.set(k.key, list);
    }
  });
  const seen = new Set<string>();
  const tallies: Record<string, { match: Record<string, number>; nonMatch: Record<string, number> }> = {};
  for (const list of byKey.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        const pair = `${i}:${j}`;
        if (seen.has(pair)) continue;
        seen.add(pair);
        const a = mentions[i]!;
        const b = mentions[j]!;
        if (a.side !== undefined && a.side === b.side) continue;
        const profile = profileWithMention(emptyProfile('p'), b.mention);
        const explanation = scorePersonCandidate(a.mention, profile);
        const bucket = a.truth === b.truth ? 'match' : 'nonMatch';
        for (const f of explanation.fields) {
          tallies[f.field] ??= { match: {}, nonMatch: {} };
          const t = tallies[f.field]![bucket];
          t[f.level] = (t[f.level] ?? 0) + 1;
        }
      }
    }
  }
  return tallies;
}

/**
 * Tuning aid: how often each level occurs among random pairs of different people (≈ u over the population), from
 * `pairs` pairs drawn with a fixed seed.
 */
export function randomPairLevelRates(
  mentions: readonly LabelledMention[],
  pairs = 100_000,
): Record<string, Record<string, number>> {
  let seed = 20240305;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const tallies: Record<string, Record<string, number>> = {};
  let drawn = 0;
  while (drawn < pairs) {
    const a = mentions[Math.floor(next() * mentions.length)]!;
    const b = mentions[Math.floor(next() * mentions.length)]!;
    if (a.truth === b.truth) continue;
    drawn++;
    const explanation = scorePersonCandidate(a.mention, profileWithMention(emptyProfile('p'), b.mention));
    for (const f of explanation.fields) {
      tallies[f.field] ??= {};
      tallies[f.field]![f.level] = (tallies[f.field]![f.level] ?? 0) + 1;
    }
  }
  return tallies;
}

export function formatQuality(title: string, r: QualityResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return [
    `${title}`,
    `  records ${r.records}, entities ${r.entities}, true pairs ${r.truePairs}, predicted ${r.predictedPairs}, correct ${r.truePositivePairs}`,
    `  precision ${pct(r.precision)}  recall ${pct(r.recall)}  F1 ${r.f1.toFixed(4)}`,
    `  blocking recall ${pct(r.blockingRecall)}  candidate recall ${pct(r.candidateRecall)}  evidence ceiling ${pct(r.evidenceCeiling)}  comparisons/record ${r.comparisonsPerRecord}`,
    `  reviews ${r.reviews} (true candidate in ${r.reviewsWithTrueCandidate})  wrong links ${r.wrongLinks}  merges ${r.merges}  oversized blocks ${r.oversizedBlocks}  ${r.durationMs} ms`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--rates')) {
    const mentions = readFebrl('dataset3.csv').map((r) => ({
      id: r.recId,
      truth: r.entity,
      mention: febrlMention(r),
    }));
    // m: among true pairs that share a blocking key; u: among random pairs of different people. Both over the
    // pairs where the field is present on both sides (a missing value weighs nothing).
    const random = randomPairLevelRates(mentions, 300_000);
    const present = (x: Record<string, number>) =>
      Object.entries(x).reduce((s, [level, c]) => (level === 'missing' ? s : s + c), 0);
    for (const [field, t] of Object.entries(observedLevelRates(mentions))) {
      const r = random[field] ?? {};
      const levels = new Set([...Object.keys(t.match), ...Object.keys(r)].filter((l) => l !== 'missing'));
      console.log(field);
      for (const level of levels) {
        const m = (t.match[level] ?? 0) / Math.max(1, present(t.match));
        const u = (r[level] ?? 0) / Math.max(1, present(r));
        console.log(
          `  ${level.padEnd(20)} m ${m.toFixed(4)}  u ${u.toExponential(2)}  (${r[level] ?? 0} random pairs)`,
        );
      }
    }
  } else {
    for (const dataset of ['3', '4'] as const) {
      for (const [socSecId, mapping] of [
        ['exact-only', 'structured'],
        ['clear', 'structured'],
        ['exact-only', 'adapter'],
      ] as const) {
        const r = evaluateFebrl({ dataset, socSecId, mapping });
        const title = `FEBRL ${dataset === '3' ? '3 (dedupe)' : '4a+4b (linkage)'}, soc_sec_id ${socSecId}, ${mapping} mapping`;
        console.log(formatQuality(title, r));
      }
    }
  }
}
