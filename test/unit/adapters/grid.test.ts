/** The grid-event adapter: behaviour the fixtures do not show one variation at a time, and properties. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MapResult } from '../../../adapters/engine/adapter.js';
import { gridAdapter } from '../../../adapters/grid/index.js';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import { adapterTestKit } from '../../support/adapter-test-kit.js';

type RawEvent = Record<string, unknown>;
type Mutation =
  | { kind: 'set' | 'add'; key: string; value: unknown }
  | { kind: 'drop'; key: string }
  | { kind: 'step' | 'party'; index: number; value: unknown };

const sampleRecord = JSON.parse(
  readFileSync(new URL('../../../adapters/grid/fixtures/sample-event.json', import.meta.url), 'utf8'),
) as RawEvent;
const context = { receivedAt: '2024-03-06T12:00:00+08:00' };
const { mapToReport, warningPathsOf, protectedView } = adapterTestKit(gridAdapter, context);

const anEvent = (overrides: RawEvent = {}): RawEvent => ({ ...structuredClone(sampleRecord), ...overrides });
const aStep = (action: string, time: string, comment?: string): RawEvent => ({
  action,
  time,
  org: '枫桥镇综治中心',
  user: '综治中心王某',
  ...(comment === undefined ? {} : { comment }),
});
const aParty = (overrides: RawEvent = {}): RawEvent => ({
  name: '张伟',
  idCard: '330681198203150011',
  phone: '13812345678',
  role: '当事人',
  ...overrides,
});

describe('gridAdapter', () => {
  it('declares the source it maps', () => {
    expect(gridAdapter).toMatchObject({
      sourceId: 'grid',
      version: '1',
      kind: 'builtin',
      displayName: '社区网格管理 (网格事件)',
      idField: 'serialNumber',
    });
    expect(gridAdapter.sourceSchema?.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('reads the record id trimmed and half-width', () => {
    expect(gridAdapter.recordIdOf({ serialNumber: ' ＷＧ２０２４００７\n' })).toBe('WG2024007');
    expect(gridAdapter.recordIdOf({ serialNumber: 2024007 })).toBe('2024007');
  });

  it('has no record id for a missing, empty or non-object record', () => {
    for (const raw of [{ serialNumber: '\t' }, {}, 'WG1', null, [sampleRecord]]) {
      expect(gridAdapter.recordIdOf(raw)).toBeUndefined();
    }
  });
});

describe('mapping an event: required fields', () => {
  it('rejects a record that is not an object, at the root path', () => {
    for (const raw of [null, 'WG1', 42, [sampleRecord]]) {
      const result = gridAdapter.map(raw, context);
      expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$']);
    }
  });

  it('rejects an event lacking every required field with one error per field, each showing the value', () => {
    const result = gridAdapter.map({ occurDate: '2024-02-30', issueContent: null }, context);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.path).sort()).toEqual(['issueContent', 'occurDate', 'serialNumber']);
    expect(errors.find((e) => e.path === 'occurDate')?.message).toContain('"2024-02-30"');
    expect(errors.find((e) => e.path === 'issueContent')?.message).toContain('null');
  });
});

describe('mapping an event: status and steps', () => {
  it.each([
    ['待受理', 'registered'],
    ['已受理', 'accepted'],
    ['办理中', 'in-progress'],
    ['已上报', 'assigned'],
    ['已办结', 'resolved'],
    ['已回访', 'closed'],
    ['已关闭', 'closed'],
  ])('maps %s to %s and keeps the source value', (status, code) => {
    expect(mapToReport(anEvent({ status })).status).toMatchObject({ code, sourceValue: status });
  });

  it.each([
    ['受理', 'accept', undefined],
    ['上报', 'report-up', undefined],
    ['交办', 'assign', undefined],
    ['办理', 'handle', undefined],
    ['反馈', 'feedback', undefined],
    ['普通督办', 'supervise', 'normal'],
    ['黄牌督办', 'supervise', 'yellow'],
    ['红牌督办', 'supervise', 'red'],
    ['结案', 'resolve', undefined],
    ['回退', 'return', undefined],
  ])('maps the step action %s to %s', (action, mapped, supervisionLevel) => {
    const [step] = mapToReport(anEvent({ steps: [aStep(action, '2024-03-07 09:00')] })).steps;
    expect(step).toEqual({
      at: '2024-03-07T09:00:00+08:00',
      action: mapped,
      sourceAction: action,
      fromUnit: '枫桥镇综治中心',
      operator: '综治中心王某',
      ...(supervisionLevel === undefined ? {} : { supervisionLevel }),
    });
  });

  it('takes the outcome from the latest 结案 step of a closed event only', () => {
    const steps = [
      aStep('结案', '2024-03-08 09:00', '调解成功'),
      aStep('结案', '2024-03-09 09:00', '复核后结案'),
    ];
    expect(mapToReport(anEvent({ status: '已回访', steps })).outcome).toBe('复核后结案');
    expect(mapToReport(anEvent({ status: '办理中', steps })).outcome).toBeUndefined();
  });

  it('keeps a steps value that is not an array, and a step that is not an object, with warnings', () => {
    expect(mapToReport(anEvent({ steps: '受理' })).sourceAttributes?.steps).toBe('受理');
    expect(warningPathsOf(anEvent({ steps: '受理' }))).toEqual(['steps']);
    expect(warningPathsOf(anEvent({ steps: [aStep('受理', '2024-03-05 10:00'), 7] }))).toEqual(['steps[1]']);
  });
});

describe('mapping an event: category and urgency', () => {
  it.each([
    ['婚姻家庭纠纷', '婚姻家庭'],
    ['邻里纠纷', '邻里'],
    ['房屋宅基地纠纷', '房屋宅基地'],
    ['山林土地纠纷', '山林土地'],
    ['征地拆迁纠纷', '征地拆迁'],
    ['劳资纠纷', '劳资'],
    ['物业纠纷', '物业'],
    ['合同纠纷', '合同借贷'],
    ['损害赔偿纠纷', '损害赔偿'],
    ['医患纠纷', '医疗'],
    ['道路交通事故纠纷', '交通事故'],
    ['环境污染纠纷', '环境'],
    ['村务管理纠纷', '村务'],
    ['其他纠纷', '其他'],
  ])('maps the 矛盾纠纷 type %s to %s', (issueType, code) => {
    expect(mapToReport(anEvent({ issueType })).category).toEqual({
      code,
      sourceValue: `矛盾纠纷 / ${issueType}`,
      isDispute: true,
    });
  });

  it.each(['治安防范', '特殊人群', '社情民意', '民生服务', '突发事件', '其他'])(
    'marks the %s domain no dispute',
    (domain) => {
      expect(mapToReport(anEvent({ issueTypeDomain: domain })).category.isDispute).toBe(false);
    },
  );

  it.each([
    ['一般', 'normal'],
    ['较大', 'urgent'],
    ['重大', 'critical'],
    ['特别重大', 'critical'],
  ])('maps the emergency level %s to %s', (emergencyLevel, urgency) => {
    expect(mapToReport(anEvent({ emergencyLevel })).urgency).toBe(urgency);
  });
});

describe('mapping an event: parties', () => {
  it('reads the form parties instead of mainCharacters when both are given', () => {
    const report = mapToReport(
      anEvent({ parties: [aParty({ role: '申请人' })], mainCharacters: '张伟、李强' }),
    );
    expect(report.parties).toHaveLength(1);
    expect(report.parties[0]).toMatchObject({ roles: ['applicant'], sourceRole: '申请人' });
    expect(report.parties[0]?.extractedFrom).toBeUndefined();
  });

  it('reads the sex of a form party when it is given', () => {
    expect(mapToReport(anEvent({ parties: [aParty({ sex: '女' })] })).parties[0]?.sex).toBe('female');
  });

  it('never makes the grid worker a party, nor keeps the worker phone anywhere in the report', () => {
    const raw = anEvent({
      reporter: { name: '陈静', mobile: '13905750001' },
      parties: [aParty({ phone: '139-0575-0001' }), aParty({ name: '李强', idCard: '', phone: '' })],
    });
    const report = mapToReport(raw);
    expect(report.parties.map((p) => p.name?.normalised)).toEqual(['张伟', '李强']);
    expect(report.parties[0]?.phones).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain('13905750001');
    expect(JSON.stringify(report)).not.toContain('0001');
    expect(report.sourceAttributes?.reporterName).toBe('陈静');
  });

  it('reads no reporter name from a reporter that is not an object, which may hold the phone', () => {
    const raw = anEvent({ reporter: '陈静 13905750001' });
    expect(mapToReport(raw).sourceAttributes?.reporterName).toBeUndefined();
    expect(JSON.stringify(gridAdapter.map(raw, context))).not.toContain('13905750001');
    expect(warningPathsOf(raw)).toEqual(['reporter']);
  });

  it('keeps no personal identifier in sourceAttributes or warnings, whatever was wrong with it', () => {
    const raw = anEvent({
      parties: [aParty({ idCard: '330681198203150012', phone: '1381234' })],
      relatePeopleCount: '张伟等',
    });
    const result = gridAdapter.map(raw, context);
    const attributes = JSON.stringify(result.ok ? result.report.sourceAttributes : {});
    const warnings = JSON.stringify(result.warnings);
    for (const identifier of ['330681198203150012', '1381234']) {
      expect(attributes).not.toContain(identifier);
      expect(warnings).not.toContain(identifier);
    }
  });
});

describe('mapping an event: location and links', () => {
  it('reads a 15-digit grid code as the village plus the grid', () => {
    expect(mapToReport(anEvent()).location).toMatchObject({
      divisionCode: '330681109290',
      gridCode: '330681109290003',
      resolvedBy: 'grid-code',
    });
  });

  it('keeps a village code the catalogue does not know, with its level', () => {
    const location = mapToReport(anEvent({ occurOrgCode: '330106001001002', occurLocation: '' })).location;
    expect(location).toMatchObject({
      divisionCode: '330106001001',
      divisionLevel: 'village',
      gridCode: '330106001001002',
      resolvedBy: 'grid-code',
    });
    expect(location?.divisionName).toBeUndefined();
  });

  it('has no location when the event names no place', () => {
    const raw = Object.fromEntries(
      Object.entries(anEvent()).filter(
        ([key]) => !['occurOrgCode', 'occurOrgName', 'occurLocation', 'lat', 'lon'].includes(key),
      ),
    );
    expect(mapToReport(raw).location).toBeUndefined();
  });

  it('has no links when fromSerialNumber is empty', () => {
    expect(mapToReport(anEvent({ fromSerialNumber: ' ' })).links).toEqual([]);
  });
});

describe('mapping an event: properties', () => {
  const sampleKeys = [...Object.keys(sampleRecord), 'parties', 'deadLine', 'fromSerialNumber'];
  const whitespace = fc.constantFrom(' ', '\t', '\n', '\u3000', '  ');
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      key: fc.constantFrom(...sampleKeys),
      value: fc.jsonValue(),
    }),
    fc.record({
      kind: fc.constant('set' as const),
      key: fc.constantFrom('mainCharacters', 'occurOrgCode', 'relatePeopleCount'),
      value: fc.string({
        unit: fc.constantFrom(...'张伟李强王某等5人、，（）()0123456789xX* 与和户主邻居;：'),
      }),
    }),
    fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...sampleKeys) }),
    fc.record({ kind: fc.constant('add' as const), key: fc.string(), value: fc.jsonValue() }),
    fc.record({ kind: fc.constant('step' as const), index: fc.nat(3), value: fc.jsonValue() }),
    fc.record({
      kind: fc.constant('party' as const),
      index: fc.nat(2),
      value: fc.oneof(
        fc.jsonValue(),
        fc.record({
          name: fc.jsonValue(),
          idCard: fc.jsonValue(),
          phone: fc.jsonValue(),
          role: fc.jsonValue(),
        }),
      ),
    }),
  );

  function applyMutations(mutations: Mutation[]): RawEvent {
    const record = anEvent();
    for (const m of mutations) {
      if (m.kind === 'drop') delete record[m.key];
      else if ('index' in m) {
        const key = m.kind === 'step' ? 'steps' : 'parties';
        const items = Array.isArray(record[key]) ? [...(record[key] as unknown[])] : [];
        items[m.index] = m.value;
        record[key] = items;
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
    fc.assert(fc.property(fc.jsonValue(), (raw) => expectWellFormed(gridAdapter.map(raw, context))));
  });

  it('never throws on arbitrary mutations of the sample event and keeps every report schema-valid', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        expectWellFormed(gridAdapter.map(applyMutations(mutations), context));
      }),
    );
  });

  it('fails only on the required fields', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        const result = gridAdapter.map(applyMutations(mutations), context);
        for (const error of result.ok ? [] : result.errors) {
          expect(['serialNumber', 'issueContent', 'occurDate']).toContain(error.path);
        }
      }),
    );
  });

  it('maps the same report whatever whitespace surrounds the string values', () => {
    const clean = mapToReport(anEvent());
    fc.assert(
      fc.property(fc.array(whitespace, { minLength: 2, maxLength: 2 }), ([before, after]) => {
        const padded = Object.fromEntries(
          Object.entries(anEvent()).map(([key, value]) => [
            key,
            typeof value === 'string' ? `${before}${value}${after}` : value,
          ]),
        );
        expect(mapToReport(padded)).toEqual(clean);
      }),
    );
  });
});
