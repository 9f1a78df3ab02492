import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import {
  currentDeadline,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  reportDeadline,
  toDisputeDeadline,
} from '../../../functions/supervision/deadline-policy.js';
import { disputeOf, inTimeZone, reportFrom } from './support.js';

const noPlanTime = { planTime: undefined };

describe('12345 work orders', () => {
  it('takes planTime when the order states it', () => {
    const due = reportDeadline(reportFrom('hotline-12345'));
    expect(due).toMatchObject({
      dueAt: '2024-03-13T18:00:00+08:00',
      rule: 'hotline-12345/explicit',
      sourceId: 'hotline-12345',
      sourceRecordId: 'F20240306000381',
      basis: { kind: 'explicit', sourceField: 'planTime' },
    });
  });

  it('counts 5 working days for a 投诉 across the Spring Festival, make-up Sunday 18 February included', () => {
    const order = reportFrom('hotline-12345', { ...noPlanTime, createTime: '2024-02-09 10:00:00' });
    expect(reportDeadline(order)).toMatchObject({
      dueAt: '2024-02-22T23:59:59+08:00', // 18 (Sun, worked), 19, 20, 21, 22
      rule: 'hotline-12345/request-complaint-report',
      basis: { kind: 'working-days', amount: 5, from: '2024-02-09T10:00:00+08:00' },
    });
  });

  it('counts across National Day 2024, with make-up Sunday 29 September', () => {
    const order = reportFrom('hotline-12345', { ...noPlanTime, createTime: '2024-09-27 16:30:00' });
    expect(reportDeadline(order)?.dueAt).toBe('2024-10-10T23:59:59+08:00'); // 29, 30, 8, 9, 10
  });

  it('gives a 咨询 1 working day: the make-up Sunday after Qingming 2024', () => {
    const order = reportFrom('hotline-12345', {
      ...noPlanTime,
      formTypeName: '咨询',
      createTime: '2024-04-03 09:00:00',
    });
    expect(reportDeadline(order)).toMatchObject({
      dueAt: '2024-04-07T23:59:59+08:00',
      rule: 'hotline-12345/consultation',
    });
  });

  it('gives a 特急 order 2 hours, across Beijing midnight, before the appeal-type rule', () => {
    const order = reportFrom('hotline-12345', {
      ...noPlanTime,
      jjcdName: '特急',
      createTime: '2024-03-06 23:30:00',
    });
    expect(reportDeadline(order)).toMatchObject({
      dueAt: '2024-03-07T01:30:00+08:00',
      rule: 'hotline-12345/critical',
      basis: { kind: 'hours', amount: 2 },
    });
  });

  it('falls back to the hub default for an appeal type the contract names no rule for', () => {
    const order = reportFrom('hotline-12345', { ...noPlanTime, formTypeName: '建议' });
    expect(reportDeadline(order)).toMatchObject({
      rule: 'hotline-12345/default',
      dueAt: '2024-03-13T23:59:59+08:00',
    });
  });

  it('does not move the date for a 延期申请, which may be refused', () => {
    const order = reportFrom('hotline-12345', {
      ...noPlanTime,
      steps: [
        { action: '受理', time: '2024-03-06 10:02:00' },
        { action: '延期申请', time: '2024-03-08 10:00:00', comment: '申请延期5个工作日' },
      ],
    });
    expect(order.deadline?.extensions).toHaveLength(1);
    expect(reportDeadline(order)?.dueAt).toBe('2024-03-13T23:59:59+08:00');
  });

  it('applies a rule configured for one category and not to another category', () => {
    const wagesFirst: DeadlinePolicy = {
      ...DEFAULT_DEADLINE_POLICY,
      sources: {
        ...DEFAULT_DEADLINE_POLICY.sources,
        'hotline-12345': {
          ...DEFAULT_DEADLINE_POLICY.sources['hotline-12345']!,
          rules: [
            {
              id: 'local/unpaid-wages',
              doc: 'county rule: 欠薪 within 3 working days',
              when: { categories: ['劳资'] },
              kind: 'working-days',
              amount: 3,
              from: ['reported'],
            },
            ...DEFAULT_DEADLINE_POLICY.sources['hotline-12345']!.rules,
          ],
        },
      },
    };
    const wages = reportFrom('hotline-12345', {
      ...noPlanTime,
      businessTypeName: '劳动保障',
      businessTypeChildName: '欠薪',
      businessTypeGrandsonName: '农民工工资',
    });
    expect(wages.category.code).toBe('劳资');
    expect(reportDeadline(wages, wagesFirst)).toMatchObject({
      rule: 'local/unpaid-wages',
      dueAt: '2024-03-11T23:59:59+08:00', // Wed 6 → Thu, Fri, Mon
    });
    const neighbours = reportFrom('hotline-12345', noPlanTime);
    expect(reportDeadline(neighbours, wagesFirst)?.rule).toBe('hotline-12345/request-complaint-report');
  });

  it('can let the rules win over planTime when a county decides so', () => {
    const rulesWin: DeadlinePolicy = {
      ...DEFAULT_DEADLINE_POLICY,
      sources: {
        'hotline-12345': { ...DEFAULT_DEADLINE_POLICY.sources['hotline-12345']!, explicitWins: false },
      },
    };
    expect(reportDeadline(reportFrom('hotline-12345'), rulesWin)?.rule).toBe(
      'hotline-12345/request-complaint-report',
    );
  });
});

describe('petitions', () => {
  it('are due 60 calendar days after slrq', () => {
    expect(reportDeadline(reportFrom('petition'))).toMatchObject({
      dueAt: '2024-05-20T23:59:59+08:00',
      rule: 'petition/sixty-days',
      basis: { kind: 'calendar-days', amount: 60, from: '2024-03-21T00:00:00+08:00' },
    });
  });

  it('count from the 受理 step when slrq is missing', () => {
    const petition = reportFrom('petition', {
      slrq: undefined,
      lcjl: [
        { dz: '登记', sj: '2024-03-20 15:00:00', dw: '诸暨市信访局' },
        { dz: '受理', sj: '2024-03-22 09:00:00', dw: '诸暨市信访局' },
      ],
    });
    expect(reportDeadline(petition)?.dueAt).toBe('2024-05-21T23:59:59+08:00');
  });

  it('have no deadline before they are accepted', () => {
    expect(reportDeadline(reportFrom('petition', { slrq: undefined }))).toBeUndefined();
  });

  it('move by a granted extension (yq), in calendar days', () => {
    const due = reportDeadline(reportFrom('petition', { yq: { yqts: 30, yqly: '需要实地核查' } }));
    expect(due).toMatchObject({
      dueAt: '2024-06-19T23:59:59+08:00',
      baseDueAt: '2024-05-20T23:59:59+08:00',
      extensions: [{ days: 30, reason: '需要实地核查' }],
    });
    expect(due?.basis.rule).toContain('extended by 30 calendar-days');
  });

  it('count at most 30 days of extension, whatever the source says', () => {
    const due = reportDeadline(reportFrom('petition', { yq: { yqts: 45, yqly: '复杂' } }));
    expect(due?.dueAt).toBe('2024-06-19T23:59:59+08:00');
    expect(due?.basis.rule).toContain('45 asked, capped at 30');
  });

  it('extend an explicit bjqx too', () => {
    const due = reportDeadline(reportFrom('petition', { bjqx: '2024-04-30', yq: { yqts: 10 } }));
    expect(due).toMatchObject({ dueAt: '2024-05-10T23:59:59+08:00', rule: 'petition/explicit' });
  });
});

describe('court cases, grid events and 110 calls', () => {
  it('takes sx for a pre-filing mediation, else 30 days after larq', () => {
    expect(reportDeadline(reportFrom('court'))).toMatchObject({
      dueAt: '2024-04-14T23:59:59+08:00',
      rule: 'court/explicit',
    });
    expect(reportDeadline(reportFrom('court', { sx: undefined, larq: '2024-03-20' }))).toMatchObject({
      dueAt: '2024-04-19T23:59:59+08:00',
      rule: 'court/pre-filing-mediation',
    });
  });

  it('gives a first-instance case no deadline (the contract sets none)', () => {
    const firstInstance = reportFrom('court', {
      sx: undefined,
      ajlb: '0301',
      ah: '（2024）浙0681民初1234号',
    });
    expect(reportDeadline(firstInstance)).toBeUndefined();
  });

  it('takes a grid event deadLine, and gives none without it', () => {
    expect(reportDeadline(reportFrom('grid', { deadLine: '2024-03-08 17:00:00' }))).toMatchObject({
      dueAt: '2024-03-08T17:00:00+08:00',
      rule: 'grid/explicit',
    });
    expect(reportDeadline(reportFrom('grid'))).toBeUndefined();
  });

  it('gives a 110 call no deadline', () => {
    expect(reportDeadline(reportFrom('police-110'))).toBeUndefined();
  });
});

describe('currentDeadline of a unified dispute', () => {
  const hotline = reportFrom('hotline-12345');
  const petition = reportFrom('petition');
  const call = reportFrom('police-110');

  it('is the earliest deadline still owed by an open report', () => {
    const dispute = disputeOf([hotline, call, petition]);
    expect(currentDeadline(dispute, [hotline, call, petition])).toMatchObject({
      dueAt: '2024-03-13T18:00:00+08:00',
      sourceId: 'hotline-12345',
    });
  });

  it('moves to the next one when the earlier report is resolved', () => {
    const done = reportFrom('hotline-12345', { formStatusName: '已办结' });
    const dispute = disputeOf([done, petition]);
    expect(dispute.status.code).toBe('assigned');
    expect(currentDeadline(dispute, [done, petition])).toMatchObject({
      dueAt: '2024-05-20T23:59:59+08:00',
      sourceId: 'petition',
      rule: 'petition/sixty-days',
    });
  });

  it('is none when the dispute is resolved, or no open report has one', () => {
    const dispute = disputeOf([hotline, petition]);
    expect(
      currentDeadline({ ...dispute, status: { code: 'resolved', sourceValue: '已办结' } }, [hotline]),
    ).toBe(undefined);
    expect(currentDeadline(disputeOf([call]), [call])).toBeUndefined();
  });

  it('ignores reports that are not joined into the dispute', () => {
    const dispute = disputeOf([petition]);
    expect(currentDeadline(dispute, [hotline, petition])?.sourceId).toBe('petition');
  });

  it('fits the Dispute schema once stored', () => {
    const dispute = disputeOf([petition]);
    const due = currentDeadline(dispute, [reportFrom('petition', { yq: { yqts: 15, yqly: '核查' } })])!;
    expect(validateAgainst('dispute', { ...dispute, deadline: toDisputeDeadline(due) })).toEqual([]);
  });

  it('is the same whatever the time zone of the process', () => {
    const order = reportFrom('hotline-12345', { ...noPlanTime, createTime: '2024-02-09T23:30:00+08:00' });
    const dispute = disputeOf([order]);
    const here = currentDeadline(dispute, [order]);
    const elsewhere = inTimeZone('America/Los_Angeles', () => currentDeadline(dispute, [order]));
    const utc = inTimeZone('UTC', () => currentDeadline(dispute, [order]));
    expect(here?.dueAt).toBe('2024-02-22T23:59:59+08:00');
    expect(elsewhere).toEqual(here);
    expect(utc).toEqual(here);
  });

  it('counts from the Beijing day of an instant given in UTC', () => {
    // 2024-03-07T16:30Z is already Friday 8 March in Beijing: the count starts there (11, 12, 13, 14, 15).
    const order = reportFrom('hotline-12345', { ...noPlanTime, createTime: '2024-03-07T16:30:00Z' });
    expect(reportDeadline(order)?.dueAt).toBe('2024-03-15T23:59:59+08:00');
  });
});
