/**
 * What a steward does to entities: decide a review pair *same* (merge) or *different* (kept apart for good), and split
 * a wrongly merged person or dispute by choosing which records go where. Each operation is one transaction with its
 * audit entry and its events, conditioned on the versions read, so two stewards (or a steward and the ingest worker)
 * acting on the same entity at once cannot both win.
 *
 * Merged ids redirect to the winner; the records keep the id they were resolved to (a historical fact) and every
 * reader follows the redirect. A split mints new ids and rewrites the moved records' links, since the old id is
 * still alive and must stop claiming them.
 */

import type { LinkDecision } from '../../schemas/generated/types.js';
import type { Principal } from '../access/api-keys.js';
import {
  disputeEvents,
  type MergeFacts,
  mergedEvent,
  personEvent,
  splitEvent,
} from '../events/domain-events.js';
import { newId } from '../ids.js';
import type { SourceRecordState } from '../ingest/source-record.js';
import type { HubDeps } from '../runtime/deps.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { disputeBlockingKeys, profileBlockingKeys } from './blocking-keys.js';
import { summariseReportForMatching } from './dispute-matcher.js';
import { type JoinedReport, summariseDispute } from './dispute-summary.js';
import { type MatchExplanation, toLinkDecision } from './match-weights.js';
import { partyPairsInDoubt } from './merged-dispute-parties.js';
import { profileFrequencyValues } from './person-matcher.js';
import { applyMention, newPerson, summarisePerson } from './person-profile.js';
import { claimKinds, currentPersons, identifierClaims, indexKeys } from './resolve-report.js';
import { type AuditEntry, type EntityKind, newReviewItem, type ReviewItem } from './review-item.js';
import { keptApart, type StoredDispute, type StoredPerson } from './stored-entities.js';

type StewardDeps = Pick<HubDeps, 'store' | 'clock' | 'eventSource'>;

export class StewardError extends Error {
  constructor(
    readonly code: 'unknown-review' | 'review-decided' | 'unknown-entity' | 'kept-apart' | 'invalid-split',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface ReviewOutcome {
  review: ReviewItem;
  /** For *same*: the surviving entity and the retired one. */
  merged?: { winnerId: string; loserIds: string[] };
}

export interface RecordRef {
  sourceId: string;
  sourceRecordId: string;
}

export interface SplitOutcome {
  originalId: string;
  newIds: string[];
  assignments: Array<RecordRef & { entityId: string }>;
}

/** Decides a review pair. *same* merges the two (the one with more records survives); *different* keeps them apart. */
export async function decideReview(
  deps: StewardDeps,
  input: { reviewId: string; decision: 'same' | 'different'; reason?: string; steward: Principal },
): Promise<ReviewOutcome> {
  const review = await deps.store.steward.getReview(input.reviewId);
  if (!review) throw new StewardError('unknown-review', `no review item "${input.reviewId}"`);
  if (review.status !== 'open') {
    throw new StewardError(
      'review-decided',
      `review ${review.id} was already decided "${review.status}" at ${review.decidedAt}`,
    );
  }
  const at = deps.clock.now().toISOString();
  const decided: ReviewItem = {
    ...review,
    status: input.decision,
    decidedAt: at,
    decidedBy: input.steward.keyId,
    ...(input.reason ? { reason: input.reason } : {}),
  };
  const entries = await loadPair(deps, review);
  const uow = deps.store.unitOfWork();
  if (entries.left.id === entries.right.id) {
    // Merged meanwhile through another pair: nothing left to decide.
    deps.store.steward.decideReview(uow, { ...decided, status: 'superseded' });
    await uow.commit();
    return { review: { ...decided, status: 'superseded' } };
  }
  const audit = (action: AuditEntry['action'], ids: string[], details?: Record<string, unknown>) =>
    deps.store.steward.audit(uow, {
      id: newId('aud', deps.clock.now()),
      at,
      actor: input.steward.keyId,
      actorName: input.steward.name,
      action,
      entityKind: review.kind,
      entityIds: ids,
      reviewId: review.id,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(details ? { details } : {}),
    });

  if (input.decision === 'different') {
    for (const [a, b] of [
      [entries.left, entries.right],
      [entries.right, entries.left],
    ] as const) {
      const next = { ...a, apart: [...new Set([...(a.apart ?? []), b.id])], version: a.version + 1 };
      if (review.kind === 'person') deps.store.entities.savePerson(uow, next as StoredPerson, a.version);
      else deps.store.entities.saveDispute(uow, next as StoredDispute, a.version);
    }
    deps.store.steward.decideReview(uow, decided);
    audit('review.different', [entries.left.id, entries.right.id], { score: review.score });
    await uow.commit();
    return { review: decided };
  }

  if (keptApart(entries.left, entries.right)) {
    throw new StewardError(
      'kept-apart',
      `${entries.left.id} and ${entries.right.id} were decided different before; split or undo that first`,
    );
  }
  const linkedBy: LinkDecision = {
    method: 'steward',
    decidedBy: 'steward',
    decidedAt: at,
    rule: `review ${review.id}: same ${review.kind}`,
    steward: input.steward.keyId,
    ...(input.reason ? { reason: input.reason } : {}),
  };
  const facts =
    review.kind === 'person'
      ? await mergePersons(deps, uow, entries.left as StoredPerson, entries.right as StoredPerson, linkedBy)
      : await mergeDisputes(
          deps,
          uow,
          entries.left as StoredDispute,
          entries.right as StoredDispute,
          linkedBy,
        );
  uow.emit(mergedEvent(deps, { ...facts, steward: input.steward.keyId, reason: input.reason }));
  deps.store.steward.decideReview(uow, decided);
  audit('review.same', [facts.winnerId, ...facts.loserIds], { score: review.score });
  await uow.commit();
  if (review.kind === 'person')
    await uncountMerged(deps, [entries.left, entries.right] as StoredPerson[], facts);
  else {
    // The merge is done and answered as done: proposing what follows from it may fail (a race with ingest over one
    // pair) without undoing it.
    await proposePartiesOfMerged(
      deps,
      entries.left as StoredDispute,
      entries.right as StoredDispute,
      at,
    ).catch((error) => console.warn(`proposing the parties of merged ${facts.winnerId} failed`, error));
  }
  return { review: decided, merged: { winnerId: facts.winnerId, loserIds: facts.loserIds } };
}

/** After two disputes are merged: their parties that may be one person go to the queue (merged-dispute-parties). */
async function proposePartiesOfMerged(
  deps: StewardDeps,
  a: StoredDispute,
  b: StoredDispute,
  at: string,
): Promise<void> {
  const ids = [...a.parties, ...b.parties].flatMap((p) => (p.personId ? [p.personId] : []));
  const persons = await currentPersons(deps, ids);
  const partiesOf = (dispute: StoredDispute) =>
    dispute.parties.flatMap(({ personId, roles }) => {
      const person = personId ? persons.get(personId) : undefined;
      return person ? [{ person, roles }] : [];
    });
  const pairs = partyPairsInDoubt(partiesOf(a), partiesOf(b));
  if (pairs.length === 0) return;
  const proposed = pairs.map(({ left, right, explanation }) =>
    newReviewItem({
      kind: 'person',
      leftId: left.id,
      rightId: right.id,
      explanation,
      proposedBecause: 'parties of two disputes a steward merged: possibly one person stored twice',
      records: left.records.length + right.records.length,
      sourceIds: [...left.records, ...right.records].map((r) => r.sourceId),
      ...(a.location?.divisionCode ? { divisionCode: a.location.divisionCode } : {}),
      createdAt: at,
    }),
  );
  // One pair found from both sides (two 郑 in each dispute) is one item.
  const items = [...new Map(proposed.map((i) => [i.id, i])).values()];
  const fresh = await deps.store.steward.notQueuedBefore(items);
  // A transaction takes at most 100 items.
  for (let i = 0; i < fresh.length; i += 100) {
    const uow = deps.store.unitOfWork();
    for (const item of fresh.slice(i, i + 100)) deps.store.steward.proposeReview(uow, item);
    await uow.commit();
  }
}

/**
 * A machine merge: two entities created at the same moment by two workers for one person or one dispute, found when
 * each re-checks after its commit. The older id survives; the merge is audited and announced like a steward's.
 */
export async function mergeConcurrentPair(
  deps: StewardDeps,
  input: {
    kind: EntityKind;
    aId: string;
    bId: string;
    explanation: MatchExplanation;
    /** Why the machine merges, when not because the two were created at the same moment. */
    because?: { rule: string; reason: string };
  },
): Promise<MergeFacts | undefined> {
  const get = (id: string) =>
    input.kind === 'person' ? deps.store.entities.currentPerson(id) : deps.store.entities.currentDispute(id);
  const [a, b] = await Promise.all([get(input.aId), get(input.bId)]);
  if (!a || !b || a.id === b.id || keptApart(a, b)) return undefined;
  const now = deps.clock.now();
  const linkedBy = toLinkDecision(
    input.explanation,
    now.toISOString(),
    input.because?.rule ?? 'created at the same moment by another worker',
  );
  const [older, newer] = a.id < b.id ? [a, b] : [b, a];
  const uow = deps.store.unitOfWork();
  const facts =
    input.kind === 'person'
      ? await mergePersons(deps, uow, older as StoredPerson, newer as StoredPerson, linkedBy, older.id)
      : await mergeDisputes(deps, uow, older as StoredDispute, newer as StoredDispute, linkedBy, older.id);
  const scored = `scored ${input.explanation.total} bits against the link threshold ${input.explanation.thresholds.link}`;
  const reason = `${input.because?.reason ?? 'created concurrently'}; ${scored}`;
  uow.emit(mergedEvent(deps, { ...facts, reason }));
  deps.store.steward.audit(uow, {
    id: newId('aud', now),
    at: now.toISOString(),
    actor: 'machine',
    action: input.kind === 'person' ? 'person.merge' : 'dispute.merge',
    entityKind: input.kind,
    entityIds: [facts.winnerId, ...facts.loserIds],
    reason,
    details: { score: input.explanation.total },
  });
  await uow.commit();
  if (input.kind === 'person') await uncountMerged(deps, [older, newer] as StoredPerson[], facts);
  return facts;
}

/**
 * After a merge has committed: the retired person no longer counts under its values (surname 李, the name 李强), or
 * two workers' twins would make 李 look twice as common as it is and weigh every 李 less. Its blocking keys stay: a
 * reader follows the redirect.
 */
async function uncountMerged(
  deps: StewardDeps,
  pair: readonly StoredPerson[],
  facts: MergeFacts,
): Promise<void> {
  const losers = pair.filter((p) => facts.loserIds.includes(p.id));
  await deps.store.valueIndex.remove(
    losers.flatMap((p) =>
      (p.indexed ?? []).filter(indexKeys.isPersonValue).map((key) => ({ key, entityId: p.id })),
    ),
  );
}

async function loadPair(deps: StewardDeps, review: ReviewItem) {
  const get = (id: string) =>
    review.kind === 'person' ? deps.store.entities.currentPerson(id) : deps.store.entities.currentDispute(id);
  const [left, right] = await Promise.all([get(review.leftId), get(review.rightId)]);
  if (!left || !right) throw new StewardError('unknown-entity', `an entity of review ${review.id} is gone`);
  return { left, right };
}

function winnerFirst<T extends { id: string }>(
  a: T,
  b: T,
  size: (x: T) => number,
  winnerId?: string,
): [T, T] {
  if (winnerId) return a.id === winnerId ? [a, b] : [b, a];
  // More records survive (fewer ids change for subscribers); on a tie the older id, which sorts first.
  if (size(a) !== size(b)) return size(a) > size(b) ? [a, b] : [b, a];
  return a.id < b.id ? [a, b] : [b, a];
}

async function mergePersons(
  deps: StewardDeps,
  uow: UnitOfWork,
  left: StoredPerson,
  right: StoredPerson,
  linkedBy: LinkDecision,
  winnerId?: string,
): Promise<MergeFacts> {
  const action: StewardAction = { action: 'merge', steward: linkedBy.steward ?? 'machine' };
  const [winner, loser] = winnerFirst(left, right, (p) => p.records.length, winnerId);
  const byKey = <T>(items: T[], key: (t: T) => string) => [
    ...new Map(items.map((i) => [key(i), i])).values(),
  ];
  const idKey = (x: { blindIndex?: string; masked: string }) => x.blindIndex ?? `masked:${x.masked}`;
  const merged = summarisePerson({
    ...winner,
    names: byKey([...winner.names, ...loser.names], (n) => n.asGiven),
    residentIds: byKey([...winner.residentIds, ...loser.residentIds], idKey),
    phones: byKey([...winner.phones, ...loser.phones], idKey),
    addresses: byKey([...(winner.addresses ?? []), ...(loser.addresses ?? [])], (a) => JSON.stringify(a)),
    birthDates: [...new Set([...(winner.birthDates ?? []), ...(loser.birthDates ?? [])])],
    otherIds: byKey(
      [...(winner.otherIds ?? []), ...(loser.otherIds ?? [])],
      (o) => `${o.scheme}:${idKey(o)}`,
    ),
    records: [...winner.records, ...loser.records.map((r) => ({ ...r, linkedBy }))],
    apart: [...new Set([...(winner.apart ?? []), ...(loser.apart ?? [])])],
    mergedFrom: [...new Set([...(winner.mergedFrom ?? []), loser.id, ...(loser.mergedFrom ?? [])])],
    nameSources: { ...(loser.nameSources ?? {}), ...(winner.nameSources ?? {}) },
    statedSexes: [...new Set([...(winner.statedSexes ?? []), ...(loser.statedSexes ?? [])])],
    version: winner.version + 1,
  });
  merged.indexed = await fileUnder(deps, merged.id, winner.indexed, loser.indexed ?? []);
  deps.store.entities.savePerson(uow, merged, winner.version);
  deps.store.entities.savePerson(
    uow,
    { ...loser, mergedInto: winner.id, version: loser.version + 1 },
    loser.version,
  );
  uow.emit(personEvent(deps, merged, { isNew: false, stewardAction: action }));
  // The disputes the loser is a party to now name the winner.
  await resummarise(deps, uow, action, await disputeIdsOf(deps, loser.records));
  return { kind: 'person', winnerId: winner.id, loserIds: [loser.id], version: merged.version };
}

async function mergeDisputes(
  deps: StewardDeps,
  uow: UnitOfWork,
  left: StoredDispute,
  right: StoredDispute,
  linkedBy: LinkDecision,
  winnerId?: string,
): Promise<MergeFacts> {
  const action: StewardAction = { action: 'merge', steward: linkedBy.steward ?? 'machine' };
  const [winner, loser] = winnerFirst(left, right, (d) => d.reports.length, winnerId);
  const reports = [...winner.reports, ...loser.reports.map((r) => ({ ...r, linkedBy }))];
  const joined = await joinedReports(deps, reports);
  const dispute = await summarised(deps, { ...winner, version: winner.version + 1 }, joined);
  const merged: StoredDispute = {
    ...dispute,
    matchReports: [...(winner.matchReports ?? []), ...(loser.matchReports ?? [])],
    related: [...(winner.related ?? []), ...(loser.related ?? [])].filter(
      (r) => r.disputeId !== winner.id && r.disputeId !== loser.id,
    ),
    apart: [...new Set([...(winner.apart ?? []), ...(loser.apart ?? [])])],
    mergedFrom: [...new Set([...(winner.mergedFrom ?? []), loser.id, ...(loser.mergedFrom ?? [])])],
  };
  if (!merged.related?.length) delete merged.related;
  merged.indexed = await fileUnder(deps, merged.id, winner.indexed, loser.indexed ?? []);
  deps.store.entities.saveDispute(uow, merged, winner.version);
  deps.store.entities.saveDispute(
    uow,
    { ...loser, mergedInto: winner.id, version: loser.version + 1 },
    loser.version,
  );
  for (const event of disputeEvents(deps, merged, {
    isNew: false,
    previousStatus: winner.status.code,
    stewardAction: action,
  }))
    uow.emit(event);
  return {
    kind: 'dispute',
    winnerId: winner.id,
    loserIds: [loser.id],
    version: merged.version,
    ...(merged.location?.divisionCode ? { divisionCode: merged.location.divisionCode } : {}),
  };
}

/**
 * Splits a person: each group of records becomes a new person; the rest stay. The parts are kept apart, so no later
 * record or review proposes joining them again.
 */
export async function splitPerson(
  deps: StewardDeps,
  input: { personId: string; groups: RecordRef[][]; reason?: string; steward: Principal },
): Promise<SplitOutcome> {
  const person = await deps.store.entities.getPerson(input.personId);
  if (!person) throw new StewardError('unknown-entity', `no person "${input.personId}"`);
  if (person.mergedInto) {
    throw new StewardError(
      'invalid-split',
      `${person.id} was merged into ${person.mergedInto}; split that one`,
    );
  }
  const { moved, action, now, at, newIds, targetOf, linkedBy } = planSplit(
    deps,
    'person',
    person,
    person.records,
    input,
  );
  const ownIds = new Set([person.id, ...(person.mergedFrom ?? [])]);
  const states = await deps.store.records.batchGetStates(person.records);
  // Rebuild every part from the party mentions of its records.
  const parts = new Map<string, StoredPerson>([
    [
      person.id,
      { ...newPerson(person.id), mergedFrom: person.mergedFrom ?? [], indexed: person.indexed ?? [] },
    ],
    ...newIds.map((id) => [id, newPerson(id)] as const),
  ]);
  const uow = deps.store.unitOfWork();
  for (const state of states) {
    const target = targetOf(state);
    const entry = person.records.find((r) => same(r, state))!;
    const ids = state.entities?.partyPersonIds ?? [];
    const nextIds = ids.map((id) => (id && ownIds.has(id) ? target : id));
    (state.report?.parties ?? []).forEach((mention, i) => {
      if (!ids[i] || !ownIds.has(ids[i]!)) return;
      parts.set(
        target,
        applyMention(parts.get(target)!, {
          sourceId: state.sourceId,
          sourceRecordId: state.sourceRecordId,
          mention,
          linkedBy: target === person.id ? entry.linkedBy : linkedBy,
        }),
      );
    });
    if (target !== person.id && state.entities) {
      deps.store.records.saveState(
        uow,
        {
          ...state,
          entities: { ...state.entities, partyPersonIds: nextIds, personIds: uniq(nextIds) },
          stateVersion: state.stateVersion + 1,
          updatedAt: at,
        },
        state,
      );
    }
  }
  const allIds = [person.id, ...newIds];
  for (const [id, part] of parts) {
    const isNew = id !== person.id;
    const next: StoredPerson = {
      ...part,
      apart: [...new Set([...(isNew ? [] : (person.apart ?? [])), ...allIds.filter((x) => x !== id)])],
      version: isNew ? 1 : person.version + 1,
    };
    next.indexed = await fileUnder(deps, id, isNew ? [] : person.indexed, [
      ...profileBlockingKeys(next).map((k) => indexKeys.personBlock(k.key)),
      ...profileFrequencyValues(next).map((v) => indexKeys.personValue(v.table, v.value)),
      ...(isNew ? [indexKeys.persons] : []),
    ]);
    deps.store.entities.savePerson(uow, next, isNew ? undefined : person.version);
    uow.emit(personEvent(deps, next, { isNew, stewardAction: action }));
  }
  // Identifiers carried only by moved records now name their new person.
  const stays = parts.get(person.id)!;
  const kept = new Set([...stays.residentIds, ...stays.phones].map((x) => x.blindIndex));
  const wanted = new Map<string, string>();
  for (const state of states) {
    const target = targetOf(state);
    if (target === person.id) continue;
    for (const mention of state.report?.parties ?? []) {
      for (const claim of identifierClaims(mention)) {
        if (!kept.has(claim.value)) wanted.set(`${claim.kind}#${claim.value}`, target);
      }
    }
  }
  const claims = await deps.store.entities.getClaims(
    [...wanted.keys()].map((k) => ({ kind: k.slice(0, k.indexOf('#')), value: k.slice(k.indexOf('#') + 1) })),
  );
  for (const claim of claims) {
    if (!ownIds.has(claim.entityId)) continue;
    const target = wanted.get(`${claim.kind}#${claim.value}`)!;
    deps.store.entities.reassignClaim(uow, { ...claim, entityId: target }, claim.entityId);
  }
  const assignments = recordSplit(deps, uow, {
    kind: 'person',
    originalId: person.id,
    newIds,
    moved,
    targetOf,
    version: person.version + 1,
    at,
    now,
    input,
  });
  // The disputes of the moved records name the new persons (the others' parties have not changed).
  await resummarise(
    deps,
    uow,
    action,
    await disputeIdsOf(deps, moved),
    splitOverrides(states, targetOf, ownIds),
  );
  await uow.commit();
  return { originalId: person.id, newIds, assignments };
}

/** Splits a dispute: each group of reports becomes a new dispute; the rest stay. The parts are kept apart. */
export async function splitDispute(
  deps: StewardDeps,
  input: { disputeId: string; groups: RecordRef[][]; reason?: string; steward: Principal },
): Promise<SplitOutcome> {
  const dispute = await deps.store.entities.getDispute(input.disputeId);
  if (!dispute) throw new StewardError('unknown-entity', `no dispute "${input.disputeId}"`);
  if (dispute.mergedInto) {
    throw new StewardError(
      'invalid-split',
      `${dispute.id} was merged into ${dispute.mergedInto}; split that one`,
    );
  }
  const { moved, action, now, at, newIds, targetOf, linkedBy } = planSplit(
    deps,
    'dispute',
    dispute,
    dispute.reports,
    input,
  );
  const allIds = [dispute.id, ...newIds];
  const uow = deps.store.unitOfWork();
  const joined = await joinedReports(
    deps,
    dispute.reports.map((r) => (targetOf(r) === dispute.id ? r : { ...r, linkedBy })),
  );
  const states = await deps.store.records.batchGetStates(dispute.reports);
  for (const id of allIds) {
    const isNew = id !== dispute.id;
    const mine = joined.filter((j) => targetOf(j.ref) === id);
    const summary = await summarised(
      deps,
      { ...(isNew ? { id } : dispute), id, version: isNew ? 1 : dispute.version + 1 },
      mine,
    );
    const next: StoredDispute = {
      ...summary,
      matchReports: mine.map((j) => ({
        ...summariseReportForMatching(j),
        narrative: j.report.narrative.slice(0, 400),
      })),
      apart: [...new Set([...(isNew ? [] : (dispute.apart ?? [])), ...allIds.filter((x) => x !== id)])],
      ...(!isNew && dispute.mergedFrom ? { mergedFrom: dispute.mergedFrom } : {}),
    };
    next.indexed = await fileUnder(deps, id, isNew ? [] : dispute.indexed, [
      ...mine.flatMap((j) =>
        disputeBlockingKeys(j.report, j.partyPersonIds).index.map((k) => indexKeys.disputeBlock(k.key)),
      ),
      ...(isNew ? [indexKeys.disputes] : []),
    ]);
    deps.store.entities.saveDispute(uow, next, isNew ? undefined : dispute.version);
    for (const event of disputeEvents(deps, next, {
      isNew,
      ...(isNew ? {} : { previousStatus: dispute.status.code }),
      stewardAction: action,
    }))
      uow.emit(event);
  }
  for (const state of states) {
    const target = targetOf(state);
    if (target === dispute.id || !state.entities) continue;
    deps.store.records.saveState(
      uow,
      {
        ...state,
        entities: { ...state.entities, disputeId: target },
        stateVersion: state.stateVersion + 1,
        updatedAt: at,
      },
      state,
    );
    // The numbers a moved report is known by now name its new dispute.
    const refs = [
      state.sourceRecordId,
      ...(state.report?.referenceNumbers ?? []),
      ...(state.report?.links ?? []).map((l) => l.value),
    ];
    const claims = await deps.store.entities.getClaims(
      refs.map((value) => ({ kind: claimKinds.reference, value })),
    );
    for (const claim of claims) {
      if (claim.entityId === dispute.id)
        deps.store.entities.reassignClaim(uow, { ...claim, entityId: target }, dispute.id);
    }
  }
  const assignments = recordSplit(deps, uow, {
    kind: 'dispute',
    originalId: dispute.id,
    newIds,
    moved,
    targetOf,
    version: dispute.version + 1,
    at,
    now,
    input,
    ...(dispute.location?.divisionCode ? { divisionCode: dispute.location.divisionCode } : {}),
  });
  await uow.commit();
  return { originalId: dispute.id, newIds, assignments };
}

interface SplitInput {
  groups: RecordRef[][];
  reason?: string;
  steward: Principal;
}

/** What every split decides first: the records moved, the new ids, where each record goes, how it is now linked. */
function planSplit(
  deps: StewardDeps,
  kind: EntityKind,
  entity: { id: string },
  owned: RecordRef[],
  input: SplitInput,
) {
  const moved = checkGroups(input.groups, owned, kind);
  const action: StewardAction = { action: 'split', steward: input.steward.keyId };
  const now = deps.clock.now();
  const at = now.toISOString();
  const newIds = input.groups.map(() => newId(kind === 'person' ? 'per' : 'dsp', now));
  const targetOf = (r: RecordRef) => {
    const g = input.groups.findIndex((group) => group.some((x) => same(x, r)));
    return g >= 0 ? newIds[g]! : entity.id;
  };
  const linkedBy: LinkDecision = {
    method: 'steward',
    decidedBy: 'steward',
    decidedAt: at,
    rule: `split from ${entity.id}`,
    steward: input.steward.keyId,
    ...(input.reason ? { reason: input.reason } : {}),
  };
  return { moved, action, now, at, newIds, targetOf, linkedBy };
}

/** The split's event (every id involved) and its audit entry, in the split's transaction. */
function recordSplit(
  deps: StewardDeps,
  uow: UnitOfWork,
  split: {
    kind: EntityKind;
    originalId: string;
    newIds: string[];
    moved: RecordRef[];
    targetOf: (r: RecordRef) => string;
    version: number;
    at: string;
    now: Date;
    input: SplitInput;
    divisionCode?: string;
  },
) {
  const { input } = split;
  const assignments = split.moved.map((r) => ({ ...r, entityId: split.targetOf(r) }));
  uow.emit(
    splitEvent(deps, {
      kind: split.kind,
      originalId: split.originalId,
      newIds: split.newIds,
      assignments,
      version: split.version,
      ...(split.divisionCode ? { divisionCode: split.divisionCode } : {}),
      steward: input.steward.keyId,
      reason: input.reason,
    }),
  );
  deps.store.steward.audit(uow, {
    id: newId('aud', split.now),
    at: split.at,
    actor: input.steward.keyId,
    actorName: input.steward.name,
    action: split.kind === 'person' ? 'person.split' : 'dispute.split',
    entityKind: split.kind,
    entityIds: [split.originalId, ...split.newIds],
    ...(input.reason ? { reason: input.reason } : {}),
    details: { assignments },
  });
  return assignments;
}

function checkGroups(groups: RecordRef[][], owned: RecordRef[], kind: EntityKind): RecordRef[] {
  if (
    !Array.isArray(groups) ||
    groups.length === 0 ||
    groups.some((g) => !Array.isArray(g) || g.length === 0)
  ) {
    throw new StewardError('invalid-split', 'give at least one non-empty group of records to move', 'groups');
  }
  const moved = groups.flat();
  for (const [i, r] of moved.entries()) {
    if (!owned.some((o) => same(o, r))) {
      throw new StewardError(
        'invalid-split',
        `record ${r.sourceId}/${r.sourceRecordId} is not linked to this ${kind}`,
        `groups/${i}`,
      );
    }
  }
  if (new Set(moved.map((r) => `${r.sourceId}/${r.sourceRecordId}`)).size !== moved.length) {
    throw new StewardError('invalid-split', 'a record is listed in two groups', 'groups');
  }
  if (moved.length >= owned.length) {
    throw new StewardError('invalid-split', `at least one record must stay with the ${kind}`, 'groups');
  }
  return moved;
}

/** Writes the value-index entries the entity gains, before the commit (see resolve-report.ts); returns all. */
async function fileUnder(
  deps: StewardDeps,
  entityId: string,
  already: readonly string[] | undefined,
  wanted: readonly string[],
): Promise<string[]> {
  const have = new Set(already ?? []);
  const fresh = [...new Set(wanted)].filter((k) => !have.has(k));
  await deps.store.valueIndex.add(fresh.map((key) => ({ key, entityId })));
  return [...have, ...fresh];
}

async function joinedReports(deps: StewardDeps, refs: StoredDispute['reports']): Promise<JoinedReport[]> {
  const states = await deps.store.records.batchGetStates(refs);
  return states
    .filter((s) => s.report)
    .map((s) => ({
      ref: refs.find((r) => same(r, s))!,
      report: s.report!,
      partyPersonIds: s.entities?.partyPersonIds ?? [],
    }));
}

/** The dispute summary with every party id followed through merges. */
async function summarised(
  deps: StewardDeps,
  base: Pick<StoredDispute, 'id' | 'version'> & Partial<StoredDispute>,
  joined: JoinedReport[],
  overrides: Map<string, Array<string | null>> = new Map(),
) {
  const withIds = joined.map((j) => ({
    ...j,
    partyPersonIds: overrides.get(`${j.ref.sourceId}/${j.ref.sourceRecordId}`) ?? j.partyPersonIds,
  }));
  const redirects = await deps.store.entities.personRedirects(withIds.flatMap((j) => j.partyPersonIds));
  return summariseDispute(
    {
      id: base.id,
      version: base.version,
      riskLevel: base.riskLevel,
      supervisionLevel: base.supervisionLevel,
    },
    withIds.map((j) => ({
      ...j,
      partyPersonIds: j.partyPersonIds.map((p) => (p ? (redirects.get(p) ?? p) : p)),
    })),
  );
}

/** Re-derives disputes whose parties changed; `overrides` gives party ids not yet committed (a split's). */
async function resummarise(
  deps: StewardDeps,
  uow: UnitOfWork,
  action: StewardAction,
  disputeIds: string[],
  overrides: Map<string, Array<string | null>> = new Map(),
): Promise<void> {
  // Two ids may lead to one dispute (a twin merged into it): it is summarised once.
  const seen = new Set<string>();
  for (const id of disputeIds) {
    const dispute = await deps.store.entities.currentDispute(id);
    if (!dispute || seen.has(dispute.id)) continue;
    seen.add(dispute.id);
    const joined = await joinedReports(deps, dispute.reports);
    const summary = await summarised(deps, { ...dispute, version: dispute.version + 1 }, joined, overrides);
    const next: StoredDispute = {
      ...summary,
      ...(dispute.related ? { related: dispute.related } : {}),
      ...(dispute.matchReports ? { matchReports: dispute.matchReports } : {}),
      ...(dispute.apart ? { apart: dispute.apart } : {}),
      ...(dispute.mergedFrom ? { mergedFrom: dispute.mergedFrom } : {}),
      ...(dispute.indexed ? { indexed: dispute.indexed } : {}),
    };
    deps.store.entities.saveDispute(uow, next, dispute.version);
    for (const event of disputeEvents(deps, next, {
      isNew: false,
      previousStatus: dispute.status.code,
      stewardAction: action,
    }))
      uow.emit(event);
  }
}

async function disputeIdsOf(deps: StewardDeps, records: RecordRef[]): Promise<string[]> {
  const states = await deps.store.records.batchGetStates(records);
  return [...new Set(states.map((s) => s.entities?.disputeId).filter((d): d is string => Boolean(d)))];
}

function splitOverrides(
  states: SourceRecordState[],
  targetOf: (r: RecordRef) => string,
  ownIds: ReadonlySet<string>,
): Map<string, Array<string | null>> {
  return new Map(
    states.map((s) => [
      `${s.sourceId}/${s.sourceRecordId}`,
      (s.entities?.partyPersonIds ?? []).map((id) => (id && ownIds.has(id) ? targetOf(s) : id)),
    ]),
  );
}

type StewardAction = { action: 'merge' | 'split'; steward: string };

function same(a: RecordRef, b: RecordRef): boolean {
  return a.sourceId === b.sourceId && a.sourceRecordId === b.sourceRecordId;
}

function uniq(ids: Array<string | null>): string[] {
  return [...new Set(ids.filter((i): i is string => Boolean(i)))];
}
