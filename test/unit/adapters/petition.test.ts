/** The petition (信访件) adapter: behaviour the fixtures do not show one variation at a time, and properties. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MapResult } from '../../../adapters/engine/adapter.js';
import { petitionAdapter } from '../../../adapters/petition/index.js';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import { adapterTestKit } from '../../support/adapter-test-kit.js';

type RawPetition = Record<string, unknown>;
type Mutation =
  | { kind: 'set' | 'add'; key: string; value: unknown }
  | { kind: 'drop'; key: string }
  | { kind: 'entry'; list: 'xfr' | 'bxfr' | 'lcjl'; index: number; value: unknown };

const sampleRecord = JSON.parse(
  readFileSync(new URL('../../../adapters/petition/fixtures/sample-petition.json', import.meta.url), 'utf8'),
) as RawPetition;
const context = { receivedAt: '2024-03-06T12:00:00+08:00' };
const { mapToReport, warningPathsOf, protectedView } = adapterTestKit(petitionAdapter, context);
const SAMPLE_IDENTIFIERS = ['330681198203150011', '13812345678', '138-1234-5678'];

const aPetition = (overrides: RawPetition = {}): RawPetition => ({
  ...structuredClone(sampleRecord),
  ...overrides,
});
const aPetitioner = (overrides: RawPetition = {}): RawPetition => ({
  xm: '张伟',
  xb: '男',
  sfzh: '330681198203150011',
  lxdh: '138-1234-5678',
  xzz: '枫桥镇枫源村三组12号',
  hjdz: '浙江省诸暨市枫桥镇枫源村',
  sfzy: true,
  ...overrides,
});
const aStep = (dz: string, sj: string, yj = ''): RawPetition => ({ dz, sj, dw: '诸暨市信访局', yj });
const without = (record: RawPetition, ...keys: string[]): RawPetition =>
  Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));

describe('petitionAdapter', () => {
  it('declares the source it maps', () => {
    expect(petitionAdapter).toMatchObject({
      sourceId: 'petition',
      version: '1',
      kind: 'builtin',
      displayName: '信访系统 (信访件)',
      idField: 'xfjbh',
    });
    expect(petitionAdapter.sourceSchema?.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('reads the record id half-width and without whitespace', () => {
    expect(petitionAdapter.recordIdOf({ xfjbh: ' ３３０６８１－２０２４－０００１２３\n' })).toBe(
      '330681-2024-000123',
    );
  });

  it('has no record id for a missing, empty or non-object record', () => {
    expect(petitionAdapter.recordIdOf({ xfjbh: '  ' })).toBeUndefined();
    expect(petitionAdapter.recordIdOf({})).toBeUndefined();
    expect(petitionAdapter.recordIdOf('330681-2024-000123')).toBeUndefined();
    expect(petitionAdapter.recordIdOf(null)).toBeUndefined();
  });
});

describe('mapping a petition: required fields', () => {
  it('rejects a record that is not an object, at the root path', () => {
    for (const raw of [null, 'x', 42, [sampleRecord]]) {
      const result = petitionAdapter.map(raw, context);
      expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$']);
    }
  });

  it('rejects a record lacking every required field with one error per field, each showing the value', () => {
    const result = petitionAdapter.map({ xfrq: '上周', xfr: {}, xfsq: '   ' }, context);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.path).sort()).toEqual(['xfjbh', 'xfr', 'xfrq', 'xfsq']);
    expect(errors.find((e) => e.path === 'xfrq')?.message).toContain('"上周"');
    expect(errors.find((e) => e.path === 'xfsq')?.message).toContain('"   "');
  });

  it('rejects an xfr that is no list of petitioners', () => {
    for (const xfr of [undefined, null, '', [], 42]) {
      const result = petitionAdapter.map(aPetition({ xfr }), context);
      expect(result.ok ? [] : result.errors.map((e) => e.path), JSON.stringify(xfr)).toEqual(['xfr']);
    }
  });

  it('reads a single petitioner object as the list it should be, with a warning', () => {
    const raw = aPetition({ xfr: aPetitioner() });
    expect(mapToReport(raw).parties[0]).toMatchObject({
      roles: ['petitioner', 'complainant'],
      primary: true,
    });
    expect(warningPathsOf(raw)).toEqual(['xfr']);
  });

  it('reads a bare string petitioner as a name, with a warning', () => {
    const raw = aPetition({ xfr: ['王芳'] });
    expect(mapToReport(raw).parties[0]?.name).toMatchObject({ normalised: '王芳' });
    expect(warningPathsOf(raw)).toEqual(['xfr[0]']);
  });

  it('keeps the request verbatim apart from the surrounding whitespace', () => {
    const report = mapToReport(aPetition({ xfsq: '\t要求：拆除围墙（李强家），恢复排水。\n' }));
    expect(report.narrative).toBe('要求：拆除围墙（李强家），恢复排水。');
  });
});

describe('mapping a petition: status', () => {
  it.each([
    [0, 'registered'],
    [1, 'in-progress'],
    [2, 'accepted'],
    [3, 'assigned'],
    [4, 'returned'],
    [5, 'in-progress'],
    [6, 'in-progress'],
    [7, 'reopened'],
    [8, 'in-progress'],
    [9, 'resolved'],
  ])('maps state %i to %s and keeps the source value', (state, code) => {
    expect(mapToReport(aPetition({ state })).status).toMatchObject({ code, sourceValue: String(state) });
  });

  it.each([
    ['临时存放', 'registered'],
    ['待签收', 'assigned'],
    ['已辦結', 'resolved'],
  ])('reads the label %s as %s', (state, code) => {
    expect(mapToReport(aPetition({ state })).status.code).toBe(code);
  });

  it('assumes registered, with a warning, when neither state nor steps say more', () => {
    const raw = aPetition({ state: undefined, lcjl: [] });
    expect(mapToReport(raw).status).toEqual({ code: 'registered', sourceValue: '' });
    expect(warningPathsOf(raw)).toEqual(['state']);
  });

  it("takes a resolved item's outcome from its latest 办结 comment when bljg is empty", () => {
    const lcjl = [
      aStep('办结', '2024-04-20 10:00', '初步办结'),
      aStep('办结', '2024-04-25 10:00', '已拆除围墙'),
    ];
    expect(mapToReport(aPetition({ state: 9, bljg: '', lcjl })).outcome).toBe('已拆除围墙');
  });

  it('has no outcome for an open item without bljg', () => {
    const lcjl = [aStep('办结', '2024-04-20 10:00', '初步办结')];
    expect(mapToReport(aPetition({ state: 5, lcjl })).outcome).toBeUndefined();
  });
});

describe('mapping a petition: steps', () => {
  it.each([
    ['登记', 'register'],
    ['受理', 'accept'],
    ['交办', 'assign'],
    ['转送', 'transfer'],
    ['签收', 'sign'],
    ['办理', 'handle'],
    ['答复', 'feedback'],
    ['复查', 'review'],
    ['复核', 'review'],
    ['办结', 'resolve'],
  ])('maps the step action %s to %s', (dz, action) => {
    const [step] = mapToReport(aPetition({ lcjl: [aStep(dz, '2024-03-21 09:00', '意见')] })).steps;
    expect(step).toEqual({
      at: '2024-03-21T09:00:00+08:00',
      action,
      sourceAction: dz,
      fromUnit: '诸暨市信访局',
      comment: '意见',
    });
  });

  it('keeps an lcjl value that is not an array, with a warning', () => {
    const raw = aPetition({ lcjl: '登记;交办' });
    expect(mapToReport(raw).sourceAttributes?.lcjl).toBe('登记;交办');
    expect(warningPathsOf(raw)).toEqual(['lcjl']);
  });
});

describe('mapping a petition: deadline', () => {
  it('counts 60 calendar days after slrq, holidays included', () => {
    const deadline = mapToReport(aPetition({ slrq: '2024-09-20' })).deadline;
    expect(deadline).toMatchObject({
      dueAt: '2024-11-19T23:59:59+08:00',
      basis: { kind: 'calendar-days', amount: 60, from: '2024-09-20T00:00:00+08:00' },
    });
    expect(deadline?.basis.rule).toContain('slrq');
  });

  it('takes a bjqx with a time as it is', () => {
    expect(mapToReport(aPetition({ bjqx: '2024-05-10 17:30' })).deadline?.dueAt).toBe(
      '2024-05-10T17:30:00+08:00',
    );
  });

  it('keeps an extension that cannot be placed on a deadline in sourceAttributes', () => {
    const yq = { yqts: 15, yqly: '需协调' };
    const report = mapToReport(aPetition({ slrq: undefined, lcjl: [], yq }));
    expect(report.deadline).toBeUndefined();
    expect(report.sourceAttributes?.yq).toEqual(yq);
  });

  it('keeps an extension without usable days, with a warning', () => {
    const raw = aPetition({ yq: { yqts: '若干', yqly: '需协调' } });
    expect(mapToReport(raw).deadline?.extensions).toBeUndefined();
    expect(mapToReport(raw).sourceAttributes?.yq).toEqual({ yqts: '若干', yqly: '需协调' });
    expect(warningPathsOf(raw)).toEqual(['yq.yqts']);
  });

  it('reads extension days written in Chinese numerals', () => {
    expect(mapToReport(aPetition({ yq: { yqts: '十五' } })).deadline?.extensions).toEqual([{ days: 15 }]);
  });
});

describe('mapping a petition: parties', () => {
  it('names every petitioner petitioner and complainant, and the other side respondent', () => {
    const report = mapToReport(aPetition({ xfr: [aPetitioner(), aPetitioner({ xm: '王芳', sfzy: false })] }));
    expect(report.parties.map((p) => p.roles)).toEqual([
      ['petitioner', 'complainant'],
      ['petitioner', 'complainant'],
      ['respondent'],
    ]);
    expect(report.parties.map((p) => p.sourceRole)).toEqual(['信访人', '信访人', '被信访人']);
  });

  it('leaves primary unset when several petitioners are not marked', () => {
    const xfr = [aPetitioner({ sfzy: undefined }), aPetitioner({ xm: '王芳', sfzy: undefined })];
    expect(mapToReport(aPetition({ xfr })).parties.map((p) => p.primary)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('warns when several petitioners are marked primary', () => {
    const xfr = [aPetitioner(), aPetitioner({ xm: '王芳', sfzy: '是' })];
    expect(warningPathsOf(aPetition({ xfr, xfrs: 2 }))).toEqual(['xfr']);
  });

  it('matches the division of each address', () => {
    const [petitioner] = mapToReport(aPetition()).parties;
    expect(petitioner?.addresses?.map((a) => a.divisionCode)).toEqual(['330681109290', '330681109290']);
  });

  it('reads a petitioning organisation as an organisation', () => {
    const xfr = [{ dwmc: '枫源村股份经济合作社', tyshxydm: '', lxdh: '0575-87001234' }];
    expect(mapToReport(aPetition({ xfr })).parties[0]).toMatchObject({
      kind: 'organization',
      roles: ['petitioner', 'complainant'],
      organizationName: '枫源村股份经济合作社',
      primary: true,
    });
  });

  it('keeps no personal identifier in sourceAttributes, whatever was wrong with it', () => {
    const xfr = [aPetitioner({ sfzh: '330681198203150012', lxdh: '1381234', xb: '?', extra: '13912345678' })];
    const attributes = JSON.stringify(mapToReport(aPetition({ xfr })).sourceAttributes);
    for (const identifier of ['330681198203150012', '1381234', '13912345678']) {
      expect(attributes).not.toContain(identifier);
    }
  });
});

describe('mapping a petition: category, location and links', () => {
  it('looks a category up by its last level when the path is not listed', () => {
    expect(mapToReport(aPetition({ wtlb: ['其他', '宅基地纠纷'] })).category).toEqual({
      code: '房屋宅基地',
      sourceValue: '其他 / 宅基地纠纷',
      isDispute: true,
    });
  });

  it('reads a wtsd written as a string as its address', () => {
    expect(mapToReport(aPetition({ wtsd: '枫桥镇枫源村' })).location).toMatchObject({
      divisionCode: '330681109290',
      resolvedBy: 'address-text',
      addressText: '枫桥镇枫源村',
    });
  });

  it('has no location when the item names no place', () => {
    expect(mapToReport(without(aPetition(), 'wtsd')).location).toBeUndefined();
  });

  it('marks no skip-level petition for a matter placed only at county level', () => {
    const report = mapToReport(aPetition({ xfmd: '省级', wtsd: { qhdm: '330681' } }));
    expect(report.sourceAttributes).toMatchObject({ lodgedAtLevel: '省级', lodgedAtLevelCode: 'province' });
    expect(report.sourceAttributes?.skipLevel).toBeUndefined();
  });

  it('has no links when work_id is empty', () => {
    expect(mapToReport(aPetition({ work_id: ' ' })).links).toEqual([]);
  });
});

describe('mapping a petition: properties', () => {
  const sampleKeys = Object.keys(sampleRecord);
  const whitespace = fc.constantFrom(' ', '\t', '\n', '\u3000', '  ');
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      key: fc.constantFrom(...sampleKeys),
      value: fc.jsonValue(),
    }),
    fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...sampleKeys) }),
    fc.record({ kind: fc.constant('add' as const), key: fc.string(), value: fc.jsonValue() }),
    fc.record({
      kind: fc.constant('entry' as const),
      list: fc.constantFrom('xfr' as const, 'bxfr' as const, 'lcjl' as const),
      index: fc.nat(3),
      value: fc.jsonValue(),
    }),
  );

  function applyMutations(mutations: Mutation[]): RawPetition {
    const record = aPetition();
    for (const m of mutations) {
      if (m.kind === 'drop') delete record[m.key];
      else if (m.kind === 'entry') {
        const list = Array.isArray(record[m.list]) ? [...(record[m.list] as unknown[])] : [];
        list[m.index] = m.value;
        record[m.list] = list;
      } else record[m.key] = m.value;
    }
    return record;
  }

  function expectWellFormed(result: MapResult): void {
    if (result.ok) {
      expect(validateAgainst('report', protectedView(result.report))).toEqual([]);
    } else {
      expect(result.errors.length).toBeGreaterThan(0);
      for (const error of result.errors) expect(error.path).not.toBe('');
    }
    for (const warning of result.warnings) expect(warning.path).not.toBe('');
  }

  it('never throws on arbitrary JSON and returns a report or errors with paths', () => {
    fc.assert(fc.property(fc.jsonValue(), (raw) => expectWellFormed(petitionAdapter.map(raw, context))));
  });

  it("never throws on arbitrary JSON objects with the contract's field names", () => {
    const anyPetition = fc.dictionary(fc.constantFrom(...sampleKeys, 'bjqx', 'yq', 'bljg'), fc.jsonValue());
    fc.assert(fc.property(anyPetition, (raw) => expectWellFormed(petitionAdapter.map(raw, context))));
  });

  it('never throws on arbitrary mutations of the sample record and keeps every report schema-valid', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        expectWellFormed(petitionAdapter.map(applyMutations(mutations), context));
      }),
    );
  });

  it("fails only on the required fields, and never copies the sample's identifiers into sourceAttributes", () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        const result = petitionAdapter.map(applyMutations(mutations), context);
        const paths = result.ok ? [] : result.errors.map((e) => e.path);
        for (const path of paths) expect(['xfjbh', 'xfrq', 'xfr', 'xfsq']).toContain(path);
        const attributes = result.ok ? JSON.stringify(result.report.sourceAttributes ?? {}) : '';
        for (const identifier of SAMPLE_IDENTIFIERS) expect(attributes).not.toContain(identifier);
      }),
    );
  });

  it('maps the same report whatever whitespace surrounds the string values', () => {
    const clean = mapToReport(aPetition());
    fc.assert(
      fc.property(fc.array(whitespace, { minLength: 2, maxLength: 2 }), ([before, after]) => {
        const padded = Object.fromEntries(
          Object.entries(aPetition()).map(([key, value]) => [
            key,
            typeof value === 'string' ? `${before}${value}${after}` : value,
          ]),
        );
        expect(mapToReport(padded)).toEqual(clean);
      }),
    );
  });
});
