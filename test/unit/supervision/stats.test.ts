import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  type Counters,
  contributions,
  figuresOf,
  recount,
  resolvedLevelOf,
  scopeOfDivision,
  scopesOf,
  splitCounterKey,
  statsDelta,
} from '../../../functions/supervision/stats.js';
import type { Channel, Dispute, Step } from '../../../schemas/generated/types.js';
import { disputeOf, reportFrom } from './support.js';

const example = disputeOf([
  reportFrom('grid'),
  reportFrom('hotline-12345'),
  reportFrom('police-110'),
  reportFrom('petition'),
]);

const resolveStep = (fromUnit: string | undefined, at = '2024-04-12T10:00:00+08:00'): Step => ({
  at,
  action: 'resolve',
  sourceAction: '办结',
  ...(fromUnit ? { fromUnit } : {}),
});

const resolved = (overrides: Partial<Dispute> = {}): Dispute => ({
  ...example,
  status: { code: 'resolved', sourceValue: '已办结', since: '2024-03-08T09:10:00+08:00' },
  resolvedAt: '2024-03-08T09:10:00+08:00',
  steps: [...example.steps, resolveStep('枫源村', '2024-03-08T09:10:00+08:00')],
  ...overrides,
});

describe('contributions of one dispute', () => {
  it('count it in every division scope and in its month, by category, channel and status', () => {
    const c = contributions(example);
    for (const scope of ['all', 'county:330681', 'town:330681109', 'village:330681109290']) {
      for (const period of ['all', '2024-03']) {
        expect(c[`${scope}/${period}/disputes`]).toBe(1);
        expect(c[`${scope}/${period}/category:邻里`]).toBe(1);
        expect(c[`${scope}/${period}/status:assigned`]).toBe(1);
        expect(c[`${scope}/${period}/channel:police-110`]).toBe(1);
        expect(c[`${scope}/${period}/records`]).toBe(4);
        expect(c[`${scope}/${period}/records:petition`]).toBe(1);
      }
    }
  });

  it('fold records: four source records into one dispute, two 110 calls counted as two records', () => {
    const twoCalls = disputeOf([
      reportFrom('police-110'),
      reportFrom('police-110', { JJDBH: '3306812024031400001' }),
    ]);
    const c = contributions(twoCalls);
    expect(c['all/all/records']).toBe(2);
    expect(c['all/all/records:police-110']).toBe(2);
    expect(c['all/all/channel:police-110']).toBe(1);
  });

  it('place the month in Beijing time', () => {
    // 2024-03-31T16:30Z is 00:30 on 1 April in Beijing.
    const c = contributions({ ...example, firstReportedAt: '2024-03-31T16:30:00Z' });
    expect(c['all/2024-04/disputes']).toBe(1);
    expect(c['all/2024-03/disputes']).toBeUndefined();
  });

  it('take only the real levels of a padded division code', () => {
    expect(scopesOf({ ...example, location: { divisionCode: '330681109000' } })).toEqual([
      'all',
      'county:330681',
      'town:330681109',
    ]);
    expect(scopesOf({ ...example, location: { divisionCode: '330600' } })).toEqual(['all']);
    const { location: _, ...nowhere } = example;
    expect(scopesOf(nowhere)).toEqual(['all']);
  });

  it('count supervision and risk levels of open disputes only', () => {
    const open = contributions({ ...example, supervisionLevel: 'red', riskLevel: 3 });
    expect(open['all/all/supervision:red']).toBe(1);
    expect(open['all/all/risk:3']).toBe(1);
    const done = contributions(resolved({ supervisionLevel: 'red', riskLevel: 3 }));
    expect(done['all/all/supervision:red']).toBeUndefined();
    expect(done['all/all/risk:3']).toBeUndefined();
    expect(
      contributions({ ...example, supervisionLevel: 'none', riskLevel: 0 })['all/all/supervision:none'],
    ).toBe(undefined);
  });

  it('count a resolved dispute by the level that resolved it and its time to resolution', () => {
    const c = contributions(resolved());
    expect(c['all/all/resolvedLevel:village']).toBe(1);
    expect(c['all/all/resolutionSeconds:sum']).toBe(3 * 86_400);
    expect(c['all/all/resolutionSeconds:count']).toBe(1);
  });

  it('count a merged dispute nowhere (its winner holds its reports)', () => {
    expect(contributions({ ...example, mergedInto: 'dsp_WINNER' })).toEqual({});
  });
});

describe('resolvedLevelOf', () => {
  const levelFor = (unit: string | undefined) => resolvedLevelOf(resolved({ steps: [resolveStep(unit)] }));

  it('reads the level of the resolving unit from its name, the last marker winning', () => {
    expect(levelFor('枫源村')).toBe('village');
    expect(levelFor('枫桥镇枫源村村委会')).toBe('village');
    expect(levelFor('城东社区居委会')).toBe('village');
    expect(levelFor('诸暨市枫桥镇人民政府')).toBe('town');
    expect(levelFor('枫桥镇人民调解委员会')).toBe('town');
    expect(levelFor('枫桥派出所')).toBe('town');
    expect(levelFor('暨阳街道')).toBe('town');
    expect(levelFor('诸暨市人民法院')).toBe('county');
    expect(levelFor('诸暨市信访局')).toBe('county');
  });

  it('says unknown when no unit names a level or none resolved it', () => {
    expect(levelFor('12345中心')).toBe('unknown');
    expect(levelFor(undefined)).toBe('unknown');
  });

  it('takes the latest resolve step of the merged timeline', () => {
    const steps = [
      resolveStep('枫源村', '2024-03-08T10:00:00+08:00'),
      resolveStep('诸暨市人民法院', '2024-04-12T10:00:00+08:00'),
    ];
    expect(resolvedLevelOf(resolved({ steps }))).toBe('county');
  });
});

describe('statsDelta', () => {
  it('moves a dispute from one status to another and leaves the rest alone', () => {
    const delta = statsDelta(example, resolved());
    expect(delta['all/all/status:assigned']).toBe(-1);
    expect(delta['all/all/status:resolved']).toBe(1);
    expect(delta['village:330681109290/2024-03/resolvedLevel:village']).toBe(1);
    expect(delta['all/all/disputes']).toBeUndefined();
  });

  it('adds everything for a new dispute and removes everything for a merged one', () => {
    expect(statsDelta(undefined, example)).toEqual(contributions(example));
    const merged = statsDelta(example, { ...example, mergedInto: 'dsp_WINNER', version: 2 });
    expect(applyDelta({ ...contributions(example) }, merged)).toEqual({});
  });

  it('moves the counts to another month and village when an earlier report changes both', () => {
    const moved = {
      ...example,
      firstReportedAt: '2024-02-20T08:00:00+08:00',
      location: { divisionCode: '330681109291' },
    };
    const delta = statsDelta(example, moved);
    expect(delta['village:330681109290/2024-03/disputes']).toBe(-1);
    expect(delta['village:330681109291/2024-02/disputes']).toBe(1);
    expect(delta['town:330681109/all/disputes']).toBeUndefined();
  });
});

describe('figuresOf', () => {
  it('gives the figures of a scope from the counters alone', () => {
    const counters = recount([
      example,
      resolved({ id: 'dsp_2' }),
      resolved({
        id: 'dsp_3',
        steps: [resolveStep('枫桥镇人民政府', '2024-03-06T09:10:00+08:00')],
        resolvedAt: '2024-03-06T09:10:00+08:00',
      }),
      { ...example, id: 'dsp_4', supervisionLevel: 'yellow', riskLevel: 2 },
    ]);
    const figures = figuresOf(counters, 'town:330681109');
    expect(figures).toMatchObject({
      disputes: 4,
      byStatus: { assigned: 2, resolved: 2 },
      records: 16,
      resolvedByLevel: { village: 1, town: 1 },
      resolvedShareByLevel: { village: 0.5, town: 0.5 },
      bySupervisionLevel: { yellow: 1 },
      byRiskLevel: { '2': 1 },
      averageResolutionSeconds: 2 * 86_400, // 3 days and 1 day
    });
    expect(figuresOf(counters, 'town:330681999').disputes).toBe(0);
  });

  it('gives the silo-duplication ratio: source records per unified dispute', () => {
    const figures = figuresOf(recount([example, resolved({ id: 'dsp_2' })]));
    expect(figures).toMatchObject({ disputes: 2, records: 8, recordsPerDispute: 4 });
    expect(figuresOf({})).not.toHaveProperty('recordsPerDispute');
  });
});

describe('counter keys and scopes', () => {
  it('splits a key into scope, period and metric', () => {
    expect(splitCounterKey('town:330681109/2024-03/category:邻里')).toEqual({
      scope: 'town:330681109',
      period: '2024-03',
      metric: 'category:邻里',
    });
    expect(() => splitCounterKey('all/all')).toThrow(/not <scope>\/<period>\/<metric>/);
  });

  it('reads a division prefix as the scope it is filed under, padding zeros as the level above', () => {
    expect(scopeOfDivision(undefined)).toBe('all');
    expect(scopeOfDivision('330681')).toBe('county:330681');
    expect(scopeOfDivision('330681109')).toBe('town:330681109');
    expect(scopeOfDivision('330681109290')).toBe('village:330681109290');
    expect(scopeOfDivision('330681109000')).toBe('town:330681109');
    expect(scopeOfDivision('330681000000')).toBe('county:330681');
    for (const wrong of ['3306', '330600', '3306811', 'abcdef'])
      expect(scopeOfDivision(wrong)).toBeUndefined();
  });
});

// Property: maintaining counters by deltas over any interleaving of dispute versions equals a full recount.

const CHANNELS: Channel[] = ['grid', 'hotline-12345', 'police-110', 'court', 'petition'];
const UNITS = ['枫源村', '枫桥镇人民政府', '诸暨市人民法院', '枫桥派出所', '12345中心', undefined];

const aVersion = fc
  .record({
    id: fc.constantFrom('dsp_A', 'dsp_B', 'dsp_C'),
    division: fc.constantFrom(
      undefined,
      '330681',
      '330681109',
      '330681109290',
      '330681109000',
      '330681110201',
      '330600',
    ),
    category: fc.constantFrom('邻里', '劳资', '婚姻家庭', '求助咨询', '其他'),
    status: fc.constantFrom('registered', 'assigned', 'in-progress', 'resolved', 'closed', 'reopened'),
    channels: fc.array(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 5 }),
    first: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2024-12-31T00:00:00Z') }),
    resolutionHours: fc.option(fc.integer({ min: -5, max: 2000 })),
    unit: fc.constantFrom(...UNITS),
    supervisionLevel: fc.option(
      fc.constantFrom('none', 'normal', 'yellow', 'red') as fc.Arbitrary<Dispute['supervisionLevel']>,
    ),
    riskLevel: fc.option(fc.integer({ min: 0, max: 4 })),
    merged: fc.boolean(),
  })
  .map((v): Dispute => {
    const first = new Date(v.first).toISOString();
    return {
      id: v.id,
      category: { code: v.category as Dispute['category']['code'], sourceValue: v.category },
      status: { code: v.status as Dispute['status']['code'], sourceValue: v.status },
      ...(v.division ? { location: { divisionCode: v.division } } : {}),
      parties: [],
      reports: v.channels.map((channel, i) => ({
        sourceId: channel,
        sourceRecordId: `${v.id}-${i}`,
        channel,
        linkedBy: { method: 'new-entity', decidedBy: 'machine', decidedAt: first },
      })),
      steps: [resolveStep(v.unit, first)],
      firstReportedAt: first,
      lastReportedAt: first,
      ...(v.resolutionHours !== null
        ? { resolvedAt: new Date(v.first + v.resolutionHours * 3_600_000).toISOString() }
        : {}),
      ...(v.supervisionLevel ? { supervisionLevel: v.supervisionLevel } : {}),
      ...(v.riskLevel !== null ? { riskLevel: v.riskLevel } : {}),
      ...(v.merged ? { mergedInto: 'dsp_WINNER' } : {}),
      version: 1,
    };
  });

describe('maintained counters', () => {
  it('equal a full recount after any sequence of dispute versions', () => {
    fc.assert(
      fc.property(fc.array(aVersion, { maxLength: 30 }), (versions) => {
        const latest = new Map<string, Dispute>();
        const counters: Counters = {};
        for (const version of versions) {
          applyDelta(counters, statsDelta(latest.get(version.id), version));
          latest.set(version.id, version);
        }
        expect(counters).toEqual(recount(latest.values()));
      }),
    );
  });

  it('never go negative and count each live dispute once in all/all', () => {
    fc.assert(
      fc.property(fc.array(aVersion, { maxLength: 30 }), (versions) => {
        const latest = new Map<string, Dispute>();
        const counters: Counters = {};
        for (const version of versions) {
          applyDelta(counters, statsDelta(latest.get(version.id), version));
          latest.set(version.id, version);
          for (const n of Object.values(counters)) expect(n).toBeGreaterThan(0);
        }
        const live = [...latest.values()].filter((d) => !d.mergedInto).length;
        expect(counters['all/all/disputes'] ?? 0).toBe(live);
      }),
    );
  });
});
