/** The court case adapter: behaviour the fixtures do not show one variation at a time, and properties. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { courtAdapter } from '../../../adapters/court/index.js';
import type { MapResult } from '../../../adapters/engine/adapter.js';
import { divisionCodeOfCourt, normaliseCaseNumber } from '../../../adapters/engine/court-codes.js';
import { sourceOfReference } from '../../../adapters/engine/reference-shapes.js';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import { adapterTestKit } from '../../support/adapter-test-kit.js';

type RawCase = Record<string, unknown>;
type Mutation =
  | { kind: 'set' | 'add'; key: string; value: unknown }
  | { kind: 'drop'; key: string }
  | { kind: 'party'; index: number; value: unknown };

const sampleRecord = JSON.parse(
  readFileSync(new URL('../../../adapters/court/fixtures/sample-court-case.json', import.meta.url), 'utf8'),
) as RawCase;
const context = { receivedAt: '2024-03-06T12:00:00+08:00' };
const { mapToReport, warningPathsOf, protectedView } = adapterTestKit(courtAdapter, context);
const SAMPLE_IDENTIFIERS = ['330681198203150011', '330681197907220036', '13812345678'];

const aCase = (overrides: RawCase = {}): RawCase => ({ ...structuredClone(sampleRecord), ...overrides });
const aParty = (overrides: RawCase = {}): RawCase => ({
  mc: '张伟',
  ssdw: '原告',
  lx: '自然人',
  zjhm: '330681198203150011',
  dz: '',
  lxdh: '13812345678',
  ...overrides,
});
const without = (record: RawCase, ...keys: string[]): RawCase =>
  Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));

describe('courtAdapter', () => {
  it('declares the source it maps', () => {
    expect(courtAdapter).toMatchObject({
      sourceId: 'court',
      version: '1',
      kind: 'builtin',
      displayName: '法院案件系统',
      idField: 'ajbs',
    });
    expect(courtAdapter.sourceSchema?.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('reads the record id half-width and without whitespace', () => {
    expect(courtAdapter.recordIdOf({ ajbs: ' ３３０６２０２４９９０１０００８２５\t' })).toBe(
      '330620249901000825',
    );
  });

  it('has no record id for a missing or empty id, an id too large to be a JSON number, or a non-object', () => {
    expect(courtAdapter.recordIdOf({ ajbs: '' })).toBeUndefined();
    // JSON.parse turns the 18 digits into the nearest double, 330620249901000830.
    expect(courtAdapter.recordIdOf({ ajbs: Number('330620249901000825') })).toBeUndefined();
    expect(courtAdapter.recordIdOf([])).toBeUndefined();
  });
});

describe('court codes and case numbers', () => {
  it.each([
    ['330681', '330681'],
    ['浙0681', '330681'],
    ['浙06', '330600'],
    ['浙', '330000'],
    ['京0105', '110105'],
    ['粤03', '440300'],
    ['黔01', '520100'],
    ['蘇0102', '320102'],
    [' 浙０６８１ ', '330681'],
  ])('reads the court code %s as the division %s', (code, division) => {
    expect(divisionCodeOfCourt(code)).toEqual({ ok: true, code: division });
  });

  it.each(['诸暨法院', '浙681', '33068', 'X0681', '浙72', '浙7101'])(
    'gives a reason for the court code %s',
    (code) => {
      const result = divisionCodeOfCourt(code);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.reason).not.toBe('');
    },
  );

  it.each([
    ['（2024）浙0681民初1234号', '(2024)浙0681民初1234号'],
    ['(２０２４)浙０６８１民初１２３４号', '(2024)浙0681民初1234号'],
    ['〔2024〕浙0681执 567 号', '(2024)浙0681执567号'],
    ['【2024】浙0681民诉前调595号', '(2024)浙0681民诉前调595号'],
  ])('normalises the case number %s to %s', (given, normalised) => {
    expect(normaliseCaseNumber(given)).toBe(normalised);
  });

  it.each([
    ['3306812024031300456', 'police-call', 'police-110'],
    ['330681-2024-000123', 'petition', 'petition'],
    ['WG3306811092900032024030500007', 'grid-event', 'grid'],
  ])('tells the source of the reference %s', (value, kind, targetSourceId) => {
    expect(sourceOfReference(value)).toEqual({ kind, targetSourceId, value });
  });

  it.each(['ZJ2403060381', '330681202403130045', '330681-2024-12'])(
    'does not guess the source of %s',
    (value) => {
      expect(sourceOfReference(value)).toBeUndefined();
    },
  );
});

describe('mapping a court case: required fields', () => {
  it('rejects a record that is not an object, at the root path', () => {
    for (const raw of [null, 'x', 42, [sampleRecord]]) {
      const result = courtAdapter.map(raw, context);
      expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$']);
    }
  });

  it('rejects a record lacking every required field with one error per field, each showing the value', () => {
    const result = courtAdapter.map({ ah: '', larq: '三月', dsr: 'none', ajxx: null }, context);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.path).sort()).toEqual(['ah', 'ajbs', 'ajxx', 'dsr', 'larq']);
    expect(errors.find((e) => e.path === 'larq')?.message).toContain('"三月"');
    expect(errors.find((e) => e.path === 'ah')?.message).toContain('""');
  });

  it('takes the cause of action as the narrative when the summary is missing', () => {
    expect(mapToReport(without(aCase(), 'ajxx')).narrative).toBe('相邻用水、排水纠纷');
  });
});

describe('mapping a court case: status and outcome', () => {
  it.each([
    ['立案', 'registered'],
    ['审理中', 'in-progress'],
    ['调解中', 'in-progress'],
    ['结案', 'resolved'],
    ['归档', 'closed'],
  ])('maps %s to %s and keeps the source value', (ajzt, code) => {
    expect(mapToReport(aCase({ ajzt, jarq: '2024-04-10' })).status).toMatchObject({
      code,
      sourceValue: ajzt,
    });
  });

  it.each(['调解', '判决', '撤诉', '驳回', '司法确认', '调解不成'])(
    'keeps the closing method %s verbatim as the outcome',
    (jafs) => {
      expect(mapToReport(aCase({ ajzt: '结案', jafs, jarq: '2024-04-10' })).outcome).toBe(jafs);
    },
  );

  it('dates a closed case from jarq and adds its closing as a step', () => {
    const report = mapToReport(aCase({ ajzt: '结案', jafs: '调解', jarq: '2024-04-10' }));
    expect(report.status.since).toBe('2024-04-10T00:00:00+08:00');
    expect(report.steps.map((s) => s.sourceAction)).toEqual(['立案', '结案']);
  });

  it('keeps an unusable jarq in sourceAttributes, with a warning', () => {
    const raw = aCase({ ajzt: '结案', jafs: '调解', jarq: '四月' });
    expect(mapToReport(raw).status.since).toBeUndefined();
    expect(mapToReport(raw).sourceAttributes?.jarq).toBe('四月');
    expect(warningPathsOf(raw)).toEqual(['jarq']);
  });
});

describe('mapping a court case: category', () => {
  it.each([
    ['相邻关系纠纷', '邻里'],
    ['相邻用水、排水纠纷', '邻里'],
    ['民间借贷纠纷', '合同借贷'],
    ['物业服务合同纠纷', '物业'],
    ['离婚纠纷', '婚姻家庭'],
    ['赡养纠纷', '婚姻家庭'],
    ['追索劳动报酬纠纷', '劳资'],
    ['机动车交通事故责任纠纷', '交通事故'],
    ['宅基地使用权纠纷', '房屋宅基地'],
    ['土地承包经营权纠纷', '山林土地'],
    ['提供劳务者受害责任纠纷', '损害赔偿'],
    ['买卖合同纠纷', '合同借贷'],
    ['医疗损害责任纠纷', '医疗'],
  ])('maps the cause %s to %s', (laay, code) => {
    expect(mapToReport(aCase({ laay })).category).toEqual({
      code,
      sourceValue: laay,
      causeOfAction: laay,
      isDispute: true,
    });
  });

  it('has the category 其他 without a warning when the case names no cause', () => {
    const raw = aCase({ laay: '' });
    expect(mapToReport(raw).category).toEqual({ code: '其他', sourceValue: '' });
    expect(warningPathsOf(raw)).toEqual([]);
  });
});

describe('mapping a court case: parties', () => {
  it.each([
    ['原告', 'plaintiff'],
    ['被告', 'defendant'],
    ['申请人', 'applicant'],
    ['被申请人', 'counterparty'],
    ['第三人', 'third-party'],
  ])('maps the litigation role %s to %s, the word kept as sourceRole', (ssdw, role) => {
    const [party] = mapToReport(aCase({ dsr: [aParty({ ssdw })] })).parties;
    expect(party).toMatchObject({ roles: [role], sourceRole: ssdw });
  });

  it('reads a party whose valid credit code tells it is an organisation, even without lx', () => {
    const dsr = [aParty({ mc: '枫源村股份经济合作社', lx: undefined, zjhm: '91330681MA2D8K3L0B' })];
    expect(mapToReport(aCase({ dsr })).parties[0]).toMatchObject({
      kind: 'organization',
      organizationName: '枫源村股份经济合作社',
      creditCode: { status: 'valid' },
    });
  });

  it('skips a party entry that is not an object, with a warning at its index', () => {
    const raw = aCase({ dsr: [aParty(), '李强'] });
    expect(mapToReport(raw).parties).toHaveLength(1);
    expect(warningPathsOf(raw)).toEqual(['dsr[1]']);
  });

  it('keeps no personal identifier in sourceAttributes, whatever was wrong with it', () => {
    const dsr = [aParty({ zjhm: '330681198203150012', lxdh: '1381234', sfzh: '330681197907220036' })];
    const attributes = JSON.stringify(mapToReport(aCase({ dsr })).sourceAttributes);
    for (const identifier of ['330681198203150012', '1381234', '330681197907220036']) {
      expect(attributes).not.toContain(identifier);
    }
  });
});

describe('mapping a court case: location, deadline and links', () => {
  it('uses the court division when the parties name no place', () => {
    const dsr = [aParty(), aParty({ mc: '李强', ssdw: '被告' })];
    expect(mapToReport(aCase({ dsr })).location).toEqual({
      divisionCode: '330681',
      divisionLevel: 'county',
      divisionName: '诸暨市',
      resolvedBy: 'court-code',
    });
  });

  it('does not refine the court division with an address outside it', () => {
    const dsr = [aParty({ dz: '枫桥镇枫源村' }), aParty({ mc: '李强', ssdw: '被告', dz: '枫桥镇枫源村' })];
    const report = mapToReport(aCase({ dsr, fydm: '浙0602', ah: '(2024)浙0602民初1号' }));
    expect(report.location).toMatchObject({ divisionCode: '330602', resolvedBy: 'court-code' });
  });

  it('has no deadline for a case other than pre-filing mediation without sx', () => {
    expect(mapToReport(without(aCase({ ajlb: '0301' }), 'sx')).deadline).toBeUndefined();
  });

  it('has no links when wpdjh is empty', () => {
    expect(mapToReport(aCase({ wpdjh: '' })).links).toEqual([]);
  });
});

describe('mapping a court case: properties', () => {
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
    fc.record({ kind: fc.constant('party' as const), index: fc.nat(3), value: fc.jsonValue() }),
  );

  function applyMutations(mutations: Mutation[]): RawCase {
    const record = aCase();
    for (const m of mutations) {
      if (m.kind === 'drop') delete record[m.key];
      else if (m.kind === 'party') {
        const dsr = Array.isArray(record.dsr) ? [...record.dsr] : [];
        dsr[m.index] = m.value;
        record.dsr = dsr;
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
    fc.assert(fc.property(fc.jsonValue(), (raw) => expectWellFormed(courtAdapter.map(raw, context))));
  });

  it("never throws on arbitrary JSON objects with the contract's field names", () => {
    const anyCase = fc.dictionary(fc.constantFrom(...sampleKeys, 'jafs', 'jarq'), fc.jsonValue());
    fc.assert(fc.property(anyCase, (raw) => expectWellFormed(courtAdapter.map(raw, context))));
  });

  it('never throws on arbitrary mutations of the sample record and keeps every report schema-valid', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        expectWellFormed(courtAdapter.map(applyMutations(mutations), context));
      }),
    );
  });

  it("fails only on the required fields, and never copies the sample's identifiers into sourceAttributes", () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        const result = courtAdapter.map(applyMutations(mutations), context);
        const paths = result.ok ? [] : result.errors.map((e) => e.path);
        for (const path of paths) expect(['ajbs', 'ah', 'larq', 'dsr', 'ajxx']).toContain(path);
        const attributes = result.ok ? JSON.stringify(result.report.sourceAttributes ?? {}) : '';
        for (const identifier of SAMPLE_IDENTIFIERS) expect(attributes).not.toContain(identifier);
      }),
    );
  });

  it('maps the same report whatever whitespace surrounds the string values', () => {
    const clean = mapToReport(aCase());
    fc.assert(
      fc.property(fc.array(whitespace, { minLength: 2, maxLength: 2 }), ([before, after]) => {
        const padded = Object.fromEntries(
          Object.entries(aCase()).map(([key, value]) => [
            key,
            typeof value === 'string' ? `${before}${value}${after}` : value,
          ]),
        );
        expect(mapToReport(padded)).toEqual(clean);
      }),
    );
  });
});
