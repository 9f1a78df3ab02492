import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import {
  crossingId,
  DEFAULT_SUPERVISION_POLICY,
  type SupervisionLevel,
  type SupervisionPolicy,
  supervisionCheckAt,
  supervisionCrossings,
} from '../../../functions/supervision/supervision.js';
import type { Dispute } from '../../../schemas/generated/types.js';
import { disputeOf, inTimeZone, reportFrom } from './support.js';

// The 12345 order of the shared example, its deadline moved to just after National Day 2024 (Tuesday 8 October):
// 普通 from the start of Sunday 29 September (a make-up workday: 29 Sep, 30 Sep, 8 Oct are the last three working
// days), 黄牌 from the start of 8 October, 红牌 from the second after the deadline.
const DUE = '2024-10-08T23:59:59+08:00';
const base = disputeOf([reportFrom('hotline-12345')]);
const open = (overrides: Partial<Dispute> = {}): Dispute => ({
  ...base,
  deadline: { dueAt: DUE, basis: { kind: 'explicit', sourceField: 'planTime' } },
  ...overrides,
});

const levelAt = (now: string, dispute = open(), policy?: SupervisionPolicy) =>
  supervisionCrossings(dispute, now, policy).level;

describe('the level a dispute should be at', () => {
  it('stays none before the last three working days', () => {
    expect(levelAt('2024-09-27T12:00:00+08:00')).toBe('none');
    expect(levelAt('2024-09-28T23:59:59+08:00')).toBe('none'); // Saturday, a day off
  });

  it('is 普通 from the start of the make-up Sunday and through the holiday', () => {
    expect(levelAt('2024-09-29T00:00:00+08:00')).toBe('normal');
    expect(levelAt('2024-10-07T23:59:59+08:00')).toBe('normal');
  });

  it('is 黄牌 on the last working day, the due second included', () => {
    expect(levelAt('2024-10-08T00:00:00+08:00')).toBe('yellow');
    const atDue = supervisionCrossings(open(), DUE);
    expect(atDue).toMatchObject({ level: 'yellow', overdue: false });
  });

  it('is 红牌 once the deadline has passed', () => {
    const after = supervisionCrossings(open(), '2024-10-09T00:00:00+08:00');
    expect(after).toMatchObject({ level: 'red', overdue: true, workingDaysOverdue: 0 });
    expect(after.nextCrossingAt).toBeUndefined();
  });

  it('reads instants in Beijing time whatever their offset and the process time zone', () => {
    expect(levelAt('2024-10-07T16:00:00Z')).toBe('yellow'); // 00:00 on 8 October in Beijing
    expect(levelAt('2024-10-07T15:59:59Z')).toBe('normal');
    expect(inTimeZone('America/New_York', () => levelAt('2024-10-07T16:00:00Z'))).toBe('yellow');
  });

  it('gives a 红牌 grace of M working days when configured, holidays left out', () => {
    const grace: SupervisionPolicy = {
      thresholds: DEFAULT_SUPERVISION_POLICY.thresholds.map((t) =>
        t.level === 'red' ? { ...t, workingDays: 2 } : t,
      ),
    };
    const dueMonday = open({
      deadline: { dueAt: '2024-09-30T23:59:59+08:00', basis: { kind: 'explicit' } },
    });
    // Overdue from 1 October, but 1–7 October are off: the two working days are 8 and 9 October.
    expect(levelAt('2024-10-09T23:59:59+08:00', dueMonday, grace)).toBe('yellow');
    expect(levelAt('2024-10-10T00:00:00+08:00', dueMonday, grace)).toBe('red');
  });

  it('counts a make-up Saturday among the last working days', () => {
    const dueMonday = open({ deadline: { dueAt: '2024-10-14T23:59:59+08:00', basis: { kind: 'explicit' } } });
    // Last three working days: Friday 11, Saturday 12 (make-up), Monday 14.
    expect(levelAt('2024-10-10T23:59:59+08:00', dueMonday)).toBe('none');
    expect(levelAt('2024-10-11T00:00:00+08:00', dueMonday)).toBe('normal');
    expect(levelAt('2024-10-13T12:00:00+08:00', dueMonday)).toBe('normal'); // Sunday
    expect(levelAt('2024-10-14T00:00:00+08:00', dueMonday)).toBe('yellow');
  });

  it('turns red the second after a deadline at a time of day', () => {
    const atSix = open({ deadline: { dueAt: '2024-03-13T18:00:00+08:00', basis: { kind: 'explicit' } } });
    expect(levelAt('2024-03-13T18:00:00+08:00', atSix)).toBe('yellow');
    expect(levelAt('2024-03-13T18:00:01+08:00', atSix)).toBe('red');
  });

  it('says when the next level will be reached', () => {
    expect(supervisionCrossings(open(), '2024-09-27T12:00:00+08:00').nextCrossingAt).toBe(
      '2024-09-29T00:00:00+08:00',
    );
    expect(supervisionCrossings(open(), '2024-10-08T09:00:00+08:00').nextCrossingAt).toBe(
      '2024-10-09T00:00:00+08:00',
    );
  });
});

describe('crossings', () => {
  it('raises one crossing as the sweep passes a threshold, with the overdue event data', () => {
    const result = supervisionCrossings(open({ supervisionLevel: 'normal' }), '2024-10-08T08:00:00+08:00');
    expect(result.crossings).toEqual([
      {
        id: 'dsp_01TESTDISPUTE.supervision.yellow.20241008T155959Z',
        level: 'yellow',
        previousLevel: 'normal',
        dueAt: DUE,
        crossedAt: '2024-10-08T00:00:00+08:00',
        data: {
          disputeId: 'dsp_01TESTDISPUTE',
          dueAt: DUE,
          supervisionLevel: 'yellow',
          previousLevel: 'normal',
          crossedAt: '2024-10-08T00:00:00+08:00',
          divisionCode: '330681109290',
        },
      },
    ]);
    expect(validateAgainst('dispute-overdue', result.crossings[0]!.data)).toEqual([]);
  });

  it('raises every crossing it missed, in order, when the sweep runs late', () => {
    const late = supervisionCrossings(open(), '2024-10-20T10:00:00+08:00');
    expect(late.crossings.map((c) => [c.previousLevel, c.level])).toEqual([
      ['none', 'normal'],
      ['normal', 'yellow'],
      ['yellow', 'red'],
    ]);
    expect(late.crossings.map((c) => c.crossedAt)).toEqual([
      '2024-09-29T00:00:00+08:00',
      '2024-10-08T00:00:00+08:00',
      '2024-10-09T00:00:00+08:00',
    ]);
  });

  it('raises nothing when the sweep runs again after recording the level', () => {
    const first = supervisionCrossings(open(), '2024-10-09T08:00:00+08:00');
    const again = supervisionCrossings(open({ supervisionLevel: first.level }), '2024-10-09T08:05:00+08:00');
    expect(first.crossings).toHaveLength(3);
    expect(again.crossings).toEqual([]);
    expect(again.level).toBe('red');
  });

  it('mints the same ids when two sweeps start from the same state, so the outbox keeps one', () => {
    const a = supervisionCrossings(open(), '2024-10-09T08:00:00+08:00');
    const b = supervisionCrossings(open(), '2024-10-09T09:30:00+08:00');
    expect(b.crossings.map((c) => c.id)).toEqual(a.crossings.map((c) => c.id));
  });

  it('names a crossing by dispute, due instant and level', () => {
    expect(crossingId('dsp_X', '2024-10-08T23:59:59+08:00', 'red')).toBe(
      'dsp_X.supervision.red.20241008T155959Z',
    );
    expect(crossingId('dsp_X', '2024-10-08T15:59:59Z', 'red')).toBe('dsp_X.supervision.red.20241008T155959Z');
  });

  it('crosses nothing on a resolved dispute and keeps the level it reached', () => {
    const resolved = open({
      status: { code: 'resolved', sourceValue: '已办结' },
      supervisionLevel: 'yellow',
    });
    expect(supervisionCrossings(resolved, '2024-10-20T10:00:00+08:00')).toMatchObject({
      level: 'yellow',
      crossings: [],
      lowered: false,
    });
  });

  it('lowers the level without an event when the deadline moves later, and crosses again against the new one', () => {
    const extended = open({
      supervisionLevel: 'red',
      deadline: { dueAt: '2024-11-08T23:59:59+08:00', basis: { kind: 'explicit' } },
    });
    const now = supervisionCrossings(extended, '2024-10-10T10:00:00+08:00');
    expect(now).toMatchObject({ level: 'none', lowered: true, crossings: [] });
    const later = supervisionCrossings(
      { ...extended, supervisionLevel: 'none' },
      '2024-11-09T10:00:00+08:00',
    );
    expect(later.crossings.map((c) => c.id)).toEqual([
      'dsp_01TESTDISPUTE.supervision.normal.20241108T155959Z',
      'dsp_01TESTDISPUTE.supervision.yellow.20241108T155959Z',
      'dsp_01TESTDISPUTE.supervision.red.20241108T155959Z',
    ]);
  });

  it('is none for an open dispute without a deadline', () => {
    const noDeadline = { ...open({ supervisionLevel: 'yellow' }) };
    delete noDeadline.deadline;
    expect(supervisionCrossings(noDeadline, '2024-10-10T10:00:00+08:00')).toMatchObject({
      level: 'none',
      lowered: true,
      crossings: [],
    });
  });

  it('emits each crossing exactly once over any schedule of sweeps, repeated or late', () => {
    const start = Date.parse('2024-09-20T00:00:00+08:00');
    const end = Date.parse('2024-10-25T00:00:00+08:00');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: start, max: end }), { minLength: 1, maxLength: 40 }),
        (times) => {
          const schedule = [...times].sort((a, b) => a - b);
          let recorded: SupervisionLevel = 'none';
          const emitted: string[] = [];
          for (const t of schedule) {
            const now = new Date(t);
            // A sweep may run twice on the same state (a retry): both compute, only the first commit wins.
            const run = supervisionCrossings(open({ supervisionLevel: recorded }), now);
            const retry = supervisionCrossings(open({ supervisionLevel: recorded }), now);
            expect(retry.crossings.map((c) => c.id)).toEqual(run.crossings.map((c) => c.id));
            emitted.push(...run.crossings.map((c) => c.id));
            recorded = run.level;
          }
          const last = new Date(schedule.at(-1)!);
          expect(new Set(emitted).size).toBe(emitted.length);
          expect(recorded).toBe(supervisionCrossings(open(), last).level);
          // Exactly the crossings a single sweep at the last time would raise from scratch.
          expect(emitted).toEqual(supervisionCrossings(open(), last).crossings.map((c) => c.id));
        },
      ),
    );
  });
});

describe('supervisionCheckAt', () => {
  it('is the next threshold above the recorded level, in UTC so it sorts against any now', () => {
    expect(supervisionCheckAt(open())).toBe('2024-09-28T16:00:00.000Z');
    expect(supervisionCheckAt(open({ supervisionLevel: 'normal' }))).toBe('2024-10-07T16:00:00.000Z');
    expect(supervisionCheckAt(open({ supervisionLevel: 'yellow' }))).toBe('2024-10-08T16:00:00.000Z');
  });

  it('stays in the past while a crossing is owed, so the sweep finds it at once', () => {
    const checkAt = supervisionCheckAt(open())!;
    const owed = supervisionCrossings(open(), '2024-10-20T10:00:00+08:00');
    expect(Date.parse(checkAt)).toBeLessThan(Date.parse('2024-10-20T10:00:00+08:00'));
    expect(owed.crossings).toHaveLength(3);
  });

  it('is none when nothing can be crossed any more', () => {
    expect(supervisionCheckAt(open({ supervisionLevel: 'red' }))).toBeUndefined();
    expect(supervisionCheckAt(open({ mergedInto: 'dsp_01OTHER' }))).toBeUndefined();
    expect(supervisionCheckAt(open({ status: { code: 'resolved', sourceValue: '已办结' } }))).toBeUndefined();
    const noDeadline = open();
    delete noDeadline.deadline;
    expect(supervisionCheckAt(noDeadline)).toBeUndefined();
  });
});
