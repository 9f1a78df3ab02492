/**
 * Resolution by exact evidence: the same record again, explicit cross-source references, blind-indexed resident IDs,
 * and phones with a compatible name. It proposes; the ingest pipeline commits the plan in one transaction, and a
 * lost race (another worker claimed the same identifier first) sends it back here on fresh state.
 */
import type {
  Dispute,
  LinkDecision,
  PartyMention,
  Person,
  Report,
  ReportRef,
  StatusCode,
} from '../../schemas/generated/types.js';
import { newId } from '../ids.js';
import type { RecordEntities, SourceRecordState } from '../ingest/source-record.js';
import type { HubDeps } from '../runtime/deps.js';
import type { Claim } from '../store/entity-repository.js';
import { type JoinedReport, summariseDispute } from './dispute-summary.js';
import { applyMention, newPerson } from './person-profile.js';

export interface EntityChange<T> {
  entity: T;
  /** The version read (undefined when new): the commit is conditioned on it. */
  expectedVersion?: number;
  isNew: boolean;
}

export interface ResolutionPlan {
  dispute: EntityChange<Dispute> & { previousStatus?: StatusCode };
  persons: EntityChange<Person>[];
  claims: Claim[];
  entities: RecordEntities;
}

type ResolveDeps = Pick<HubDeps, 'store' | 'clock'>;

export const claimKinds = { residentId: 'rid', phone: 'phone', reference: 'ref' } as const;

export async function resolveReport(
  deps: ResolveDeps,
  input: { report: Report; previous: SourceRecordState },
): Promise<ResolutionPlan> {
  const now = deps.clock.now();
  const decided = (
    method: LinkDecision['method'],
    rule: string,
    evidence: LinkDecision['evidence'] = [],
  ): LinkDecision => ({
    method,
    decidedBy: 'machine',
    decidedAt: now.toISOString(),
    rule,
    ...(evidence.length ? { evidence } : {}),
  });
  const { report, previous } = input;
  const claims: Claim[] = [];

  // 1. People: one per person mention, reusing the previous revision's link, then exact identifiers.
  const persons = new Map<string, EntityChange<Person>>();
  const partyPersonIds: Array<string | null> = [];
  const wanted = report.parties.flatMap((p) => identifierClaims(p));
  const existingClaims = await deps.store.entities.getClaims(wanted);
  const claimOf = (kind: string, value: string) =>
    existingClaims.find((c) => c.kind === kind && c.value === value)?.entityId;

  for (const mention of report.parties) {
    if (mention.kind !== 'person') {
      partyPersonIds.push(null);
      continue;
    }
    let personId: string | undefined;
    let linkedBy: LinkDecision;
    const reused = previousPersonFor(previous, mention);
    const ridClaim = mention.residentId?.blindIndex
      ? claimOf(claimKinds.residentId, mention.residentId.blindIndex)
      : undefined;
    if (reused) {
      personId = reused;
      linkedBy = decided('same-record', 'party of an earlier revision of this record');
    } else if (ridClaim) {
      personId = ridClaim;
      linkedBy = decided('exact-identifier', 'same resident ID number', [
        { field: 'residentId', level: 'exact' },
      ]);
    } else {
      for (const phone of mention.phones ?? []) {
        const candidate = phone.blindIndex ? claimOf(claimKinds.phone, phone.blindIndex) : undefined;
        if (!candidate) continue;
        const person = await loadPerson(deps, persons, candidate);
        if (person && compatible(person.entity, mention)) {
          personId = candidate;
          break;
        }
      }
      linkedBy = personId
        ? decided('exact-identifier', 'same phone and a compatible name', [
            { field: 'phone', level: 'exact' },
            { field: 'name', level: 'compatible' },
          ])
        : decided('new-entity', 'no existing person shares an exact identifier');
    }
    const change = personId ? await loadPerson(deps, persons, personId) : undefined;
    const target: EntityChange<Person> = change ?? { entity: newPerson(newId('per', now)), isNew: true };
    target.entity = applyMention(target.entity, {
      sourceId: report.sourceId,
      sourceRecordId: report.sourceRecordId,
      mention,
      linkedBy,
    });
    persons.set(target.entity.id, target);
    partyPersonIds.push(target.entity.id);
    for (const c of identifierClaims(mention)) {
      if (!claimOf(c.kind, c.value)) claims.push({ ...c, entityId: target.entity.id });
    }
  }

  // 2. The dispute: the record's own earlier dispute, else one named by a cross-source reference, else a new one.
  const refs = referenceValues(report);
  const refClaims = await deps.store.entities.getClaims(
    refs.map((value) => ({ kind: claimKinds.reference, value })),
  );
  let disputeId = previous.entities?.disputeId;
  let linkedBy = decided('same-record', 'an earlier revision of this record');
  if (!disputeId) {
    const hit = refs.map((v) => refClaims.find((c) => c.value === v)).find(Boolean);
    disputeId = hit?.entityId;
    linkedBy = hit
      ? decided('explicit-reference', `cross-source reference ${hit.value}`, [
          { field: 'links', level: 'exact', detail: hit.value },
        ])
      : decided('new-entity', 'no reference to a known dispute');
  }
  for (const value of refs) {
    if (!refClaims.some((c) => c.value === value))
      claims.push({ kind: claimKinds.reference, value, entityId: '' });
  }
  const existing = disputeId ? await deps.store.entities.getDispute(disputeId) : undefined;
  const id = existing?.id ?? newId('dsp', now);
  for (const c of claims) if (c.kind === claimKinds.reference) c.entityId = id;

  const ownRef: ReportRef = {
    sourceId: report.sourceId,
    sourceRecordId: report.sourceRecordId,
    channel: report.channel,
    reportedAt: report.reportedAt,
    linkedBy:
      existing?.reports.find(
        (r) => r.sourceId === report.sourceId && r.sourceRecordId === report.sourceRecordId,
      )?.linkedBy ?? linkedBy,
  };
  const others = (existing?.reports ?? []).filter(
    (r) => !(r.sourceId === report.sourceId && r.sourceRecordId === report.sourceRecordId),
  );
  const otherStates = await deps.store.records.batchGetStates(others);
  const joined: JoinedReport[] = [
    ...otherStates
      .filter((s) => s.report)
      .map((s) => ({
        ref: others.find((r) => r.sourceId === s.sourceId && r.sourceRecordId === s.sourceRecordId)!,
        report: s.report!,
        partyPersonIds: s.entities?.partyPersonIds ?? [],
      })),
    { ref: ownRef, report, partyPersonIds },
  ];
  const dispute = summariseDispute(
    {
      id,
      version: (existing?.version ?? 0) + 1,
      riskLevel: existing?.riskLevel,
      supervisionLevel: existing?.supervisionLevel,
    },
    joined,
  );

  const personChanges = [...persons.values()].map((p) => ({
    ...p,
    entity: { ...p.entity, version: (p.expectedVersion ?? 0) + 1 },
  }));
  return {
    dispute: {
      entity: dispute,
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
  };
}

async function loadPerson(
  deps: ResolveDeps,
  cache: Map<string, EntityChange<Person>>,
  id: string,
): Promise<EntityChange<Person> | undefined> {
  const cached = cache.get(id);
  if (cached) return cached;
  const person = await deps.store.entities.getPerson(id);
  if (!person) return undefined;
  const change = { entity: person, expectedVersion: person.version, isNew: false };
  cache.set(id, change);
  return change;
}

function identifierClaims(mention: PartyMention): Array<{ kind: string; value: string }> {
  if (mention.kind !== 'person') return [];
  const out: Array<{ kind: string; value: string }> = [];
  // An invalid number is kept as given; the same wrong number twice is still the same string, so it still claims.
  if (mention.residentId?.blindIndex) {
    out.push({ kind: claimKinds.residentId, value: mention.residentId.blindIndex });
  }
  for (const phone of mention.phones ?? []) {
    if (phone.blindIndex && phone.kind !== 'service')
      out.push({ kind: claimKinds.phone, value: phone.blindIndex });
  }
  return out;
}

/** The numbers this record is known by, and the numbers it refers to: all name the same matter. */
function referenceValues(report: Report): string[] {
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

/** A phone match counts only with a compatible name: same full name, or the same surname when one side is partial. */
function compatible(person: Person, mention: PartyMention): boolean {
  const name = mention.name;
  if (
    mention.residentId?.blindIndex &&
    person.residentIds.some((r) => r.blindIndex && r.blindIndex !== mention.residentId?.blindIndex)
  ) {
    return false;
  }
  if (!name?.normalised) return true;
  return person.names.some((known) => {
    if (known.form === 'full' && name.form === 'full') return known.normalised === name.normalised;
    return Boolean(known.surname && name.surname && known.surname === name.surname);
  });
}
