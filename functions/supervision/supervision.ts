/**
 * 督办: the supervision level a dispute should be at now (普通 normal → 黄牌 yellow → 红牌 red as its deadline
 * approaches and passes) and the crossings a sweep has not recorded yet. A crossing is identified by the dispute, the
 * due instant and the level, so a sweep that runs twice, concurrently or late emits each crossing exactly once: the
 * sweep records the level it reached, the next run starts from there, and two runs from the same state mint the same
 * event ids (which the outbox refuses twice).
 */

import type { Dispute, DisputeOverdueData } from '../../schemas/generated/types.js';
import {
  beijingIso,
  endOfWorkingDaysAfter,
  instantOf,
  startOfLastWorkingDays,
  workingDaysOverdue,
} from '../deadlines/working-day-offsets.js';

export type SupervisionLevel = NonNullable<Dispute['supervisionLevel']>;
export type RaisedLevel = Exclude<SupervisionLevel, 'none'>;

export interface Threshold {
  level: RaisedLevel;
  /**
   * `before-due`: from the start of the last N working days up to the deadline (0: the due instant);
   * `after-due`: once N whole working days have passed after it (0: the second after the due instant).
   */
  relativeTo: 'before-due' | 'after-due';
  workingDays: number;
  why: string;
}

export interface SupervisionPolicy {
  thresholds: Threshold[];
}

export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = {
  thresholds: [
    {
      level: 'normal',
      relativeTo: 'before-due',
      workingDays: 3,
      why: '普通督办: a reminder while the handling unit can still act, the last 3 working days before the deadline',
    },
    {
      level: 'yellow',
      relativeTo: 'before-due',
      workingDays: 1,
      why: '黄牌督办: the last working day before the deadline (临期), and on while it stays unmet',
    },
    {
      level: 'red',
      relativeTo: 'after-due',
      workingDays: 0,
      why: '红牌督办: the deadline has passed (超期); raise M to give a grace of M working days',
    },
  ],
};

const ORDER: readonly SupervisionLevel[] = ['none', 'normal', 'yellow', 'red'];
const rank = (level: SupervisionLevel) => ORDER.indexOf(level);
const SETTLED = new Set(['resolved', 'closed']);

export interface Crossing {
  /** Deterministic: `<disputeId>.supervision.<level>.<due instant, UTC>`. */
  id: string;
  level: RaisedLevel;
  previousLevel: SupervisionLevel;
  dueAt: string;
  /** When the threshold was passed (not when the sweep noticed). */
  crossedAt: string;
  /** The data of the `qiao.dispute.overdue` event. */
  data: DisputeOverdueData;
}

export interface SupervisionAssessment {
  /** The level the dispute should be recorded at after this sweep. */
  level: SupervisionLevel;
  /** The level the dispute records now. */
  recorded: SupervisionLevel;
  dueAt?: string;
  overdue: boolean;
  /** Whole working days passed since the deadline. */
  workingDaysOverdue: number;
  /** Crossings to emit now, lowest level first; empty when nothing new was passed. */
  crossings: Crossing[];
  /** The level went down (the deadline moved later, or there is none any more): record it, emit nothing. */
  lowered: boolean;
  /** When the next higher level will be reached, if ever: the sweep need not look before then. */
  nextCrossingAt?: string;
}

/**
 * Where the dispute should stand at `now` against `dispute.deadline.dueAt` (extensions counted, as
 * `toDisputeDeadline` stores it) and what it has not recorded yet. A resolved or closed dispute keeps the level it
 * reached (the record of how late it was) and crosses nothing; an open one without a deadline is at `none`.
 */
export function supervisionCrossings(
  dispute: Dispute,
  now: Date | string,
  policy: SupervisionPolicy = DEFAULT_SUPERVISION_POLICY,
): SupervisionAssessment {
  const recorded = dispute.supervisionLevel ?? 'none';
  const nowIso = typeof now === 'string' ? now : now.toISOString();
  const dueAt = dispute.deadline?.dueAt;
  const quiet = { recorded, overdue: false, workingDaysOverdue: 0, crossings: [] };
  if (SETTLED.has(dispute.status.code)) return { ...quiet, level: recorded, lowered: false };
  if (dueAt === undefined) return { ...quiet, level: 'none', lowered: rank(recorded) > 0 };

  const instant = instantOf(nowIso);
  const passed = thresholdsOf(dueAt, policy).filter((t) => instantOf(t.at) <= instant);
  const level = passed.reduce<SupervisionLevel>(
    (top, t) => (rank(t.level) > rank(top) ? t.level : top),
    'none',
  );
  const crossings: Crossing[] = [];
  let previous = recorded;
  for (const t of passed.filter((p) => rank(p.level) > rank(recorded)).sort(byLevel)) {
    if (crossings.some((c) => c.level === t.level)) continue;
    crossings.push(crossingOf(dispute, dueAt, t, previous));
    previous = t.level;
  }
  const next = thresholdsOf(dueAt, policy)
    .filter((t) => rank(t.level) > rank(level) && instantOf(t.at) > instant)
    .sort((a, b) => instantOf(a.at) - instantOf(b.at))[0];
  return {
    level,
    recorded,
    dueAt,
    overdue: instant > instantOf(dueAt),
    workingDaysOverdue: workingDaysOverdue(dueAt, nowIso),
    crossings,
    lowered: rank(level) < rank(recorded),
    ...(next ? { nextCrossingAt: next.at } : {}),
  };
}

/**
 * When the sweep must next look at the dispute, whatever the time now: the earliest threshold above the level it
 * records (in the past when a crossing is already owed). None when nothing can be crossed any more: settled, merged
 * away, without a deadline, or at the top level. This is the sort key of the sweep's index of open disputes.
 */
export function supervisionCheckAt(
  dispute: Dispute,
  policy: SupervisionPolicy = DEFAULT_SUPERVISION_POLICY,
): string | undefined {
  const dueAt = dispute.deadline?.dueAt;
  if (dueAt === undefined || dispute.mergedInto || SETTLED.has(dispute.status.code)) return undefined;
  const recorded = rank(dispute.supervisionLevel ?? 'none');
  const next = thresholdsOf(dueAt, policy)
    .filter((t) => rank(t.level) > recorded)
    .sort((a, b) => instantOf(a.at) - instantOf(b.at))[0];
  return next && new Date(instantOf(next.at)).toISOString();
}

/** The deterministic id of a crossing, used as the event id. */
export function crossingId(disputeId: string, dueAt: string, level: RaisedLevel): string {
  const utc = new Date(instantOf(dueAt)).toISOString().replace(/[-:]|\.\d{3}/g, '');
  return `${disputeId}.supervision.${level}.${utc}`;
}

interface PlacedThreshold {
  level: RaisedLevel;
  at: string;
}

/** Each threshold's instant for this deadline. */
export function thresholdsOf(dueAt: string, policy: SupervisionPolicy): PlacedThreshold[] {
  return policy.thresholds.map((t) => ({
    level: t.level,
    at:
      t.relativeTo === 'before-due'
        ? startOfLastWorkingDays(dueAt, t.workingDays)
        : // Overdue begins the second after: a deadline at 23:59:59 is met until then.
          beijingIso(instantOf(endOfWorkingDaysAfter(dueAt, t.workingDays)) + 1000),
  }));
}

function byLevel(a: PlacedThreshold, b: PlacedThreshold): number {
  return rank(a.level) - rank(b.level) || instantOf(a.at) - instantOf(b.at);
}

function crossingOf(
  dispute: Dispute,
  dueAt: string,
  threshold: PlacedThreshold,
  previousLevel: SupervisionLevel,
): Crossing {
  const due = beijingIso(instantOf(dueAt));
  const divisionCode = dispute.location?.divisionCode;
  return {
    id: crossingId(dispute.id, dueAt, threshold.level),
    level: threshold.level,
    previousLevel,
    dueAt: due,
    crossedAt: threshold.at,
    data: {
      disputeId: dispute.id,
      dueAt: due,
      supervisionLevel: threshold.level,
      previousLevel,
      crossedAt: threshold.at,
      ...(divisionCode ? { divisionCode } : {}),
    },
  };
}
