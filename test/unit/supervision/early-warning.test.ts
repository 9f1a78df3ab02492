import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import {
  assessRisk,
  DEFAULT_EARLY_WARNING_POLICY,
  type PersonHistory,
  riskChange,
  type Situation,
} from '../../../functions/supervision/early-warning.js';
import type { Dispute, Report } from '../../../schemas/generated/types.js';
import { disputeOf, PARTY_LI, PARTY_ZHANG, reportFrom } from './support.js';

const NOW = '2024-06-01T12:00:00+08:00';

function situation(
  reports: Report[],
  persons: PersonHistory[] = [],
  overrides: Partial<Dispute> = {},
): Situation {
  return { dispute: disputeOf(reports, overrides), reports, persons, now: NOW };
}

const person = (personId: string, history: Partial<PersonHistory>): PersonHistory => ({
  personId,
  disputes: [],
  policeCalls: [],
  petitions: [],
  ...history,
});

const calls = (...days: string[]) => days.map((at, i) => ({ at, sourceRecordId: `33068120240${i}` }));

// The shared example's channels, in the order they saw the quarrel.
const grid = reportFrom('grid'); // 5 March
const hotline = reportFrom('hotline-12345'); // 6 March
const call = reportFrom('police-110'); // 13 March, 推搡 coded 200201 邻里纠纷
const petition = reportFrom('petition'); // 20 March
const fight = reportFrom('police-110', { BJXL: '', BJLX: '200100', BJNR: '报警人称与邻居因排水沟发生纠纷' });

/** For each default rule: a situation that fires it and one that must not. */
const scenarios: Record<string, { fires: () => Situation; doesNot: () => Situation }> = {
  'channel-escalation': {
    fires: () => situation([grid, hotline, call]),
    // Reported the other way round (110, then 12345, then the grid): de-escalation, not escalation.
    doesNot: () =>
      situation([
        reportFrom('police-110', { BJSJ: '20240304100000', CJSJ: '20240304110000' }),
        hotline,
        reportFrom('grid', { occurDate: '2024-03-07 09:00:00', steps: [] }),
      ]),
  },
  'channel-escalation-full': {
    fires: () => situation([grid, hotline, call, petition]),
    doesNot: () => situation([grid, hotline, call]),
  },
  'person-repeat-disputes': {
    fires: () =>
      situation(
        [hotline],
        [
          person(PARTY_ZHANG, {
            disputes: [
              { disputeId: 'dsp_EARLIER1', at: '2023-11-02T09:00:00+08:00' },
              { disputeId: 'dsp_EARLIER2', at: '2024-01-15T09:00:00+08:00' },
            ],
          }),
        ],
      ),
    // Two disputes in all, the other four years ago.
    doesNot: () =>
      situation(
        [hotline],
        [person(PARTY_ZHANG, { disputes: [{ disputeId: 'dsp_OLD', at: '2020-05-01T09:00:00+08:00' }] })],
      ),
  },
  'person-repeat-police-calls': {
    fires: () =>
      situation(
        [call],
        [
          person(PARTY_LI, {
            policeCalls: calls(
              '2024-03-13T19:35:22+08:00',
              '2024-03-20T21:00:00+08:00',
              '2024-04-02T08:00:00+08:00',
            ),
          }),
        ],
      ),
    // Three calls, but spread over three months.
    doesNot: () =>
      situation(
        [call],
        [
          person(PARTY_LI, {
            policeCalls: calls(
              '2024-01-10T19:00:00+08:00',
              '2024-03-13T19:35:22+08:00',
              '2024-05-20T08:00:00+08:00',
            ),
          }),
        ],
      ),
  },
  'repeat-petition': {
    fires: () => situation([reportFrom('petition', { sfcf: '是', cfcs: 3 })]),
    doesNot: () =>
      situation(
        [petition],
        [
          person(PARTY_ZHANG, {
            petitions: [{ at: '2024-03-20T00:00:00+08:00', sourceRecordId: '330681-2024-000123' }],
          }),
        ],
      ),
  },
  'skip-level-petition': {
    fires: () => situation([reportFrom('petition', { xfmd: '市级' })]),
    doesNot: () => situation([petition]),
  },
  'group-petition': {
    fires: () => situation([reportFrom('petition', { xfrs: 6 })]),
    doesNot: () => situation([reportFrom('petition', { xfrs: 4 })]),
  },
  'group-incident': {
    fires: () => situation([reportFrom('police-110', { BJXL: '', BJLX: '700100' })]),
    doesNot: () => situation([call]),
  },
  'violence-on-known-dispute': {
    fires: () => situation([grid, hotline, fight]),
    // The same fight as the first thing anyone reported: no dispute was known yet.
    doesNot: () => situation([fight]),
  },
  'violence-words-on-known-dispute': {
    fires: () => situation([grid, hotline, call]),
    doesNot: () =>
      situation([
        grid,
        hotline,
        reportFrom('police-110', { BJNR: '报警人称与邻居因排水沟争吵，双方没有动手' }),
      ]),
  },
  'mediation-failed': {
    fires: () =>
      situation([grid, reportFrom('court', { ajzt: '结案', jafs: '调解不成', jarq: '2024-04-12' })]),
    doesNot: () => situation([grid, reportFrom('court', { ajzt: '调解中' })]),
  },
  'callback-dissatisfied': {
    fires: () =>
      situation([reportFrom('hotline-12345', { formStatusName: '已回访', satisfaction: '不满意' })]),
    doesNot: () => situation([reportFrom('hotline-12345', { formStatusName: '办理中', satisfaction: null })]),
  },
};

const firedRules = (s: Situation) => assessRisk(s).reasons.map((r) => r.rule);

describe('every default rule', () => {
  it('has a scenario, a why and a level from 1 to 4', () => {
    expect(Object.keys(scenarios).sort()).toEqual(DEFAULT_EARLY_WARNING_POLICY.rules.map((r) => r.id).sort());
    for (const rule of DEFAULT_EARLY_WARNING_POLICY.rules) {
      expect(rule.why.length, rule.id).toBeGreaterThan(40);
      expect([1, 2, 3, 4]).toContain(rule.level);
    }
  });

  for (const rule of DEFAULT_EARLY_WARNING_POLICY.rules) {
    it(`${rule.id}: fires on its scenario, with evidence`, () => {
      const assessment = assessRisk(scenarios[rule.id]!.fires());
      const reason = assessment.reasons.find((r) => r.rule === rule.id);
      expect(reason, JSON.stringify(assessment.reasons)).toBeDefined();
      expect(reason!.level).toBe(rule.level);
      expect(reason!.evidence.length).toBeGreaterThan(0);
      expect(assessment.level).toBeGreaterThanOrEqual(rule.level);
    });

    it(`${rule.id}: stays quiet on the scenario that must not fire it`, () => {
      expect(firedRules(scenarios[rule.id]!.doesNot())).not.toContain(rule.id);
    });
  }
});

describe('escalation', () => {
  it('names the channels climbed, in order', () => {
    const reason = assessRisk(situation([grid, hotline, call, petition])).reasons.find(
      (r) => r.rule === 'channel-escalation-full',
    );
    expect(reason?.detail).toBe(
      'reported through grid → hotline-12345 → police-110 → petition over 15 days (window 180)',
    );
    expect(reason?.evidence.map((e) => e.sourceRecordId)).toEqual([
      grid.sourceRecordId,
      hotline.sourceRecordId,
      call.sourceRecordId,
      petition.sourceRecordId,
    ]);
  });

  it('does not join steps further apart than the window', () => {
    const oldGrid = reportFrom('grid', { occurDate: '2023-06-01 09:00:00', steps: [] });
    expect(firedRules(situation([oldGrid, hotline, call]))).not.toContain('channel-escalation');
  });

  it('ignores the court, which the default ranks leave out', () => {
    expect(firedRules(situation([grid, reportFrom('court')]))).not.toContain('channel-escalation');
  });
});

describe('person histories', () => {
  it('count only the dispute’s parties', () => {
    const stranger = person('per_STRANGER', {
      policeCalls: calls(
        '2024-03-01T00:00:00+08:00',
        '2024-03-02T00:00:00+08:00',
        '2024-03-03T00:00:00+08:00',
      ),
    });
    expect(firedRules(situation([call], [stranger]))).not.toContain('person-repeat-police-calls');
  });

  it('do not see events after now', () => {
    const future = person(PARTY_LI, {
      policeCalls: calls(
        '2024-07-01T00:00:00+08:00',
        '2024-07-02T00:00:00+08:00',
        '2024-07-03T00:00:00+08:00',
      ),
    });
    expect(firedRules(situation([call], [future]))).not.toContain('person-repeat-police-calls');
  });

  it('count a call once however often it is listed', () => {
    const same = { at: '2024-03-13T19:35:22+08:00', sourceRecordId: '3306812024031300456' };
    expect(
      firedRules(situation([call], [person(PARTY_LI, { policeCalls: [same, same, same] })])),
    ).not.toContain('person-repeat-police-calls');
  });

  it('find repeat petitions in the petitioner’s history too', () => {
    const history = person(PARTY_ZHANG, {
      petitions: [
        { at: '2023-12-01T00:00:00+08:00', sourceRecordId: '330681-2023-000456' },
        { at: '2024-03-20T00:00:00+08:00', sourceRecordId: '330681-2024-000123' },
      ],
    });
    expect(firedRules(situation([petition], [history]))).toContain('repeat-petition');
  });
});

describe('petition signals', () => {
  it('reads 越级 from the unified dispute’s place when the petition names only the county', () => {
    const countyOnly = reportFrom('petition', { xfmd: '省级', wtsd: { dz: '诸暨市', qhdm: '330681' } });
    expect(countyOnly.location?.divisionLevel).toBe('county');
    expect(countyOnly.sourceAttributes?.skipLevel).toBeUndefined();
    expect(firedRules(situation([countyOnly]))).not.toContain('skip-level-petition');
    expect(firedRules(situation([grid, countyOnly]))).toContain('skip-level-petition');
  });

  it('counts the petitioners listed when xfrs is missing', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ xm: `工人${'甲乙丙丁戊'[i]}`, xb: '男' }));
    expect(firedRules(situation([reportFrom('petition', { xfrs: undefined, xfr: five })]))).toContain(
      'group-petition',
    );
  });

  it('treats a grid 群体性事件 as a group incident', () => {
    expect(firedRules(situation([reportFrom('grid', { issueKind: '群体性事件' })]))).toContain(
      'group-incident',
    );
  });
});

describe('violence', () => {
  it('reads domestic violence (200600) the same way, at level 4', () => {
    const beating = reportFrom('police-110', { BJXL: '', BJLX: '200600', BJNR: '报警人称被丈夫打' });
    const assessment = assessRisk(situation([grid, beating]));
    expect(assessment.level).toBe(4);
    expect(assessment.reasons.find((r) => r.rule === 'violence-on-known-dispute')?.evidence[0]).toMatchObject(
      {
        sourceId: 'police-110',
        field: 'category.sourceValue',
        value: '200600',
      },
    );
  });

  it('does not count a violent call reported later than now', () => {
    const later = reportFrom('police-110', { BJLX: '200100', BJXL: '', BJSJ: '20240701100000', CJSJ: '' });
    expect(firedRules(situation([grid, hotline, later]))).not.toContain('violence-on-known-dispute');
  });
});

describe('mediation and call-backs', () => {
  it('reads a village mediation that failed from a grid step comment', () => {
    const reported = reportFrom('grid', {
      status: '已上报',
      steps: [
        { action: '受理', time: '2024-03-05 09:30:00', org: '枫源村', comment: '已现场查看' },
        {
          action: '上报',
          time: '2024-03-05 16:00:00',
          org: '枫源村',
          comment: '村级调解不成，上报镇综治中心',
        },
      ],
    });
    const reason = assessRisk(situation([reported])).reasons.find((r) => r.rule === 'mediation-failed');
    expect(reason?.evidence).toEqual([
      expect.objectContaining({ field: 'steps[1].comment', value: '村级调解不成，上报镇综治中心' }),
    ]);
  });
});

describe('the level', () => {
  it('is the highest level of the rules that fire', () => {
    const assessment = assessRisk(situation([grid, hotline, call, petition]));
    expect(assessment.reasons.map((r) => [r.rule, r.level])).toEqual([
      ['channel-escalation', 2],
      ['channel-escalation-full', 3],
      ['violence-words-on-known-dispute', 3],
    ]);
    expect(assessment.level).toBe(3);
  });

  it('drops to none when the dispute is resolved', () => {
    const mediated = reportFrom('court', { ajzt: '结案', jafs: '调解', jarq: '2024-04-12' });
    const assessment = assessRisk(situation([grid, hotline, fight, mediated]));
    expect(assessment).toEqual({ level: 0, reasons: [], settled: true });
  });

  it('stays up when the last resolution was a failed mediation or a 不满意 call-back', () => {
    const failed = reportFrom('court', { ajzt: '结案', jafs: '调解不成', jarq: '2024-04-12' });
    expect(assessRisk(situation([grid, hotline, fight, failed]))).toMatchObject({ level: 4, settled: false });
  });

  it('is none with no signal at all', () => {
    expect(assessRisk(situation([hotline]))).toEqual({ level: 0, reasons: [], settled: false });
  });
});

describe('riskChange', () => {
  it('gives the qiao.risk.raised data when the level rises, valid against its schema', () => {
    const data = riskChange('dsp_01TESTDISPUTE', 0, assessRisk(situation([grid, hotline, fight])));
    expect(data).toMatchObject({ disputeId: 'dsp_01TESTDISPUTE', level: 4, previousLevel: 0 });
    expect(validateAgainst('risk-raised', data)).toEqual([]);
  });

  it('gives a lowering to 0 when the dispute is resolved, and nothing when the level is unchanged', () => {
    const mediated = reportFrom('court', { ajzt: '结案', jafs: '调解', jarq: '2024-04-12' });
    const lowered = riskChange('dsp_01TESTDISPUTE', 4, assessRisk(situation([grid, fight, mediated])));
    expect(lowered).toEqual({ disputeId: 'dsp_01TESTDISPUTE', level: 0, previousLevel: 4, reasons: [] });
    expect(riskChange('dsp_01TESTDISPUTE', 4, assessRisk(situation([grid, hotline, fight])))).toBeUndefined();
  });
});
