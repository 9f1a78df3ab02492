/** The 110 接警单 adapter: behaviour the fixtures do not show one variation at a time, and properties. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClearReport, MapResult } from '../../../adapters/engine/adapter.js';
import { parseCsvRecords } from '../../../adapters/engine/csv.js';
import { police110Adapter } from '../../../adapters/police-110/index.js';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import { adapterTestKit } from '../../support/adapter-test-kit.js';

type RawCall = Record<string, unknown>;
type Mutation = { kind: 'set' | 'add'; key: string; value: unknown } | { kind: 'drop'; key: string };

const fixture = (name: string) => new URL(`../../../adapters/police-110/fixtures/${name}`, import.meta.url);
const sampleRecord = JSON.parse(readFileSync(fixture('sample-call.json'), 'utf8')) as RawCall;
const sampleCsv = readFileSync(fixture('sample-call-csv.csv'));
const context = { receivedAt: '2024-03-14T08:00:00+08:00' };
const { mapToReport, warningPathsOf, protectedView } = adapterTestKit(police110Adapter, context);

const aCall = (overrides: RawCall = {}): RawCall => ({ ...structuredClone(sampleRecord), ...overrides });
const without = (record: RawCall, ...keys: string[]): RawCall =>
  Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));

describe('police110Adapter', () => {
  it('declares the source it maps', () => {
    expect(police110Adapter).toMatchObject({
      sourceId: 'police-110',
      version: '1',
      kind: 'builtin',
      displayName: '110 接处警系统 (接警单)',
      idField: 'JJDBH',
    });
    expect(police110Adapter.sourceSchema?.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('reads the record id trimmed and half-width, from a JSON object or a one-row CSV file', () => {
    expect(police110Adapter.recordIdOf({ JJDBH: ' ３３０６８１２０２４０３０５００１２３\n' })).toBe(
      '3306812024030500123',
    );
    expect(police110Adapter.recordIdOf({ JJDBH: 330681202403 })).toBe('330681202403');
    expect(police110Adapter.recordIdOf(sampleCsv)).toBe('3306812024031300456');
  });

  it('has no record id when it is missing, empty, or a JSON number that lost digits', () => {
    for (const raw of [{ JJDBH: '  ' }, {}, 'J1', null, { JJDBH: Number('3306812024031300456') }]) {
      expect(police110Adapter.recordIdOf(raw), JSON.stringify(raw)).toBeUndefined();
    }
  });
});

describe('mapping a call: required fields', () => {
  it('rejects a record that is neither an object nor CSV bytes, at the root path', () => {
    for (const raw of [null, 'J1', 42, [sampleRecord]]) {
      const result = police110Adapter.map(raw, context);
      expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$']);
    }
  });

  it('rejects a call lacking every required field with one error per field, each showing the value', () => {
    const result = police110Adapter.map({ BJSJ: '20241332', BJNR: ' ' }, context);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.path).sort()).toEqual(['BJNR', 'BJSJ', 'JJDBH']);
    expect(errors.find((e) => e.path === 'BJSJ')?.message).toContain('"20241332"');
    expect(errors.find((e) => e.path === 'BJNR')?.message).toContain('" "');
  });

  it('rejects a CSV file without a data row', () => {
    const result = police110Adapter.map(Buffer.from('JJDBH,BJSJ,BJNR\n'), context);
    expect(result.ok ? '' : result.errors[0]?.message).toContain('no data row');
  });
});

describe('mapping a call: export rows', () => {
  it('maps every row of a streamed export as it maps the JSON object with the same keys', async () => {
    const export3 = Buffer.concat([
      sampleCsv,
      Buffer.from(
        '3306812024031300457,,330681,20240313200000,,,,,,枫源村3组,报警人称邻居打人,,200100,200100,,,,1,,,,,,\n' +
          '3306812024031300458,3306812024031300456,330681,20240314080000,13905759999,王女士,2,,,枫源村3组,报警人称邻居又来堵沟,,200200,200200,200201,,,3,,,,,,\n',
      ),
    ]);
    const reports: ClearReport[] = [];
    for await (const row of parseCsvRecords(export3)) {
      if ('error' in row) throw new Error(row.error);
      reports.push(mapToReport(row.record));
    }
    expect(reports.map((r) => [r.sourceRecordId, r.category.code, r.urgency])).toEqual([
      ['3306812024031300456', '邻里', 'normal'],
      ['3306812024031300457', '治安', 'critical'],
      ['3306812024031300458', '邻里', 'normal'],
    ]);
    expect(reports[0]).toEqual(mapToReport(sampleRecord));
    expect(reports[2]?.links).toEqual([
      {
        kind: 'police-call',
        field: 'GLJJDBH',
        value: '3306812024031300456',
        targetSourceId: 'police-110',
        relation: 'repeat-call',
      },
    ]);
  });
});

describe('mapping a call: dispatch result', () => {
  it.each([
    ['现场调解', 'resolved', 'resolve'],
    ['批评教育', 'resolved', 'resolve'],
    ['无效警情', 'resolved', 'resolve'],
    ['移交调解', 'assigned', 'transfer'],
    ['移交12345', 'assigned', 'transfer'],
    ['立案侦查', 'in-progress', 'handle'],
    ['其他', 'in-progress', 'handle'],
  ])('maps %s to status %s with a %s step, and keeps it as the outcome', (CJJG, code, action) => {
    const report = mapToReport(aCall({ CJJG }));
    expect(report.status).toEqual({ code, sourceValue: CJJG, since: '2024-03-13T21:05:00+08:00' });
    expect(report.steps.at(-1)).toMatchObject({
      action,
      sourceAction: CJJG,
      at: '2024-03-13T21:05:00+08:00',
    });
    expect(report.outcome).toBe(CJJG);
  });

  it('records a dispatch without a result as a handle step, the status still registered', () => {
    const report = mapToReport(without(aCall(), 'CJJG'));
    expect(report.status.code).toBe('registered');
    expect(report.steps.at(-1)).toMatchObject({ action: 'handle', sourceAction: '处警' });
    expect(report.outcome).toBeUndefined();
  });

  it('orders the steps by time even when the dispatch is dated before the call', () => {
    const report = mapToReport(aCall({ CJSJ: '20240313190000' }));
    expect(report.steps.map((s) => s.action)).toEqual(['transfer', 'register']);
  });
});

describe('mapping a call: category', () => {
  it.each([
    ['200201', '邻里', true],
    ['200202', '婚姻家庭', true],
    ['200203', '合同借贷', true],
    ['200204', '劳资', true],
    ['200205', '山林土地', true],
    ['200206', '物业', true],
  ])('maps the 治安纠纷 sub-type %s to %s', (BJXL, code, isDispute) => {
    expect(mapToReport(aCall({ BJXL })).category).toEqual({
      code,
      sourceValue: `200200 / 200200 / ${BJXL}`,
      isDispute,
    });
  });

  it('falls back to the coarser code when the sub-type is not listed', () => {
    expect(mapToReport(aCall({ BJXL: '200299' })).category).toMatchObject({ code: '治安', isDispute: true });
    expect(warningPathsOf(aCall({ BJXL: '200299' }))).toEqual([]);
  });
});

describe('mapping a call: parties', () => {
  it('names the caller the primary reporter, with both phones once', () => {
    const [caller] = mapToReport(aCall({ LXDH: '0575-87654321' })).parties;
    expect(caller).toMatchObject({ kind: 'person', roles: ['reporter'], primary: true, sex: 'female' });
    expect(caller?.phones?.map((p) => p.value)).toEqual(['13905759999', '0575-87654321']);
  });

  it('keeps a caller known only by a phone number', () => {
    const [caller] = mapToReport(aCall({ BJRXM: '', BJRXB: '0' })).parties;
    expect(caller).toMatchObject({ roles: ['reporter'], phones: [{ value: '13905759999' }] });
    expect(caller?.name).toBeUndefined();
  });

  it('keeps the caller apart from a DSR person with the same surname only', () => {
    const report = mapToReport(aCall({ DSR: '王某、李强' }));
    expect(report.parties.map((p) => p.name?.normalised)).toEqual(['王女士', '王某', '李强']);
  });

  it('keeps no personal identifier in sourceAttributes or warnings, whatever was wrong with it', () => {
    const raw = aCall({
      S_IDENTITYCARDNO: '330681198203150012',
      BJDH: '1390575',
      LXDH: '13812345678',
      BJRXB: '?',
      DSR: '张伟(330681198203150013)',
    });
    const result = police110Adapter.map(raw, context);
    const attributes = JSON.stringify(result.ok ? result.report.sourceAttributes : {});
    const warnings = JSON.stringify(result.warnings);
    expect(result.warnings.map((w) => w.path).sort()).toEqual(['BJDH', 'BJRXB', 'DSR', 'S_IDENTITYCARDNO']);
    for (const identifier of ['330681198203150012', '1390575', '13812345678', '330681198203150013', '张伟']) {
      expect(attributes).not.toContain(identifier);
      expect(warnings).not.toContain(identifier);
    }
  });
});

describe('mapping a call: properties', () => {
  const sampleKeys = Object.keys(sampleRecord);
  const whitespace = fc.constantFrom(' ', '\t', '\n', '\u3000', '  ');
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      key: fc.constantFrom(...sampleKeys),
      value: fc.jsonValue(),
    }),
    fc.record({
      kind: fc.constant('set' as const),
      key: fc.constantFrom(...sampleKeys),
      value: fc.string({
        unit: fc.constantFrom(...'张伟李强王某等5人、，（）()0123456789xX* 与和户主邻居;：'),
      }),
    }),
    fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...sampleKeys) }),
    fc.record({ kind: fc.constant('add' as const), key: fc.string(), value: fc.jsonValue() }),
  );

  function applyMutations(mutations: Mutation[]): RawCall {
    const record = aCall();
    for (const m of mutations) {
      if (m.kind === 'drop') delete record[m.key];
      else record[m.key] = m.value;
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
    fc.assert(fc.property(fc.jsonValue(), (raw) => expectWellFormed(police110Adapter.map(raw, context))));
  });

  it('never throws on arbitrary bytes given as a CSV file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expectWellFormed(police110Adapter.map(Buffer.concat([sampleCsv, Buffer.from(bytes)]), context));
      }),
    );
  });

  it('never throws on arbitrary mutations of the sample call and keeps every report schema-valid', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        expectWellFormed(police110Adapter.map(applyMutations(mutations), context));
      }),
    );
  });

  it('fails only on the required fields', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (mutations) => {
        const result = police110Adapter.map(applyMutations(mutations), context);
        for (const error of result.ok ? [] : result.errors)
          expect(['JJDBH', 'BJSJ', 'BJNR']).toContain(error.path);
      }),
    );
  });

  it('maps the same report whatever whitespace surrounds the values', () => {
    const clean = mapToReport(aCall());
    fc.assert(
      fc.property(fc.array(whitespace, { minLength: 2, maxLength: 2 }), ([before, after]) => {
        const padded = Object.fromEntries(
          Object.entries(aCall()).map(([key, value]) => [key, `${before}${String(value)}${after}`]),
        );
        expect(mapToReport(padded)).toEqual(clean);
      }),
    );
  });
});
