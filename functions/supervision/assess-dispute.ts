/**
 * Re-assesses a dispute as it changes, before it is saved: its early-warning level from the rules over its reports
 * and its parties' histories (`qiao.risk.raised` when the level moves, up or back to 0 on resolution), and its
 * supervision level lowered when its deadline moved later (raising is the sweep's: supervise-deadlines.ts). The
 * deadline itself is derived with the dispute (dispute-summary.ts, by the deadline policy).
 */
import type { QiaoCloudEvent, Report } from '../../schemas/generated/types.js';
import { riskRaisedEvent } from '../events/domain-events.js';
import type { ResolutionPlan } from '../resolution/resolve-report.js';
import type { StoredDispute, StoredPerson } from '../resolution/stored-entities.js';
import type { HubDeps } from '../runtime/deps.js';
import {
  assessRisk,
  DEFAULT_EARLY_WARNING_POLICY,
  type EarlyWarningPolicy,
  type RiskAssessment,
  riskChange,
} from './early-warning.js';
import { personHistories } from './person-histories.js';
import { supervisionCrossings } from './supervision.js';

type AssessDeps = Pick<HubDeps, 'store' | 'clock' | 'eventSource'>;

export interface AssessedDispute {
  dispute: StoredDispute;
  risk: RiskAssessment;
  /** `qiao.risk.raised` when the level changed: emit it in the transaction that saves `dispute`. */
  events: QiaoCloudEvent[];
}

/**
 * 1. Load the parties not given (those given are fresher: the change's own persons).
 * 2. Build their histories and assess the rules at the clock's now.
 * 3. Record the level and its reasons; an event when the level changed.
 * 4. Lower the supervision level if the deadline no longer warrants it (no event: nothing was crossed).
 */
export async function assessDispute(
  deps: AssessDeps,
  input: {
    dispute: StoredDispute;
    /** The canonical reports of `dispute.reports`. */
    reports: readonly Report[];
    persons?: readonly StoredPerson[];
    policy?: EarlyWarningPolicy;
  },
): Promise<AssessedDispute> {
  const now = deps.clock.now().toISOString();
  const { dispute } = input;
  const given = new Map((input.persons ?? []).map((p) => [p.id, p]));
  const partyIds = [...new Set(dispute.parties.flatMap((p) => (p.personId ? [p.personId] : [])))];
  const missing = partyIds.filter((id) => !given.has(id));
  for (const person of missing.length ? await deps.store.entities.getPersons(missing) : [])
    given.set(person.id, person);
  const persons = partyIds.flatMap((id) => {
    const person = given.get(id);
    return person && !person.mergedInto ? [person] : [];
  });

  const histories = await personHistories(deps, { dispute, reports: input.reports, persons });
  const reports = [...input.reports];
  const risk = assessRisk(
    { dispute, reports, persons: histories, now },
    input.policy ?? DEFAULT_EARLY_WARNING_POLICY,
  );
  const next: StoredDispute = { ...dispute };
  const previous = dispute.riskLevel ?? 0;
  if (risk.level > 0 || previous > 0) next.riskLevel = risk.level;
  if (risk.reasons.length) next.riskReasons = risk.reasons;
  else delete next.riskReasons;
  const change = riskChange(dispute.id, previous, risk);

  const supervision = supervisionCrossings(next, now);
  if (supervision.lowered) {
    if (supervision.level === 'none') delete next.supervisionLevel;
    else next.supervisionLevel = supervision.level;
  }
  return { dispute: next, risk, events: change ? [riskRaisedEvent(deps, next, change)] : [] };
}

/**
 * The ingest pipeline's step between resolution and commit: assesses the plan's dispute with the record's new report
 * and the plan's persons, replaces the plan's dispute with the assessed one, and returns the events to emit with it.
 */
export async function assessPlan(
  deps: AssessDeps,
  plan: ResolutionPlan,
  report: Report,
): Promise<QiaoCloudEvent[]> {
  const dispute = plan.dispute.entity;
  const others = dispute.reports.filter(
    (r) => r.sourceId !== report.sourceId || r.sourceRecordId !== report.sourceRecordId,
  );
  const states = await deps.store.records.batchGetStates(others);
  const assessed = await assessDispute(deps, {
    dispute,
    reports: [...states.flatMap((s) => (s.report ? [s.report] : [])), report],
    persons: plan.persons.map((p) => p.entity),
  });
  plan.dispute.entity = assessed.dispute;
  return assessed.events;
}
