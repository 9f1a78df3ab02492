/** The 12345 work-order adapter: behaviour the fixtures do not show one variation at a time, and properties. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MapResult } from '../../../adapters/engine/adapter.js';
import { hotline12345Adapter } from '../../../adapters/hotline-12345/index.js';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import { adapterTestKit } from '../../support/adapter-test-kit.js';

type RawWorkOrder = Record<string, unknown>;
type Mutation =
  | { kind: 'set' | 'add'; key: string; value: unknown }
  | { kind: 'drop'; key: string }
  | { kind: 'step'; index: number; value: unknown };

const sampleRecord = JSON.parse(
  readFileSync(
    new URL('../../../adapters/hotline-12345/fixtures/sample-work-order.json', import.meta.url),
    'utf8',
  ),
) as RawWorkOrder;
const context = { receivedAt: '2024-03-06T12:00:00+08:00' };
const { mapToReport, warningPathsOf, protectedView } = adapterTestKit(hotline12345Adapter, context);

const aWorkOrder = (overrides: RawWorkOrder = {}): RawWorkOrder => ({
  ...structuredClone(sampleRecord),
  ...overrides,
});
const aStep = (action: string, time: string, comment = ''): RawWorkOrder => ({
  action,
  time,
  fromUnit: '枫桥镇人民政府',
  toUnit: '12345中心',
  operator: '综治中心王某',
  comment,
});
const without = (record: RawWorkOrder, ...keys: string[]): RawWorkOrder =>
  Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));

describe('hotline12345Adapter', () => {
  it('declares the source it maps', () => {
    expect(hotline12345Adapter).toMatchObject({
      sourceId: 'hotline-12345',
      version: '1',
      kind: 'builtin',
      displayName: '12345 政务服务便民热线',
      idField: 'formId',
    });
    expect(hotline12345Adapter.sourceSchema?.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('reads the record id trimmed and half-width', () => {
    expect(hotline12345Adapter.recordIdOf({ formId: ' Ｆ２０２４０３０６０００３８１\n' })).toBe(
      'F20240306000381',
    );
    expect(hotline12345Adapter.recordIdOf({ formId: 20240306000381 })).toBe('20240306000381');
  });

  it('has no record id for a missing, empty or non-object record', () => {
    expect(hotline12345Adapter.recordIdOf({ formId: '  ' })).toBeUndefined();
    expect(hotline12345Adapter.recordIdOf({})).toBeUndefined();
    expect(hotline12345Adapter.recordIdOf('F1')).toBeUndefined();
    expect(hotline12345Adapter.recordIdOf(null)).toBeUndefined();
  });
});

describe('mapping a work order: required fields', () => {
  it('rejects a record that is not an object, at the root path', () => {
    for (const raw of [null, 'F1', 42, [sampleRecord]]) {
      const result = hotline12345Adapter.map(raw, context);
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$']);
    }
  });

  it('rejects a record lacking every required field with one error per field, each showing the value', () => {
    const result = hotline12345Adapter.map({ createTime: '昨天', contentText: '' }, context);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.path).sort()).toEqual(['contentText', 'createTime', 'formId']);
    expect(errors.find((e) => e.path === 'createTime')?.message).toContain('"昨天"');
    expect(errors.find((e) => e.path === 'contentText')?.message).toContain('""');
  });

  it('keeps the account verbatim apart from the surrounding whitespace', () => {
    const report = mapToReport(aWorkOrder({ contentText: '\t反映：邻居（李某）堵塞排水沟，１２日又堵。\n' }));
    expect(report.narrative).toBe('反映：邻居（李某）堵塞排水沟，１２日又堵。');
  });
});

describe('mapping a work order: status', () => {
  it.each([
    ['待受理', 'registered'],
    ['已受理', 'accepted'],
    ['已派单', 'assigned'],
    ['已签收', 'assigned'],
    ['办理中', 'in-progress'],
    ['退单', 'returned'],
    ['已办结', 'resolved'],
    ['已回访', 'closed'],
    ['已归档', 'closed'],
  ])('maps %s to %s and keeps the source value', (formStatusName, code) => {
    expect(mapToReport(aWorkOrder({ formStatusName })).status).toMatchObject({
      code,
      sourceValue: formStatusName,
    });
  });

  it('leaves a 不满意 call-back resolved rather than closed', () => {
    const report = mapToReport(aWorkOrder({ formStatusName: '已回访', satisfaction: '不满意' }));
    expect(report.status.code).toBe('resolved');
  });

  it('dates the status at the latest step', () => {
    const steps = [aStep('签收', '2024-03-07 09:00'), aStep('受理', '2024-03-06 10:02')];
    expect(mapToReport(aWorkOrder({ steps })).status.since).toBe('2024-03-07T09:00:00+08:00');
  });

  it('assumes registered, with a warning, when neither status nor steps say more', () => {
    const report = mapToReport(aWorkOrder({ formStatusName: undefined, steps: [] }));
    expect(report.status).toEqual({ code: 'registered', sourceValue: '' });
    expect(warningPathsOf(aWorkOrder({ formStatusName: '', steps: [] }))).toEqual(['formStatusName']);
  });
});

describe('mapping a work order: steps', () => {
  it.each([
    ['受理', 'accept'],
    ['派单', 'assign'],
    ['签收', 'sign'],
    ['退单', 'return'],
    ['延期申请', 'extension-request'],
    ['反馈', 'feedback'],
    ['办结', 'resolve'],
    ['回访', 'callback'],
    ['督办', 'supervise'],
  ])('maps the step action %s to %s', (action, mapped) => {
    const [step] = mapToReport(aWorkOrder({ steps: [aStep(action, '2024-03-07 09:00')] })).steps;
    expect(step).toMatchObject({ action: mapped, sourceAction: action, at: '2024-03-07T09:00:00+08:00' });
  });

  it('reads the supervision level of a 督办 step from its comment', () => {
    const steps = [
      aStep('督办', '2024-03-14 09:00', '红牌督办'),
      aStep('督办', '2024-03-15 09:00', '请尽快办理'),
    ];
    expect(mapToReport(aWorkOrder({ steps })).steps.map((s) => s.supervisionLevel)).toEqual([
      'red',
      'normal',
    ]);
  });

  it('keeps a steps value that is not an array, with a warning', () => {
    const raw = aWorkOrder({ steps: '受理;派单' });
    expect(mapToReport(raw).sourceAttributes?.steps).toBe('受理;派单');
    expect(warningPathsOf(raw)).toEqual(['steps']);
  });

  it('keeps a step that is not an object, with a warning at its index', () => {
    const raw = aWorkOrder({ steps: [aStep('受理', '2024-03-06 10:02'), '派单'] });
    expect(mapToReport(raw).sourceAttributes?.unplacedSteps).toEqual(['派单']);
    expect(warningPathsOf(raw)).toEqual(['steps[1]']);
  });
});

describe('mapping a work order: category', () => {
  it('joins the three-level business type verbatim as the source value', () => {
    const report = mapToReport(
      aWorkOrder({
        businessTypeName: '劳动保障',
        businessTypeChildName: '欠薪',
        businessTypeGrandsonName: '农民工工资',
      }),
    );
    expect(report.category).toEqual({
      code: '劳资',
      sourceValue: '劳动保障 / 欠薪 / 农民工工资',
      isDispute: true,
    });
  });

  it('keeps a dispute category when a 咨询 is about a named dispute', () => {
    expect(mapToReport(aWorkOrder({ formTypeName: '咨询' })).category).toMatchObject({
      code: '邻里',
      isDispute: true,
    });
  });

  it('marks praise as no dispute', () => {
    expect(mapToReport(aWorkOrder({ formTypeName: '表扬' })).category.isDispute).toBe(false);
  });

  it('maps a consultation without a business type to 求助咨询', () => {
    const raw = without(aWorkOrder({ formTypeName: '咨询' }), 'businessTypeName', 'businessTypeChildName');
    expect(mapToReport(without(raw, 'businessTypeGrandsonName')).category).toEqual({
      code: '求助咨询',
      sourceValue: '',
      isDispute: false,
    });
  });
});

describe('mapping a work order: deadline', () => {
  it('takes planTime as an explicit deadline, even for a 特急 order', () => {
    const deadline = mapToReport(aWorkOrder({ jjcdName: '特急' })).deadline;
    expect(deadline).toMatchObject({ dueAt: '2024-03-13T18:00:00+08:00', basis: { kind: 'explicit' } });
  });

  it('gives a 特急 consultation without planTime 2 hours, not 1 working day', () => {
    const deadline = mapToReport(
      without(aWorkOrder({ jjcdName: '特急', formTypeName: '咨询' }), 'planTime'),
    ).deadline;
    expect(deadline).toMatchObject({
      dueAt: '2024-03-06T12:02:00+08:00',
      basis: { kind: 'hours', amount: 2 },
    });
  });

  it('counts 举报 without planTime as 5 working days on the Chinese calendar', () => {
    const raw = without(aWorkOrder({ formTypeName: '举报', createTime: '2024-04-30 09:00' }), 'planTime');
    // 1–5 May 2024 are the Labour Day holiday: the 5th working day after 30 April is 10 May.
    expect(mapToReport(raw).deadline?.dueAt).toBe('2024-05-10T23:59:59+08:00');
  });

  it('applies the default rule, saying so, to an order without an appeal type', () => {
    const deadline = mapToReport(without(aWorkOrder(), 'planTime', 'formTypeName')).deadline;
    expect(deadline?.basis).toMatchObject({ kind: 'working-days', amount: 5 });
    expect(deadline?.basis.rule).toMatch(/^default/);
  });

  it('warns when the working-day calendar has no holiday notice for the year', () => {
    const raw = without(aWorkOrder({ createTime: '2031-03-06 10:02', steps: [] }), 'planTime');
    expect(warningPathsOf(raw)).toEqual(['createTime']);
  });

  it.each([
    ['申请延期５个工作日', 5],
    ['申请延长十五天', 15],
    ['延期：二十个工作日', 20],
  ])('reads an extension of %s as %i days', (comment, days) => {
    const raw = aWorkOrder({ steps: [aStep('延期申请', '2024-03-12 09:00', comment)] });
    expect(mapToReport(raw).deadline?.extensions).toEqual([
      { days, reason: comment, requestedAt: '2024-03-12T09:00:00+08:00' },
    ]);
  });

  it('adds no extension for a 延期申请 that states no days', () => {
    const raw = aWorkOrder({ steps: [aStep('延期申请', '2024-03-12 09:00', '需协调多部门，申请延期')] });
    expect(mapToReport(raw).deadline?.extensions).toBeUndefined();
  });
});

describe('mapping a work order: parties', () => {
  it('names the caller reporter and complainant on a 投诉, reporter only on a 求助', () => {
    expect(mapToReport(aWorkOrder({ formTypeName: '投诉' })).parties[0]?.roles).toEqual([
      'reporter',
      'complainant',
    ]);
    expect(mapToReport(aWorkOrder({ formTypeName: '求助' })).parties[0]?.roles).toEqual(['reporter']);
  });

  it('keeps a caller known only by a phone number', () => {
    const report = mapToReport(aWorkOrder({ cusName: '', cusSex: '', incomingPhone: '' }));
    expect(report.parties[0]).toMatchObject({
      roles: ['reporter', 'complainant'],
      phones: [{ value: '13812345678' }],
    });
    expect(report.parties[0]?.name).toBeUndefined();
  });

  it('invents no party for a caller who left nothing but a placeholder name', () => {
    const report = mapToReport(
      aWorkOrder({
        cusName: '匿名',
        cusSex: '',
        cusPhone: '',
        incomingPhone: '',
        contentText: '反映河道有垃圾。',
      }),
    );
    expect(report.parties).toEqual([]);
  });

  it('reads the neighbour of the account (邻居李某) as the respondent of a complaint', () => {
    const [, neighbour] = mapToReport(aWorkOrder()).parties;
    expect(neighbour).toMatchObject({
      roles: ['respondent'],
      sourceRole: '邻居',
      extractedFrom: 'contentText',
    });
    expect(neighbour?.name).toMatchObject({ asGiven: '李某', form: 'masked', surname: '李' });
  });

  it('reads a neighbour as involved when the order is no complaint', () => {
    const report = mapToReport(
      aWorkOrder({ formTypeName: '求助', contentText: '来电人称隔壁王先生家狗整夜叫。' }),
    );
    expect(report.parties[1]).toMatchObject({
      roles: ['involved'],
      sourceRole: '隔壁',
      name: { asGiven: '王先生' },
    });
  });

  it('reads no party from words that only look like a name', () => {
    for (const contentText of ['邻居家某人半夜吵闹。', '邻居们都反映噪音大。', '邻居李强家围墙堵了水沟。']) {
      expect(mapToReport(aWorkOrder({ contentText })).parties, contentText).toHaveLength(1);
    }
  });

  it('keeps no personal identifier in sourceAttributes, whatever was wrong with it', () => {
    const report = mapToReport(
      aWorkOrder({
        cusIdCard: '330681198203150012',
        cusPhone: '1381234',
        incomingPhone: '13812345678',
        cusSex: '?',
      }),
    );
    const attributes = JSON.stringify(report.sourceAttributes);
    for (const identifier of ['330681198203150012', '1381234', '13812345678']) {
      expect(attributes).not.toContain(identifier);
    }
  });
});

describe('mapping a work order: location and links', () => {
  it('uses the areaCode, with a warning, when the address names a division elsewhere', () => {
    const raw = aWorkOrder({ areaCode: '330681001', areaName: '', busiAddress: '枫桥镇枫源村三组' });
    expect(mapToReport(raw).location).toMatchObject({ divisionCode: '330681001', resolvedBy: 'source-code' });
    expect(warningPathsOf(raw)).toEqual(['areaCode']);
  });

  it('keeps an areaCode that is no division code and reads the address instead', () => {
    const raw = aWorkOrder({ areaCode: '33068A' });
    const report = mapToReport(raw);
    expect(report.location).toMatchObject({ divisionCode: '330681109290', resolvedBy: 'address-text' });
    expect(report.sourceAttributes?.areaCode).toBe('33068A');
    expect(warningPathsOf(raw)).toEqual(['areaCode']);
  });

  it('keeps a division code the catalogue does not know, with its level', () => {
    const location = mapToReport(aWorkOrder({ areaCode: '330106001001' })).location;
    expect(location).toEqual({
      divisionCode: '330106001001',
      divisionLevel: 'village',
      resolvedBy: 'source-code',
      addressText: '枫源村三组',
    });
  });

  it('has no location when the order names no place', () => {
    expect(mapToReport(without(aWorkOrder(), 'areaName', 'busiAddress')).location).toBeUndefined();
  });

  it('has no links when linked110 is empty', () => {
    expect(mapToReport(aWorkOrder({ linked110: '  ' })).links).toEqual([]);
  });
});

describe('mapping a work order: confidential', () => {
  it.each([
    [true, true],
    [false, false],
    ['是', true],
    ['否', false],
    [' 是\n', true],
    [1, true],
  ])('reads %j as %s', (confidential, expected) => {
    expect(mapToReport(aWorkOrder({ confidential })).confidential).toBe(expected);
  });

  it('leaves confidential absent when the source does not say', () => {
    expect(mapToReport(aWorkOrder({ confidential: null })).confidential).toBeUndefined();
  });
});

describe('mapping a work order: properties', () => {
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
    fc.record({ kind: fc.constant('step' as const), index: fc.nat(3), value: fc.jsonValue() }),
  );

  function applyMutations(mutations: Mutation[]): RawWorkOrder {
    const record = aWorkOrder();
    for (const m of mutations) {
      if (m.kind === 'drop') delete record[m.key];
      else if (m.kind === 'step') {
        const steps = Array.isArray(record.steps) ? [...record.steps] : [];
        steps[m.index] = m.value;
        record.steps = steps;
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
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        expectWellFormed(hotline12345Adapter.map(raw, context));
      }),
    );
  });

  it('never throws on arbitrary mutations of the sample record and keeps every report schema-valid', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        expectWellFormed(hotline12345Adapter.map(applyMutations(mutations), context));
      }),
    );
  });

  it('fails only on the required fields', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        const result = hotline12345Adapter.map(applyMutations(mutations), context);
        const paths = result.ok ? [] : result.errors.map((e) => e.path);
        for (const path of paths) expect(['formId', 'createTime', 'contentText']).toContain(path);
      }),
    );
  });

  it('maps the same report whatever whitespace surrounds the string values', () => {
    const clean = mapToReport(aWorkOrder());
    fc.assert(
      fc.property(fc.array(whitespace, { minLength: 2, maxLength: 2 }), ([before, after]) => {
        const padded = Object.fromEntries(
          Object.entries(aWorkOrder()).map(([key, value]) => [
            key,
            typeof value === 'string' ? `${before}${value}${after}` : value,
          ]),
        );
        expect(mapToReport(padded)).toEqual(clean);
      }),
    );
  });
});
