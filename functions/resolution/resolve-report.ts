/**
 * Resolves one report to its people and its dispute, incrementally, against what is stored.
 *
 * People, per party: an earlier revision's link, else a claimed resident ID number, else scored matching over the
 * candidates that share a blocking key (Fellegi–Sunter; person-matcher.ts). Disputes: the record's earlier dispute,
 * else an explicit cross-source reference, else scored matching over the disputes sharing a reference, a party or a
 * place-month block (dispute-matcher.ts).
 *
 * It proposes; the ingest pipeline writes the new value-index entries, then commits the plan in one transaction. A
 * lost race (another worker claimed the same identifier or changed the same entity first) sends it back here on fresh
 * state. Index entries written for a plan that then lost are harmless: a candidate that does not exist is skipped.
 */
import type {
  LinkDecision,
  Location,
  PartyMention,
  PartyRole,
  PersonName,
  ReportRef,
  StatusCode,
} from '../../schemas/generated/types.js';
import { newId } from '../ids.js';
import type { RecordEntities, SourceRecordState } from '../ingest/source-record.js';
import type { HubDeps } from '../runtime/deps.js';
import type { Claim } from '../store/entity-repository.js';
import type { IndexedValue } from '../store/value-index-repository.js';
import {
  type BlockingKey,
  candidatesFromBlocks,
  disputeBlockingKeys,
  personBlockingKeys,
  planBlock,
  profileBlockingKeys,
} from './blocking-keys.js';
import { compareDivisions } from './comparators.js';
import {
  DISPUTE_PARTY_TABLE,
  type DisputeCandidate,
  decideDispute,
  partyObservation,
  type ReportForMatching,
  type ScoredDispute,
  summariseReportForMatching,
} from './dispute-matcher.js';
import { type JoinedReport, summariseDispute } from './dispute-summary.js';
import {
  explainMatch,
  type FrequencyContext,
  type MatchExplanation,
  toLinkDecision,
  weighObservation,
} from './match-weights.js';
import { sideOf } from './party-sides.js';
import {
  conflictBetween,
  decidePerson,
  PERSON_MODEL,
  PERSON_THRESHOLDS,
  profileFrequencyValues,
  profileWithMention,
  type ScoredCandidate,
  scorePersonCandidate,
} from './person-matcher.js';
import { applyMention, newPerson } from './person-profile.js';
import { newReviewItem, type ReviewItem } from './review-item.js';
import {
  divisionOnly,
  keptApart,
  matchProfile,
  type StoredDispute,
  type StoredPerson,
} from './stored-entities.js';

export interface EntityChange<T> {
  entity: T;
  /** The version read (undefined when new): the commit is conditioned on it. */
  expectedVersion?: number;
  isNew: boolean;
}

export interface ResolutionPlan {
  dispute: EntityChange<StoredDispute> & { previousStatus?: StatusCode };
  persons: EntityChange<StoredPerson>[];
  claims: Claim[];
  entities: RecordEntities;
  /** Pairs for a steward, new with this record. */
  reviews: ReviewItem[];
  /** Persons found to be one person stored twice, merged by the machine once the plan is committed. */
  machineMerges: MachineMerge[];
  /** Value-index entries to write before the commit. */
  index: Array<{ key: string; entityId: string }>;
  /** Candidates scored for this record: the cost of resolving it. */
  compared: { persons: number; disputes: number };
}

type ResolveDeps = Pick<HubDeps, 'store' | 'clock'>;

export const claimKinds = { residentId: 'rid', phone: 'phone', reference: 'ref' } as const;

/** Value-index namespaces: person blocks, person value counts, dispute blocks, entity populations. */
export const indexKeys = {
  personBlock: (key: string) => `p:${key}`,
  personValue: (table: string, value: string) => `f:${table}:${value}`,
  isPersonValue: (key: string) => key.startsWith('f:'),
  disputeBlock: (key: string) => `d:${key}`,
  persons: 'n:persons',
  disputes: 'n:disputes',
};

/** A report's narrative is kept for matching up to this length: enough for similarity, bounded in size. */
const narrativeKept = 400;

export async function resolveReport(
  deps: ResolveDeps,
  input: { report: SourceRecordState['report'] & object; previous: SourceRecordState },
): Promise<ResolutionPlan> {
  const { report, previous } = input;
  const now = deps.clock.now();
  const at = now.toISOString();
  const claims: Claim[] = [];
  const reviews: ReviewItem[] = [];
  const machineMerges: MachineMerge[] = [];
  const index: ResolutionPlan['index'] = [];
  const compared = { persons: 0, disputes: 0 };
  const decided = (method: LinkDecision['method'], rule: string, extra: Partial<LinkDecision> = {}) =>
    ({ method, decidedBy: 'machine', decidedAt: at, rule, ...extra }) as LinkDecision;
  const trigger = { sourceId: report.sourceId, sourceRecordId: report.sourceRecordId };

  // 1. People.
  const persons = new Map<string, EntityChange<StoredPerson>>();
  const partyPersonIds: Array<string | null> = [];
  const existingClaims = await deps.store.entities.getClaims(report.parties.flatMap(identifierClaims));
  const claimOf = (kind: string, value: string) =>
    existingClaims.find((c) => c.kind === kind && c.value === value)?.entityId;
  const load = async (id: string): Promise<EntityChange<StoredPerson> | undefined> => {
    const person = await deps.store.entities.currentPerson(id);
    if (!person) return undefined;
    const cached = persons.get(person.id);
    if (cached) return cached;
    const change = { entity: person, expectedVersion: person.version, isNew: false };
    persons.set(person.id, change);
    return change;
  };

  const assigned: Assignment[] = [];
  for (const mention of report.parties) {
    if (mention.kind !== 'person') {
      partyPersonIds.push(null);
      continue;
    }
    const taken = new Set(partyPersonIds.filter((p): p is string => Boolean(p)));
    let target: EntityChange<StoredPerson> | undefined;
    let linkedBy: LinkDecision | undefined;
    let frequencies: FrequencyContext | undefined;
    const reused = previousPersonFor(previous, mention);
    const ridClaim = mention.residentId?.blindIndex
      ? claimOf(claimKinds.residentId, mention.residentId.blindIndex)
      : undefined;
    if (reused) {
      target = await load(reused);
      linkedBy = decided('same-record', 'party of an earlier revision of this record');
    }
    if (!target && ridClaim) {
      target = await load(ridClaim);
      if (target && taken.has(target.entity.id)) target = undefined;
      linkedBy = decided('exact-identifier', 'same resident ID number', {
        evidence: [{ field: 'residentId', level: 'exact' }],
      });
    }
    if (!target) {
      const scored = await scorePerson(deps, placed(mention, report.location), taken);
      compared.persons += scored.compared;
      frequencies = scored.frequencies;
      const decision = scored.decision;
      if (decision.outcome === 'link') {
        target = await load(decision.personId);
        linkedBy = toLinkDecision(decision.explanation, at, 'scored match above the link threshold');
        for (const dup of decision.possibleDuplicates) {
          const other = await deps.store.entities.getPerson(dup.personId);
          if (target && other && !keptApart(target.entity, other)) {
            reviews.push(
              personReview(
                target.entity.id,
                other,
                dup.explanation,
                'also matches this record: possibly one person stored twice',
              ),
            );
          }
        }
      }
      if (!target) {
        target = { entity: newPerson(newId('per', now)), isNew: true };
        const candidates = decision.outcome === 'review' ? decision.candidates : [];
        const nearest = decision.outcome === 'new' ? decision.nearest : candidates[0];
        linkedBy = newEntityDecision(at, nearest?.explanation, candidates.length);
        for (const candidate of candidates) {
          const other = scored.profiles.get(candidate.personId);
          if (other)
            reviews.push(
              personReview(
                target.entity.id,
                other,
                candidate.explanation,
                'scored between the review and link thresholds',
              ),
            );
        }
      }
    }
    assigned.push({
      position: partyPersonIds.length,
      mention,
      target,
      linkedBy: linkedBy!,
      provisional: target.isNew,
      ...(frequencies ? { frequencies } : {}),
    });
    persons.set(target.entity.id, target);
    partyPersonIds.push(target.entity.id);
  }

  // A caller known as 徐小姐 and 徐小琴 among the parties of the same call: one person named twice.
  const folded = speaksOfRelative(report.narrative)
    ? { moved: [], duplicates: [] }
    : foldNamedTwice(assigned, persons, partyPersonIds, report.location, at);
  dropProposalsFor(folded.moved);

  /** A pair proposed for a new person that has since joined another is settled: it leaves the queue. */
  function dropProposalsFor(ids: readonly string[]) {
    const settled = new Set(ids);
    reviews.splice(0, reviews.length, ...reviews.filter((r) => !settled.has(r.leftId)));
  }

  function personReview(leftId: string, right: StoredPerson, explanation: MatchExplanation, because: string) {
    return newReviewItem({
      kind: 'person',
      leftId,
      rightId: right.id,
      explanation,
      proposedBecause: because,
      records: right.records.length + 1,
      sourceIds: [report.sourceId, ...right.records.map((r) => r.sourceId)],
      ...(report.location?.divisionCode ? { divisionCode: report.location.divisionCode } : {}),
      trigger,
      createdAt: at,
    });
  }

  for (const d of folded.duplicates) {
    const target = persons.get(d.of)?.entity;
    if (target && !keptApart(target, d.party))
      reviews.push(personReview(d.of, d.party, d.explanation, namedTwiceInDoubt));
  }

  // 2. The dispute.
  const refs = referenceValues(report);
  const refClaims = await deps.store.entities.getClaims(
    refs.map((value) => ({ kind: claimKinds.reference, value })),
  );
  let existing: StoredDispute | undefined;
  let linkedBy: LinkDecision | undefined;
  let related: ScoredDispute[] = [];
  if (previous.entities?.disputeId) {
    existing = await deps.store.entities.currentDispute(previous.entities.disputeId);
    linkedBy = decided('same-record', 'an earlier revision of this record');
  }
  if (!existing) {
    const hit = refs.map((v) => refClaims.find((c) => c.value === v)).find(Boolean);
    if (hit) {
      existing = await deps.store.entities.currentDispute(hit.entityId);
      linkedBy = decided('explicit-reference', `cross-source reference ${hit.value}`, {
        evidence: [{ field: 'reference', level: 'explicit', detail: hit.value }],
      });
    }
  }
  const blocks = disputeBlockingKeys(report, partyPersonIds);
  let reviewCandidates: Array<{ candidate: ScoredDispute; other: StoredDispute }> = [];
  let scoredDisputes: StoredDispute[] = [];
  let duplicateCandidates: Array<{ candidate: ScoredDispute; other: StoredDispute }> = [];
  // Joined by a reference, the record is still scored: the scores find the other disputes between the same people (a
  // quarrel of March whose parties its new people may be), the related ones, and a twin of the one it joined (the 110
  // call that came before the grid worker quoted the 12345 order).
  const joinedByReference = linkedBy?.method === 'explicit-reference' ? existing : undefined;
  if (!existing || joinedByReference) {
    const scored = await scoreDispute(deps, { report, partyPersonIds }, blocks.query);
    scoredDisputes = [...scored.disputes.values()];
    compared.disputes += scored.compared;
    const decision = scored.decision;
    const asPairs = (candidates: readonly ScoredDispute[]) =>
      candidates.map((candidate) => ({ candidate, other: scored.disputes.get(candidate.disputeId)! }));
    if (joinedByReference) {
      // The one the scores link (another number the record quotes, or the best by evidence) and its twins, but for
      // the dispute the reference joined.
      const linked =
        decision.outcome === 'link'
          ? [
              { disputeId: decision.disputeId, explanation: decision.explanation },
              ...(decision.possibleDuplicates ?? []),
            ]
          : [];
      duplicateCandidates = asPairs(linked.filter((c) => c.disputeId !== joinedByReference.id));
    } else if (decision.outcome === 'link') {
      existing = scored.disputes.get(decision.disputeId);
      linkedBy = toLinkDecision(decision.explanation, at, 'scored match above the link threshold');
      duplicateCandidates = asPairs(decision.possibleDuplicates ?? []);
    } else {
      const candidates = decision.outcome === 'review' ? decision.candidates : [];
      const nearest = decision.outcome === 'new' ? decision.nearest : candidates[0];
      linkedBy = newEntityDecision(at, nearest?.explanation, candidates.length);
      reviewCandidates = asPairs(candidates);
    }
    related = decision.outcome === 'new' ? [] : decision.related;
  }
  // 3. A party new to the hub may be a party of the dispute the record joined, or of another dispute between the same
  //    people (their names meet again in this town).
  const contexts: PartyContext[] = [
    ...(existing ? [{ dispute: existing, joined: true }] : []),
    ...scoredDisputes
      .filter((d) => d.id !== existing?.id && samePeople({ report, partyPersonIds }, d))
      .map((dispute) => ({ dispute, joined: false })),
  ];
  if (contexts.length > 0) {
    const joined = await joinDisputeParties(
      deps,
      contexts,
      assigned,
      persons,
      partyPersonIds,
      quarrelPlace(report.location, existing?.location),
      at,
    );
    // A pair of one record's caller and the party it names (named twice, in doubt) follows either into the party it
    // joined (the 王桂玲 a 王女士 was named beside): whether the two are one is still open. Other pairs proposed for a
    // new person that has just joined a party are settled: they leave the queue.
    const joinedAs = new Map(joined.joinedTo.map((j) => [j.from, j.to]));
    reviews.splice(
      0,
      reviews.length,
      ...reviews.flatMap((r) => {
        if (r.kind !== 'person') return [r];
        const follows = r.proposedBecause === namedTwiceInDoubt;
        if (!follows && joinedAs.has(r.leftId)) return [];
        const leftId = (follows ? joinedAs.get(r.leftId) : undefined) ?? r.leftId;
        const rightId = joinedAs.get(r.rightId) ?? r.rightId;
        if (leftId === r.leftId && rightId === r.rightId) return [r];
        const [left, right] = [persons.get(leftId)?.entity, persons.get(rightId)?.entity];
        if (!left || !right || leftId === rightId || keptApart(left, right)) return [];
        const explanation = {
          total: r.score,
          thresholds: r.thresholds,
          decision: 'review',
          fields: r.evidence,
        } as const;
        return [personReview(leftId, right, explanation, r.proposedBecause)];
      }),
    );
    for (const d of joined.proposals) {
      if (persons.has(d.of) && !keptApart(persons.get(d.of)!.entity, d.party))
        reviews.push(
          personReview(d.of, d.party, d.explanation, 'a party of the same dispute, left in doubt'),
        );
    }
    for (const d of joined.duplicates) {
      const target = persons.get(d.of)?.entity;
      if (!target || keptApart(target, d.party)) continue;
      // One full name in one quarrel, written alike or by ear (陈文勇, 陳文勇, 陈文永), nothing telling them apart:
      // one person. Anything weaker (张先生, a one-character typo that may be a sister's name) is a steward's call.
      const name = d.explanation.fields.find((f) => f.field === 'name')?.level ?? '';
      const context = d.explanation.fields.find((f) => f.field === 'dispute');
      // 李师傅, known by his phone from earlier calls, scored above the link threshold against the one 李 of the
      // quarrel: as a new mention would join him, the person known only by part of a name joins the party.
      // Named side by side in one record and not taken for one then, they stay two for the machine: the anonymous 110
      // caller beside the 胡敏 the officer listed, calling again as 胡先生, may be her son. A steward may join them.
      const partOfName =
        d.explanation.decision === 'link' &&
        context?.level !== 'party-other-side' &&
        !namedTogether(target, d.party) &&
        (onlyPartOfName([
          ...target.names,
          ...assigned.filter((a) => a.target.entity.id === d.of).map((a) => a.mention.name),
        ]) ||
          onlyPartOfName(d.party.names));
      const because = oneFullNameInQuarrel(d.explanation)
        ? {
            rule: 'the same full name, and both parties of one dispute',
            reason: `one full name (${name}), both ${context?.detail ?? 'parties of one dispute'}`,
          }
        : partOfName
          ? {
              rule: 'known only by part of the name, and linked as a party of one dispute',
              reason: `${d.explanation.total} bits (${context?.level ?? 'party'}), ${context?.detail ?? 'a party of one dispute'}`,
            }
          : undefined;
      if (because) {
        machineMerges.push({
          kind: 'person',
          aId: d.of,
          bId: d.party.id,
          explanation: d.explanation,
          because,
        });
      } else {
        reviews.push(
          personReview(
            d.of,
            d.party,
            d.explanation,
            'a party of the same dispute: possibly one person stored twice',
          ),
        );
      }
    }
  }
  for (const a of assigned) {
    const { mention, target } = a;
    const before = target.entity;
    target.entity = applyMention(target.entity, {
      sourceId: report.sourceId,
      sourceRecordId: report.sourceRecordId,
      mention,
      linkedBy: a.linkedBy,
    });
    const seen = mention.addresses?.length ? undefined : divisionOnly(report.location);
    if (seen && !target.entity.seenAt?.some((l) => l.divisionCode === seen.divisionCode)) {
      target.entity.seenAt = [...(target.entity.seenAt ?? []), seen].slice(-20);
    }
    target.entity.indexed = fileUnder(index, target.entity.id, before.indexed, [
      ...profileBlockingKeys(matchProfile(target.entity)).map((k) => indexKeys.personBlock(k.key)),
      ...profileFrequencyValues(target.entity).map((v) => indexKeys.personValue(v.table, v.value)),
      ...(target.isNew ? [indexKeys.persons] : []),
    ]);
    for (const c of identifierClaims(mention)) {
      // Two mentions of one record may give the same number: claimed once, by the first.
      const claimed = claims.some((x) => x.kind === c.kind && x.value === c.value);
      if (!claimOf(c.kind, c.value) && !claimed) claims.push({ ...c, entityId: target.entity.id });
    }
  }

  const id = existing?.id ?? newId('dsp', now);
  for (const value of refs) {
    if (!refClaims.some((c) => c.value === value))
      claims.push({ kind: claimKinds.reference, value, entityId: id });
  }
  const proposed = [
    ...reviewCandidates.map((c) => ({ ...c, because: 'scored between the review and link thresholds' })),
    ...duplicateCandidates
      .filter(({ other }) => existing && !keptApart(existing, other))
      .map((c) => ({ ...c, because: 'this record also matches it: possibly one dispute stored twice' })),
  ];
  // The dispute's other reports, when the record joined one (the 12345 order a grid worker's record quoted): at stake
  // on this side of a proposed pair, with this record.
  const others = (existing?.reports ?? []).filter((r) => !sameRecord(r, report));
  const thisSide = [...others, report];
  for (const { candidate, other, because } of proposed) {
    reviews.push(
      newReviewItem({
        kind: 'dispute',
        leftId: id,
        rightId: other.id,
        explanation: candidate.explanation,
        proposedBecause: because,
        records: thisSide.length + other.reports.length,
        sourceIds: [...thisSide, ...other.reports].map((r) => r.sourceId),
        ...(report.location?.divisionCode ? { divisionCode: report.location.divisionCode } : {}),
        trigger,
        createdAt: at,
      }),
    );
  }

  const ownRef: ReportRef = {
    sourceId: report.sourceId,
    sourceRecordId: report.sourceRecordId,
    channel: report.channel,
    reportedAt: report.reportedAt,
    linkedBy: existing?.reports.find((r) => sameRecord(r, report))?.linkedBy ?? linkedBy!,
  };
  const otherStates = await deps.store.records.batchGetStates(others);
  const joined: JoinedReport[] = [
    ...otherStates
      .filter((s) => s.report)
      .map((s) => ({
        ref: others.find((r) => sameRecord(r, s))!,
        report: s.report!,
        partyPersonIds: s.entities?.partyPersonIds ?? [],
      })),
    { ref: ownRef, report, partyPersonIds },
  ];
  const redirects = await deps.store.entities.personRedirects(joined.flatMap((j) => j.partyPersonIds));
  const dispute = summariseDispute(
    {
      id,
      version: (existing?.version ?? 0) + 1,
      riskLevel: existing?.riskLevel,
      supervisionLevel: existing?.supervisionLevel,
    },
    joined.map((j) => ({
      ...j,
      partyPersonIds: j.partyPersonIds.map((p) => (p ? (redirects.get(p) ?? p) : p)),
    })),
  );
  const matchReports = [
    ...(existing?.matchReports ?? []).filter((r) => !sameRecord(r, report)),
    {
      ...summariseReportForMatching({ report, partyPersonIds }),
      narrative: report.narrative.slice(0, narrativeKept),
    },
  ];
  const relatedList = mergeRelated(existing?.related, related, id);
  const stored: StoredDispute = {
    ...dispute,
    ...(relatedList.length ? { related: relatedList } : {}),
    matchReports,
    ...(existing?.apart ? { apart: existing.apart } : {}),
    ...(existing?.mergedFrom ? { mergedFrom: existing.mergedFrom } : {}),
  };
  stored.indexed = fileUnder(index, id, existing?.indexed, [
    ...disputeBlockingKeys(report, partyPersonIds).index.map((k) => indexKeys.disputeBlock(k.key)),
    ...(existing ? [] : [indexKeys.disputes]),
  ]);

  const personChanges = [...persons.values()].map((p) => ({
    ...p,
    entity: { ...p.entity, version: (p.expectedVersion ?? 0) + 1 },
  }));
  return {
    dispute: {
      entity: stored,
      expectedVersion: existing?.version,
      isNew: !existing,
      ...(existing ? { previousStatus: existing.status.code } : {}),
    },
    persons: personChanges,
    claims,
    entities: {
      disputeId: id,
      partyPersonIds,
      personIds: [...new Set(partyPersonIds.filter((p): p is string => Boolean(p)))],
    },
    reviews: dedupeReviews(reviews),
    machineMerges,
    index,
    compared,
  };
}

/**
 * Where a record's people are seen within the quarrel it joined: its own place, or the quarrel's village when the
 * record knows only the county or town it lies in (a court case filed by the county court about a quarrel in 枫源村).
 */
function quarrelPlace(own: Location | undefined, quarrel: Location | undefined): Location | undefined {
  if (own?.divisionLevel === 'village' || quarrel?.divisionLevel !== 'village' || !quarrel.divisionCode)
    return own;
  // The village must lie within the record's county or town: agreeing as deep as the record goes, never parting.
  const agreed = own?.divisionCode === undefined ? undefined : compareDivisions(own, quarrel)?.level;
  const within = own?.divisionCode === undefined || (agreed !== undefined && !agreed.includes('other'));
  return within ? { ...own, ...divisionOnly(quarrel) } : own;
}

/** The mention placed at the report's division when it gives no address of its own (see `matchProfile`). */
export function placed(mention: PartyMention, location: Location | undefined): PartyMention {
  const place = mention.addresses?.length ? undefined : divisionOnly(location);
  return place ? { ...mention, addresses: [place] } : mention;
}

interface Assignment {
  /** The mention's index among the report's parties. */
  position: number;
  mention: PartyMention;
  target: EntityChange<StoredPerson>;
  linkedBy: LinkDecision;
  /** Newly created for this mention: open to joining a party of the dispute the record joins. */
  provisional: boolean;
  /** The value counts read when the mention was scored, to score it again in the dispute's context. */
  frequencies?: FrequencyContext;
}

/** A dispute whose parties a record's new people may be: the one it joined, or another between the same people. */
interface PartyContext {
  dispute: StoredDispute;
  joined: boolean;
}

/** Two or more of the record's parties are parties of the dispute (the same persons, or the same full names). */
function samePeople(input: ReportForMatching, dispute: StoredDispute): boolean {
  const level = partyObservation(input, { dispute, reports: dispute.matchReports ?? [] })?.level;
  return level === 'several-shared' || level === 'several-names-shared';
}

/**
 * Within one dispute, a party named again is almost surely the same person: the grid worker's 张伟, the petition's 张伟
 * and the 12345 caller 张某 in one quarrel; and so is 林芳 quarrelling again with 周小芳 in the same town. Each new
 * person of the record is scored again against the parties of those disputes, with that context as evidence of its
 * own (`dispute`), and joins the best party that then reaches the link threshold, unless a second one comes close or
 * anything tells them apart (ID numbers, birth dates, sex).
 */
async function joinDisputeParties(
  deps: ResolveDeps,
  contexts: readonly PartyContext[],
  assigned: Assignment[],
  persons: Map<string, EntityChange<StoredPerson>>,
  partyPersonIds: Array<string | null>,
  location: Location | undefined,
  at: string,
): Promise<{ joinedTo: JoinedParty[]; duplicates: PartyDuplicate[]; proposals: PartyDuplicate[] }> {
  const joinedTo: JoinedParty[] = [];
  const duplicates: PartyDuplicate[] = [];
  const proposals: PartyDuplicate[] = [];
  if (assigned.length === 0) return { joinedTo, duplicates, proposals };
  // Each party once, in the first context that names it (the joined dispute comes first).
  const contextOf = new Map<string, { context: PartyContext; roles: PartyRole[] }>();
  for (const context of contexts) {
    const rolesHere = new Map<string, PartyRole[]>();
    for (const { personId, roles } of context.dispute.parties) {
      if (personId) rolesHere.set(personId, [...(rolesHere.get(personId) ?? []), ...roles]);
    }
    for (const [id, roles] of rolesHere) if (!contextOf.has(id)) contextOf.set(id, { context, roles });
  }
  const parties = new Map<string, { person: StoredPerson; context: PartyContext; roles: PartyRole[] }>();
  for (const [id, current] of await currentPersons(deps, [...contextOf.keys()])) {
    if (!parties.has(current.id)) parties.set(current.id, { person: current, ...contextOf.get(id)! });
  }
  // Full names first: they say most. A party taken by one mention of the record stays open to another only when one
  // is named in full and the other not at all: the anonymous caller and the party the officer listed. (孙小姐 and
  // 孙玉萍 in one call are foldNamedTwice's to weigh: the caller is often a relative of that surname.)
  const fullFirst = [...assigned].sort((x, y) => Number(!isFullName(x)) - Number(!isFullName(y)));
  const mayShare = (x: Assignment, y: Assignment) =>
    (isFullName(x) && isNameless(y)) || (isNameless(x) && isFullName(y));
  const createdHere = new Set(assigned.filter((x) => x.provisional).map((x) => x.target.entity.id));
  /** The parties of a context bearing a surname, but for the people this record created. */
  const ofSurnameIn = (context: PartyContext, surname: string | undefined) =>
    [...parties.values()].filter(
      (p) =>
        p.context === context &&
        !createdHere.has(p.person.id) &&
        p.person.names.some((n) => n.surname === surname),
    );
  /**
   * The party of a context another mention of the record is: the one it is already known as, or else the only party
   * there of its surname (高小姐 in the call, 高婷玲 in the grid worker's record of the quarrel).
   */
  const partyNamed = (b: Assignment, context: PartyContext, except: string | undefined) => {
    // A person this record created is a party of a dispute merged with it (a concurrent twin) only through the record.
    const known = b.provisional ? undefined : parties.get(b.target.entity.id);
    if (known) return known.context === context ? known : undefined;
    const surname = b.mention.name?.surname;
    // One of the weighed mention's own surname says nothing of the record's sides: it may be the party weighed.
    if (!surname || surname === except) return undefined;
    const ofSurname = ofSurnameIn(context, surname);
    return ofSurname.length === 1 ? ofSurname[0] : undefined;
  };
  /**
   * How the record's sides lie against a dispute's: `turned` when every other mention of the record that is one of its
   * parties (known as one, or by surname) stands on the other side there, `as-there` when every one stands on the same.
   */
  const orientation = (a: Assignment, context: PartyContext): 'as-there' | 'turned' | undefined => {
    const votes = new Set<string>();
    const mine = sideOf(a.mention.roles);
    for (const b of assigned) {
      const there = b === a ? undefined : partyNamed(b, context, a.mention.name?.surname);
      if (!there) continue;
      const theirs = sideOf(there.roles);
      // A party listed without a side (110's 当事人) beside the caller is the other side from the caller.
      const here = sideOf(b.mention.roles) ?? (mine && (mine === 'a' ? 'b' : 'a'));
      if (here && theirs) votes.add(here === theirs ? 'as-there' : 'turned');
    }
    return votes.size === 1 ? (votes.values().next().value as 'as-there' | 'turned') : undefined;
  };
  for (const a of fullFirst) {
    const taken = new Set([
      a.target.entity.id,
      ...assigned.filter((b) => b !== a && !mayShare(a, b)).map((b) => b.target.entity.id),
    ]);
    const mention = placed(a.mention, location);
    const probe = profileWithMention(newPerson('per_probe'), a.mention);
    const frequencies = a.frequencies ?? {};
    // A party known by no more than 李先生 may be any 李 this record names (李涛 or 李建成): a steward's call. Not one
    // already known as someone on the other side from that party (the 王雅倩 who, as the caller 王某, complained of
    // 王女士), or kept apart from it. (Named side by side on one side, as a 110 caller beside the party listed, they may
    // still be one.)
    const mayBeAnotherOfSurname = (person: StoredPerson) =>
      a.mention.name?.surname !== undefined &&
      assigned.some(
        (b) =>
          b !== a &&
          b.target.entity.id !== a.target.entity.id &&
          !isNameless(b) &&
          b.mention.name?.surname === a.mention.name?.surname &&
          !(
            !b.provisional &&
            (namedOnOppositeSides(b.target.entity, person) || keptApart(b.target.entity, person))
          ),
      );
    const candidates = [...parties.values()]
      .filter(({ person }) => !taken.has(person.id) && !keptApart(person, a.target.entity))
      .filter(({ person }) => !(onlyPartOfName(person.names) && mayBeAnotherOfSurname(person)))
      .map(({ person, context, roles }) => {
        const base = scoreInQuarrel(a.mention, mention, person, frequencies);
        const theirSide = sideOf(roles);
        const ownSide = sideOf(a.mention.roles);
        // Sides are each record's view: 杨华强, complained of to the grid worker, calls 110 himself. They choose
        // between two people of one surname, parties there (陈春平 and 陈伟) or named here (胡某 calling about his
        // neighbour 胡某某); not one full name from itself, nor the 朱女士 complained of in a quarrel told from the other
        // side from 朱秀雯, its only 朱. (A caller 徐先生 opposite 徐杰, or a 徐杰 opposite a 徐先生 known by no more
        // than that, is likely someone else's quarrel.) In a record whose other people stand on the other sides there
        // (the one complained of calls 12345), they are read turned round.
        const surname = a.mention.name?.surname;
        const namesake =
          assigned.some((b) => b !== a && b.mention.name?.surname === surname) ||
          ofSurnameIn(context, surname).some(
            (p) => p.person.id !== person.id && p.person.id !== a.target.entity.id,
          );
        const opposite =
          ownSide !== undefined &&
          theirSide !== undefined &&
          (ownSide !== theirSide) !== (orientation(a, context) === 'turned') &&
          !ONE_FULL_NAME.has(nameLevel(base) ?? '') &&
          (namesake ||
            surname === undefined ||
            a.mention.name?.form === 'full' ||
            ownSide !== 'b' ||
            !person.names.some((n) => n.form === 'full'));
        // A caller known only as 王先生 is sometimes a party's parent or child; a masked 王某 is the party, name hidden.
        // The one complained of, named 张女士 in the caller's account, is no relative calling: a party, named shortly.
        const caller =
          (a.mention.name?.form === 'surname-only' && ownSide !== 'b') ||
          (person.names.length > 0 &&
            person.names.every((n) => n.form === 'surname-only') &&
            roles.includes('reporter'));
        // A relative of the party's surname is a parent or child (a wife keeps her own): agreeing sexes leave half.
        const sexAgrees = ['same', 'same-likely'].includes(
          base.fields.find((f) => f.field === 'sex')?.level ?? '',
        );
        const where = context.joined
          ? `a party of dispute ${context.dispute.id}, which this record joined`
          : `a party of dispute ${context.dispute.id}, between the same people`;
        const inDispute = weighObservation(
          PERSON_MODEL,
          {
            field: 'dispute',
            level: opposite
              ? 'party-other-side'
              : caller
                ? sexAgrees
                  ? 'party-surname-and-sex'
                  : 'party-surname-only'
                : soundsAlike(base)
                  ? 'party-name-sounds-alike'
                  : 'party',
            detail: `${where}${opposite ? `; ${a.mention.roles.join('/')} here, the other side there` : ''}`,
          },
          frequencies,
        );
        const scored = explainMatch([...base.fields, inDispute], PERSON_THRESHOLDS, base.veto);
        // One full name among one quarrel's few parties is one person, as two stored parties bearing it are merged.
        const oneName = scored.decision === 'review' && oneFullNameInQuarrel(scored);
        const explanation: MatchExplanation = oneName ? { ...scored, decision: 'link' } : scored;
        return { party: person, where: oneName ? `${where}, by the same full name` : where, explanation };
      })
      .filter((s) => s.explanation.decision !== 'none' && conflictBetween(probe, s.party) === undefined)
      .sort((x, y) => y.explanation.total - x.explanation.total);
    const scored = candidates.filter((s) => s.explanation.decision === 'link');
    const [top] = scored;
    // A new person the quarrel's parties leave in doubt (张先生 beside two 张, or 13 bits where 14 link) is a steward's
    // call: the best of them is proposed, not left unseen.
    if (!top) {
      if (a.provisional && candidates[0]) proposals.push({ of: a.target.entity.id, ...candidates[0] });
      continue;
    }
    // Parties within the margin of the best are alike. Of those, one that bears the mention's full name (or one of it
    // by ear) outweighs those known by a surname (林淑莉 is 林淑丽 rather than 林女士, who may be either).
    const close = scored.filter((s) => top.explanation.total - s.explanation.total < ambiguityMargin);
    const fullNamed = close.filter((s) => ONE_FULL_NAME.has(nameLevel(s.explanation) ?? ''));
    const best = close.length === 1 ? top : fullNamed.length >= 1 ? fullNamed[0]! : undefined;
    if (!best) {
      if (a.provisional) proposals.push(...close.map((s) => ({ of: a.target.entity.id, ...s })));
      continue;
    }
    if (fullNamed.length === 2) {
      // Two parties bear the full name and nothing tells them apart: one person stored twice (高永成 by his phone,
      // and 高永成 as a grid worker wrote him down; 林淑丽 and 林淑莉). More, or apart: a steward's call.
      const other = fullNamed.find((s) => s !== best)!;
      const twins =
        conflictBetween(matchProfile(best.party), matchProfile(other.party)) === undefined &&
        !keptApart(best.party, other.party);
      if (!twins) continue;
      duplicates.push({ of: best.party.id, party: other.party, explanation: other.explanation });
    } else if (fullNamed.length > 2) continue;
    if (a.provisional && fullNamed.includes(best)) {
      // The one party of the quarrel known only as 周某 or 吴先生 that this full name would have joined had it been
      // alone is the party named in full, stored twice (the partial name came first): the machine merges it, on the
      // evidence that would have joined them (partOfName below). Named beside her in one record (周小芳 and her neighbour
      // 周某), it is someone else; two such, a steward's call.
      const sameOne = scored.filter(
        (s) =>
          s !== best &&
          onlyPartOfName(s.party.names) &&
          !namedTogether(best.party, s.party) &&
          !keptApart(best.party, s.party) &&
          contextLevel(s.explanation) !== 'party-other-side' &&
          conflictBetween(matchProfile(best.party), matchProfile(s.party)) === undefined,
      );
      if (sameOne.length === 1)
        duplicates.push({
          of: best.party.id,
          party: sameOne[0]!.party,
          explanation: sameOne[0]!.explanation,
        });
    }
    if (!a.provisional) {
      // Already linked elsewhere (an ID number, a phone): the party is perhaps the same person stored twice.
      duplicates.push({ of: a.target.entity.id, party: best.party, explanation: best.explanation });
      continue;
    }
    const party = best.party;
    const left = a.target.entity.id;
    joinedTo.push({ from: left, to: party.id, explanation: best.explanation, where: best.where });
    persons.delete(left);
    const target = persons.get(party.id) ?? { entity: party, expectedVersion: party.version, isNew: false };
    persons.set(party.id, target);
    a.linkedBy = toLinkDecision(best.explanation, at, best.where);
    // The caller folded into this mention's new person (foldNamedTwice) follows it.
    for (const b of assigned) {
      if (b.target.entity.id !== left) continue;
      b.target = target;
      b.provisional = false;
      partyPersonIds[b.position] = party.id;
    }
  }
  return { joinedTo, duplicates, proposals };
}

/**
 * The persons of these ids as they are now, by the id asked for: one merged into another is that other; an id of no
 * person is left out. One batch read, and one more read only for a merged person.
 */
export async function currentPersons(
  deps: Pick<ResolveDeps, 'store'>,
  ids: readonly string[],
): Promise<Map<string, StoredPerson>> {
  const out = new Map<string, StoredPerson>();
  for (const stored of await deps.store.entities.getPersons([...new Set(ids)])) {
    const current = stored.mergedInto ? await deps.store.entities.currentPerson(stored.id) : stored;
    if (current && !current.mergedInto) out.set(stored.id, current);
  }
  return out;
}

/** A new person of the record that turned out to be a party of the dispute's context. */
interface JoinedParty {
  from: string;
  to: string;
  explanation: MatchExplanation;
  where: string;
}

/**
 * After the record's new dispute was merged into its concurrent twin: the people this record created are scored against
 * the merged dispute's parties as they would have been had the worker seen the twin, and those that join one are
 * returned, for the machine to merge into it.
 */
export async function partiesOfMergedTwin(
  deps: ResolveDeps,
  input: {
    report: NonNullable<SourceRecordState['report']>;
    partyPersonIds: ReadonlyArray<string | null>;
    created: ReadonlySet<string>;
    dispute: StoredDispute;
  },
): Promise<JoinedParty[]> {
  const { report, created, dispute } = input;
  const at = deps.clock.now().toISOString();
  const persons = new Map<string, EntityChange<StoredPerson>>();
  const assigned: Assignment[] = [];
  for (const [position, mention] of report.parties.entries()) {
    const id = input.partyPersonIds[position];
    if (!id || mention.kind !== 'person') continue;
    const person = await deps.store.entities.currentPerson(id);
    if (!person) continue;
    const target = persons.get(person.id) ?? {
      entity: person,
      expectedVersion: person.version,
      isNew: false,
    };
    persons.set(person.id, target);
    const provisional = created.has(id) && person.records.every((r) => sameRecord(r, report));
    // The link is not read: the joins found are merged, each with its own explanation.
    const linkedBy: LinkDecision = { method: 'new-entity', decidedBy: 'machine', decidedAt: at };
    assigned.push({ position, mention, target, linkedBy, provisional });
  }
  const ids = [...input.partyPersonIds];
  const { joinedTo } = await joinDisputeParties(
    deps,
    [{ dispute, joined: true }],
    assigned,
    persons,
    ids,
    quarrelPlace(report.location, dispute.location),
    at,
  );
  return joinedTo;
}

/**
 * One record may name one person twice: 110 writes the caller as 徐小姐 (BJRXM) and lists 徐小琴 among the parties
 * (DSR); a petition's signatory is also its first petitioner. A caller known only by surname (or masked) and the one
 * full name of that surname in the same record are scored against each other with that as evidence of its own
 * (`record: named-twice`); linked, the caller's mention joins the named person (or the named mention joins the
 * caller's, when only the caller was known), and two people already stored go to a steward. Two full names of the
 * surname, or two callers, leave it open.
 */
function foldNamedTwice(
  assigned: Assignment[],
  persons: Map<string, EntityChange<StoredPerson>>,
  partyPersonIds: Array<string | null>,
  location: Location | undefined,
  at: string,
): { moved: string[]; duplicates: PartyDuplicate[] } {
  const moved: string[] = [];
  const duplicates: PartyDuplicate[] = [];
  const surnameOf = (a: Assignment) => a.mention.name?.surname;
  const partial = assigned.filter(
    (a) => (a.mention.name?.form === 'surname-only' || a.mention.name?.form === 'masked') && surnameOf(a),
  );
  const full = assigned.filter((a) => a.mention.name?.form === 'full' && surnameOf(a));
  for (const caller of partial) {
    const surname = surnameOf(caller);
    const ofSurname = full.filter((f) => surnameOf(f) === surname);
    // Two of that surname listed: the caller already known by a full name (陈女士 on the phone 陈秀燕 gave 12345) is
    // the one listed under it.
    const known = new Set(
      caller.provisional
        ? []
        : caller.target.entity.names.filter((n) => n.form === 'full').map((n) => n.normalised ?? n.asGiven),
    );
    const byKnownName = ofSurname.length > 1;
    const named = byKnownName
      ? ofSurname.filter((f) => known.has(f.mention.name?.normalised ?? ''))
      : ofSurname;
    if (named.length !== 1 || partial.filter((p) => surnameOf(p) === surname).length !== 1) continue;
    const party = named[0]!;
    if (party.target.entity.id === caller.target.entity.id) continue;
    // 胡军 complaining of his neighbour 胡某: two sides of one quarrel, two people.
    const sides = [sideOf(caller.mention.roles), sideOf(party.mention.roles)];
    if (sides[0] !== undefined && sides[1] !== undefined && sides[0] !== sides[1]) continue;
    const callerProfile = profileWithMention(
      matchProfile(caller.target.entity),
      placed(caller.mention, location),
    );
    const partyProfile = profileWithMention(
      matchProfile(party.target.entity),
      placed(party.mention, location),
    );
    if (conflictBetween(callerProfile, partyProfile) !== undefined) continue;
    const frequencies = caller.frequencies ?? party.frequencies ?? {};
    // A caller already known by a full name (张阿姨 on the phone 张欣华 gave before) is weighed by it: the one listed as
    // 张欣华 is her, the one listed as 张华东 is not.
    const base =
      byKnownName || known.size > 0
        ? scorePersonCandidate(placed(party.mention, location), callerProfile, frequencies)
        : scorePersonCandidate(placed(caller.mention, location), partyProfile, frequencies);
    const twice = weighObservation(
      PERSON_MODEL,
      {
        field: 'record',
        level: 'named-twice',
        detail: byKnownName
          ? 'the full name the caller is known by, listed in the same record'
          : known.size > 0
            ? 'the one full name of that surname in the same record, weighed against the full name the caller is known by'
            : 'the one full name of that surname in the same record',
      },
      frequencies,
    );
    const explanation = explainMatch([...base.fields, twice], PERSON_THRESHOLDS, base.veto);
    // In doubt (a 王女士 beside a 王桂玲 whose name tells no sex): a steward's call.
    if (explanation.decision === 'review')
      duplicates.push({ of: caller.target.entity.id, party: party.target.entity, explanation });
    if (explanation.decision !== 'link') continue;
    const [from, into] = caller.provisional ? [caller, party] : party.provisional ? [party, caller] : [];
    if (!from || !into) {
      duplicates.push({ of: caller.target.entity.id, party: party.target.entity, explanation });
      continue;
    }
    moved.push(from.target.entity.id);
    persons.delete(from.target.entity.id);
    from.target = into.target;
    from.provisional = into.provisional;
    from.linkedBy = toLinkDecision(explanation, at, 'named twice in one record');
    partyPersonIds[from.position] = into.target.entity.id;
  }
  return { moved, duplicates };
}

/** Why a caller and the party its record lists are proposed to a steward. */
const namedTwiceInDoubt = 'named twice in one record: possibly one person stored twice';

type PersonRecordRef = StoredPerson['records'][number];

/** Whether some record names both people, as `both` (their two references to it) allows. */
function namedInOneRecord(
  a: StoredPerson,
  b: StoredPerson,
  both: (x: PersonRecordRef, y: PersonRecordRef) => boolean = () => true,
): boolean {
  return (a.records ?? []).some((x) => (b.records ?? []).some((y) => sameRecord(x, y) && both(x, y)));
}

/** Two people one record names as two of its parties. */
export function namedTogether(a: StoredPerson, b: StoredPerson): boolean {
  return namedInOneRecord(a, b);
}

/** Two people one record names on the two sides of its quarrel (the caller and the one complained of). */
function namedOnOppositeSides(a: StoredPerson, b: StoredPerson): boolean {
  return namedInOneRecord(a, b, (x, y) => {
    const sides = [sideOf(x.roles ?? []), sideOf(y.roles ?? [])];
    return sides[0] !== undefined && sides[1] !== undefined && sides[0] !== sides[1];
  });
}

/** Names of a person known only as 李师傅 or 李某某: no record has given the full name. */
export function onlyPartOfName(names: ReadonlyArray<PersonName | undefined>): boolean {
  const given = names.filter((n): n is PersonName => n !== undefined && n.form !== 'empty');
  return given.length > 0 && given.every((n) => n.form === 'surname-only' || n.form === 'masked');
}

/** Name levels that make one full name: written alike, in the other script, or by ear (陈文勇, 陳文勇, 陈文永). */
export const ONE_FULL_NAME = new Set(['exact', 'script-variant', 'pinyin']);

/** One full name (alike, in the other script, or by ear) on a party of the same quarrel, on no other side. */
function oneFullNameInQuarrel(explanation: MatchExplanation): boolean {
  const context = contextLevel(explanation) ?? '';
  return (
    ONE_FULL_NAME.has(nameLevel(explanation) ?? '') && ['party', 'party-name-sounds-alike'].includes(context)
  );
}

/**
 * A mention scored against a party of the quarrel its record joined. Where the party was only seen (the place of a
 * report that gave no address of theirs) is where the quarrel is, not where they live, and the mention's own place
 * likewise: another town between them says nothing against the party (the employer who lives elsewhere), so a
 * disagreement there is weighed on the addresses they gave alone.
 */
function scoreInQuarrel(
  mention: PartyMention,
  placedMention: PartyMention,
  person: StoredPerson,
  frequencies: FrequencyContext,
): MatchExplanation {
  const profile = matchProfile(person);
  const base = scorePersonCandidate(placedMention, profile, frequencies);
  if (!placesDisagree(base) || (placedMention === mention && !person.seenAt?.length)) return base;
  return scorePersonCandidate(mention, { ...profile, addresses: person.addresses ?? [] }, frequencies);
}

function placesDisagree(explanation: MatchExplanation): boolean {
  return explanation.fields.some((f) => (f.field === 'division' || f.field === 'postcode') && f.weight < 0);
}

/** 王晓朋 for 王晓鹏: written by ear. Within one quarrel's few parties, another with that sound is rare. */
function soundsAlike(explanation: MatchExplanation): boolean {
  return ['pinyin', 'pinyin-fuzzy'].includes(nameLevel(explanation) ?? '');
}

export function nameLevel(explanation: MatchExplanation): string | undefined {
  return explanation.fields.find((f) => f.field === 'name')?.level;
}

/** How the person stands in the quarrel the score was made in (`party`, `party-other-side`, …). */
function contextLevel(explanation: MatchExplanation): string | undefined {
  return explanation.fields.find((f) => f.field === 'dispute')?.level;
}

/**
 * 报警人称其妹妹与邻居…, 来电人反映丈夫被…: the caller speaks for a relative, who is then the party named. (报警人称与
 * 家人发生争吵 is the caller's own quarrel with a relative.)
 */
function speaksOfRelative(narrative: string): boolean {
  return /(称|反映|说)(其|她|他|我)?(丈夫|老公|妻子|老婆|爱人|父亲|母亲|爸爸|妈妈|儿子|女儿|公公|婆婆|岳父|岳母|哥哥|弟弟|姐姐|妹妹)(与|和|跟|被|在)/.test(
    narrative,
  );
}

function isFullName(a: Assignment): boolean {
  return a.mention.name?.form === 'full';
}

function isNameless(a: Assignment): boolean {
  return !a.mention.name || a.mention.name.form === 'empty';
}

/** Two stored persons the machine merges after the commit, and why. */
export interface MachineMerge {
  kind: 'person';
  aId: string;
  bId: string;
  explanation: MatchExplanation;
  because: { rule: string; reason: string };
}

/** A record's party already linked to one person that scores as another party of the same dispute. */
interface PartyDuplicate {
  of: string;
  party: StoredPerson;
  explanation: MatchExplanation;
}

/** A second candidate within this many bits of the best leaves the choice to a steward. */
const ambiguityMargin = 4;

/** Reads the blocks and value counts a mention needs in one batch, loads the candidates and decides. */
export async function scorePerson(deps: ResolveDeps, mention: PartyMention, taken: ReadonlySet<string>) {
  const blockKeys = personBlockingKeys(mention);
  const valueKeys = profileFrequencyValues(applyMention(newPerson('per_probe'), probeLink(mention))).map(
    (v) => indexKeys.personValue(v.table, v.value),
  );
  const read = await deps.store.valueIndex.read([
    ...blockKeys.map((k) => indexKeys.personBlock(k.key)),
    ...valueKeys,
    indexKeys.persons,
  ]);
  const ids = candidateIds(read, blockKeys, indexKeys.personBlock);
  const profiles = new Map<string, StoredPerson>();
  for (const current of (await currentPersons(deps, ids)).values())
    profiles.set(current.id, matchProfile(current));
  const frequencies: FrequencyContext = {
    frequencyOf: (table, value) => read.get(indexKeys.personValue(table, value))?.count ?? 0,
    population: read.get(indexKeys.persons)?.count ?? 0,
  };
  const decision = decidePerson(mention, [...profiles.values()], { ...frequencies, excluded: taken });
  return { decision, profiles, frequencies, compared: profiles.size };
}

export async function scoreDispute(
  deps: ResolveDeps,
  input: { report: NonNullable<SourceRecordState['report']>; partyPersonIds: Array<string | null> },
  query: BlockingKey[],
  excluded: ReadonlySet<string> = new Set(),
) {
  const read = await deps.store.valueIndex.read([
    ...query.map((k) => indexKeys.disputeBlock(k.key)),
    indexKeys.disputes,
  ]);
  const ids = candidateIds(read, query, indexKeys.disputeBlock);
  const disputes = new Map<string, StoredDispute>();
  for (const dispute of await deps.store.entities.getDisputes(ids)) {
    const current = dispute.mergedInto ? await deps.store.entities.currentDispute(dispute.id) : dispute;
    if (current && !current.mergedInto) disputes.set(current.id, current);
  }
  const candidates: DisputeCandidate[] = [...disputes.values()].map((d) => ({
    dispute: d,
    reports: d.matchReports ?? [],
  }));
  const decision = decideDispute(input, candidates, {
    frequencyOf: (table, value) =>
      table === DISPUTE_PARTY_TABLE ? (read.get(indexKeys.disputeBlock(`party:${value}`))?.count ?? 0) : 0,
    population: read.get(indexKeys.disputes)?.count ?? 0,
    excluded,
  });
  return { decision, disputes, compared: disputes.size };
}

function candidateIds(
  read: Map<string, IndexedValue>,
  keys: readonly BlockingKey[],
  namespace: (key: string) => string,
): string[] {
  return candidatesFromBlocks(
    keys.map((key) => {
      const value = read.get(namespace(key.key));
      return { plan: planBlock(key, value?.count ?? 0), entityIds: value?.entityIds ?? [] };
    }),
  );
}

/** Adds the keys not yet written for the entity to the plan's index entries; returns all keys it is filed under. */
function fileUnder(
  index: ResolutionPlan['index'],
  entityId: string,
  already: readonly string[] | undefined,
  wanted: readonly string[],
): string[] {
  const have = new Set(already ?? []);
  for (const key of new Set(wanted)) {
    if (!have.has(key)) index.push({ key, entityId });
    have.add(key);
  }
  return [...have];
}

/** A new entity's link: the nearest candidate's explanation when there was one, so the steward sees why not. */
function newEntityDecision(
  at: string,
  nearest: MatchExplanation | undefined,
  proposed: number,
): LinkDecision {
  if (!nearest) {
    return {
      method: 'new-entity',
      decidedBy: 'machine',
      decidedAt: at,
      rule: 'no stored candidate shares a blocking key',
    };
  }
  const review = proposed ? `; ${proposed} proposed for review` : '';
  // A dispute candidate can reach the threshold and still be left to a steward (a long silence, no matter in common).
  const held = (nearest as { heldForReview?: string }).heldForReview;
  const rule = held
    ? `left to a steward (best ${nearest.total} bits): ${held}${review}`
    : `no candidate reached the link threshold (best ${nearest.total} bits)${review}`;
  return { ...toLinkDecision(nearest, at, rule), method: 'new-entity' };
}

function probeLink(mention: PartyMention) {
  return {
    sourceId: '',
    sourceRecordId: '',
    mention,
    linkedBy: { method: 'new-entity', decidedBy: 'machine', decidedAt: '' } as LinkDecision,
  };
}

function mergeRelated(
  existing: StoredDispute['related'],
  found: ScoredDispute[],
  selfId: string,
): NonNullable<StoredDispute['related']> {
  const out = new Map((existing ?? []).map((r) => [r.disputeId, r]));
  for (const r of found) {
    if (r.disputeId === selfId || out.has(r.disputeId)) continue;
    out.set(r.disputeId, {
      disputeId: r.disputeId,
      reason: r.explanation.relatedBecause ?? 'related',
      score: r.explanation.total,
    });
  }
  return [...out.values()].slice(0, 20);
}

function dedupeReviews(reviews: ReviewItem[]): ReviewItem[] {
  return [...new Map(reviews.map((r) => [r.id, r])).values()];
}

function sameRecord(
  a: { sourceId: string; sourceRecordId: string },
  b: { sourceId: string; sourceRecordId: string },
) {
  return a.sourceId === b.sourceId && a.sourceRecordId === b.sourceRecordId;
}

export function identifierClaims(mention: PartyMention): Array<{ kind: string; value: string }> {
  if (mention.kind !== 'person') return [];
  const out: Array<{ kind: string; value: string }> = [];
  // An invalid number is kept as given; the same wrong number twice is still the same string, so it still claims.
  if (mention.residentId?.blindIndex)
    out.push({ kind: claimKinds.residentId, value: mention.residentId.blindIndex });
  for (const phone of mention.phones ?? []) {
    if (phone.blindIndex && phone.kind !== 'service')
      out.push({ kind: claimKinds.phone, value: phone.blindIndex });
  }
  return out;
}

/** The numbers this record is known by, and the numbers it refers to: all name the same matter. */
function referenceValues(report: NonNullable<SourceRecordState['report']>): string[] {
  return [
    ...new Set([
      report.sourceRecordId,
      ...(report.referenceNumbers ?? []),
      ...report.links.map((l) => l.value),
    ]),
  ];
}

function previousPersonFor(previous: SourceRecordState, mention: PartyMention): string | undefined {
  const earlier = previous.report?.parties ?? [];
  const ids = previous.entities?.partyPersonIds ?? [];
  const name = mention.name?.normalised;
  const index = earlier.findIndex(
    (p) =>
      p.kind === 'person' &&
      ((name && p.name?.normalised === name) ||
        (mention.residentId?.blindIndex && p.residentId?.blindIndex === mention.residentId.blindIndex)),
  );
  return index >= 0 ? (ids[index] ?? undefined) : undefined;
}

export type { ScoredCandidate };
