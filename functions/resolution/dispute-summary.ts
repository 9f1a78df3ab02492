/**
 * Derives a unified dispute from the reports joined into it: one merged timeline, the current status from the most
 * recently active report, the deadline still owed by the deadline policy, the finest location, and the parties by
 * resolved person.
 */
import type { Dispute, DisputeParty, Location, Report, ReportRef } from '../../schemas/generated/types.js';
import { currentDeadline, toDisputeDeadline } from '../supervision/deadline-policy.js';

export interface JoinedReport {
  ref: ReportRef;
  report: Report;
  /** Person id per party index of the report (null for organisations and groups). */
  partyPersonIds: Array<string | null>;
}

const finished = new Set(['resolved', 'closed']);

export function summariseDispute(
  base: Pick<Dispute, 'id' | 'version'> &
    Partial<Pick<Dispute, 'riskLevel' | 'riskReasons' | 'supervisionLevel' | 'mergedInto'>>,
  joined: JoinedReport[],
): Dispute {
  if (joined.length === 0) throw new Error(`dispute ${base.id} has no reports`);
  const byTime = [...joined].sort((a, b) => a.report.reportedAt.localeCompare(b.report.reportedAt));
  const steps = joined
    .flatMap((j) =>
      j.report.steps.map((s) => ({ ...s, sourceId: j.ref.sourceId, sourceRecordId: j.ref.sourceRecordId })),
    )
    .sort((a, b) => a.at.localeCompare(b.at));
  const lastActivity = (j: JoinedReport) =>
    [j.report.status.since, j.report.steps.at(-1)?.at, j.report.reportedAt].filter(Boolean).sort().at(-1) ??
    '';
  const current = [...joined].sort((a, b) => lastActivity(a).localeCompare(lastActivity(b))).at(-1)!;
  const categorySource =
    byTime.find((j) => j.report.category.isDispute !== false && j.report.category.code !== '其他') ??
    byTime[0]!;
  const first = byTime[0]!;
  const status = current.report.status;
  const summary: Dispute = {
    id: base.id,
    ...(first.report.title ? { title: first.report.title } : {}),
    summary: first.report.narrative.slice(0, 200),
    category: categorySource.report.category,
    status,
    ...(base.riskLevel !== undefined ? { riskLevel: base.riskLevel } : {}),
    ...(base.riskReasons?.length ? { riskReasons: base.riskReasons } : {}),
    ...(base.supervisionLevel ? { supervisionLevel: base.supervisionLevel } : {}),
    ...locationOf(joined),
    parties: partiesOf(joined),
    reports: byTime.map((j) => j.ref),
    steps,
    channels: [...new Set(byTime.map((j) => j.ref.channel))],
    firstReportedAt: first.report.reportedAt,
    lastReportedAt: byTime.at(-1)!.report.reportedAt,
    ...(finished.has(status.code) ? { resolvedAt: status.since ?? lastActivity(current) } : {}),
    ...(base.mergedInto ? { mergedInto: base.mergedInto } : {}),
    version: base.version,
  };
  // 限期办理: the nearest deadline a report not yet settled still owes, counted by its source's rules.
  const owed = currentDeadline(
    summary,
    joined.map((j) => j.report),
  );
  return owed ? { ...summary, deadline: toDisputeDeadline(owed) } : summary;
}

function locationOf(joined: JoinedReport[]): { location?: Location } {
  const locations = joined.map((j) => j.report.location).filter((l): l is Location => Boolean(l));
  if (locations.length === 0) return {};
  const finest = [...locations].sort(
    (a, b) => (b.divisionCode?.length ?? 0) - (a.divisionCode?.length ?? 0),
  )[0]!;
  const coordinates = locations.find((l) => l.coordinates)?.coordinates;
  const grid = locations.find((l) => l.gridCode);
  return {
    location: {
      ...finest,
      ...(coordinates && !finest.coordinates ? { coordinates } : {}),
      ...(grid?.gridCode && !finest.gridCode ? { gridCode: grid.gridCode } : {}),
    },
  };
}

function partiesOf(joined: JoinedReport[]): DisputeParty[] {
  const byKey = new Map<string, DisputeParty>();
  for (const j of joined) {
    j.report.parties.forEach((party, i) => {
      const personId = j.partyPersonIds[i] ?? undefined;
      const displayName = party.name?.normalised ?? party.name?.asGiven ?? party.organizationName;
      const key = personId ?? `name:${displayName ?? `${j.ref.sourceId}/${j.ref.sourceRecordId}#${i}`}`;
      const existing = byKey.get(key);
      const roles = [...new Set([...(existing?.roles ?? []), ...party.roles])];
      byKey.set(key, {
        ...(personId ? { personId } : {}),
        ...(existing?.displayName || displayName
          ? { displayName: betterName(existing?.displayName, displayName, party) }
          : {}),
        roles,
      });
    });
  }
  return [...byKey.values()];
}

function betterName(
  existing: string | undefined,
  candidate: string | undefined,
  party: Report['parties'][number],
) {
  if (!existing) return candidate;
  return party.name?.form === 'full' && candidate ? candidate : existing;
}
