/**
 * What the hub knows about each party of a dispute across all their records (`PersonHistory` for the early-warning
 * rules): the disputes they are party to, the 110 calls that name them, the petitions they lodged. Built from the
 * person's record links and those records' states, the dispute's own reports taken as given.
 */
import type { Report } from '../../schemas/generated/types.js';
import { instantOf } from '../deadlines/working-day-offsets.js';
import type { StoredDispute, StoredPerson } from '../resolution/stored-entities.js';
import type { HubDeps } from '../runtime/deps.js';
import type { PersonHistory, TimedRef } from './early-warning.js';

/** The most recent records read per person: the rules look back at most two years, and a person's history is bounded. */
export const recordsPerPerson = 100;

interface RecordFacts {
  channel: Report['channel'];
  reportedAt: string;
  disputeId?: string;
}

const keyOf = (r: { sourceId: string; sourceRecordId: string }) => `${r.sourceId}\u0000${r.sourceRecordId}`;

/**
 * 1. Collect the parties' record links (the latest `recordsPerPerson` each).
 * 2. Take the dispute's own reports as known; read the other records' states once for all parties.
 * 3. Re-key disputes merged away to the dispute they now redirect to, so a merged pair counts once.
 * 4. Group per person: disputes at their first record, 110 calls, petitions.
 */
export async function personHistories(
  deps: Pick<HubDeps, 'store'>,
  input: { dispute: StoredDispute; reports: readonly Report[]; persons: readonly StoredPerson[] },
): Promise<PersonHistory[]> {
  const { dispute } = input;
  const links = new Map(input.persons.map((p) => [p.id, p.records.slice(-recordsPerPerson)]));
  const facts = new Map<string, RecordFacts>(
    input.reports.map((r) => [
      keyOf(r),
      { channel: r.channel, reportedAt: r.reportedAt, disputeId: dispute.id },
    ]),
  );
  const unknown = [...new Map([...links.values()].flat().map((r) => [keyOf(r), r])).values()].filter(
    (r) => !facts.has(keyOf(r)),
  );
  for (const state of await deps.store.records.batchGetStates(unknown)) {
    if (!state.report) continue;
    facts.set(keyOf(state), {
      channel: state.report.channel,
      reportedAt: state.report.reportedAt,
      ...(state.entities?.disputeId ? { disputeId: state.entities.disputeId } : {}),
    });
  }
  const own = new Set([dispute.id, ...(dispute.mergedFrom ?? [])]);
  const others = [...facts.values()].flatMap((f) =>
    f.disputeId && !own.has(f.disputeId) ? [f.disputeId] : [],
  );
  const redirects = await deps.store.entities.disputeRedirects(others);
  const current = (id: string | undefined) =>
    id === undefined ? undefined : own.has(id) ? dispute.id : (redirects.get(id) ?? id);

  return input.persons.map((person) => {
    const disputes = new Map<string, string>();
    const policeCalls: TimedRef[] = [];
    const petitions: TimedRef[] = [];
    for (const link of links.get(person.id) ?? []) {
      const f = facts.get(keyOf(link));
      if (!f) continue;
      const disputeId = current(f.disputeId);
      const first = disputeId === undefined ? undefined : disputes.get(disputeId);
      if (disputeId && (first === undefined || instantOf(f.reportedAt) < instantOf(first)))
        disputes.set(disputeId, f.reportedAt);
      const ref: TimedRef = {
        at: f.reportedAt,
        sourceRecordId: link.sourceRecordId,
        ...(disputeId ? { disputeId } : {}),
      };
      if (f.channel === 'police-110') policeCalls.push(ref);
      // Lodged: as a petitioner, not as the one petitioned against.
      if (f.channel === 'petition' && (link.roles?.includes('petitioner') ?? true)) petitions.push(ref);
    }
    return {
      personId: person.id,
      disputes: [...disputes].map(([disputeId, at]) => ({ disputeId, at })),
      policeCalls,
      petitions,
    };
  });
}
