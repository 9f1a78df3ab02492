/** Walks adapters/<source>/fixtures/ and checks every raw record's mapping against its `<name>.expected.json`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type {
  BuiltinAdapter,
  ClearReport,
  FieldError,
  MapContext,
  MapResult,
  SourceAdapter,
} from '../../../adapters/engine/adapter.js';
import { createAjv, describeAjvErrors, validateAgainst } from '../../../functions/ingest/validate.js';

/** The format of `<name>.expected.json`; documented in adapters/README.md. */
interface ExpectedMapping {
  description: string;
  context?: MapContext;
  ok: boolean;
  report?: Record<string, unknown>;
  warnings?: ExpectedProblem[];
  errors?: ExpectedProblem[];
}

interface ExpectedProblem {
  path: string;
  messageIncludes?: string;
}

interface Fixture {
  name: string;
  rawFile: string;
  expected: ExpectedMapping;
}

const adaptersRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../adapters');
const defaultContext: MapContext = { receivedAt: '2024-03-06T12:00:00+08:00' };
const EXPECTED_SUFFIX = '.expected.json';

const sourceFolders = readdirSync(adaptersRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(adaptersRoot, entry.name, 'fixtures')))
  .map((entry) => entry.name);

describe('adapter fixtures', () => {
  it('finds at least one source folder with fixtures', () => {
    expect(sourceFolders.length).toBeGreaterThan(0);
  });
});

for (const folder of sourceFolders) {
  const adapter = await loadAdapter(folder);
  const sourceSchema = readJsonIfPresent(join(adaptersRoot, folder, 'source.schema.json'));
  const validateSource = sourceSchema ? createAjv().compile(withoutId(sourceSchema)) : undefined;
  const fixturesDir = join(adaptersRoot, folder, 'fixtures');

  describe(`${folder} fixtures`, () => {
    it('gives every raw record an expected file and every expected file a raw record', () => {
      expect(unpairedFixtureFiles(fixturesDir)).toEqual([]);
    });

    for (const fixture of loadFixtures(fixturesDir)) {
      describe(`${fixture.name}: ${fixture.expected.description}`, () => {
        const raw = readRaw(fixture.rawFile);
        const result = adapter.map(raw, fixture.expected.context ?? defaultContext);

        it(fixture.expected.ok ? 'maps the record' : 'rejects the record', () => {
          expect(result.ok, describeProblems(result)).toBe(fixture.expected.ok);
        });

        it('reports exactly the expected warnings', () => {
          expectProblems(result.warnings, fixture.expected.warnings ?? []);
        });

        if (!fixture.expected.ok) {
          it('reports exactly the expected errors, each with a path', () => {
            expectProblems(result.ok ? [] : result.errors, fixture.expected.errors ?? []);
          });
          return;
        }

        if (validateSource && isJsonFile(fixture.rawFile)) {
          it('accepts the raw record under source.schema.json', () => {
            const errors = validateSource(raw) ? [] : describeAjvErrors(validateSource.errors, 'accept');
            expect(errors).toEqual([]);
          });
        }

        it('produces a report valid under the canonical Report schema', () => {
          expect(result.ok && validateAgainst('report', withoutClearValues(result.report))).toEqual([]);
        });

        for (const [field, expectedValue] of Object.entries(fixture.expected.report ?? {})) {
          it(`maps ${field}`, () => {
            const actual = result.ok
              ? (result.report as unknown as Record<string, unknown>)[field]
              : undefined;
            expect(mismatchesOf(actual, expectedValue, field)).toEqual([]);
          });
        }
      });
    }
  });
}

async function loadAdapter(folder: string): Promise<BuiltinAdapter> {
  const manifest = readJsonIfPresent(join(adaptersRoot, folder, 'adapter.json')) as
    | { sourceId?: string }
    | undefined;
  const module = (await import(pathToFileURL(join(adaptersRoot, folder, 'index.ts')).href)) as Record<
    string,
    unknown
  >;
  const adapters = Object.values(module).filter(isSourceAdapter);
  const adapter =
    adapters.find((a) => a.sourceId === manifest?.sourceId) ??
    (adapters.length === 1 ? adapters[0] : undefined);
  if (!adapter) {
    throw new Error(
      `adapters/${folder}/index.ts exports ${adapters.length} SourceAdapters and none with sourceId ` +
        `"${manifest?.sourceId}"; export exactly one, or one matching adapter.json`,
    );
  }
  if (adapter.kind !== 'builtin') throw new Error(`adapters/${folder} is not a built-in adapter`);
  return adapter as BuiltinAdapter;
}

function isSourceAdapter(value: unknown): value is SourceAdapter {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SourceAdapter).map === 'function' &&
    typeof (value as SourceAdapter).sourceId === 'string'
  );
}

/** Every `<name>.expected.json` with its raw record `<name>.<ext>` (JSON preferred). */
function loadFixtures(dir: string): Fixture[] {
  const files = readdirSync(dir);
  return files
    .filter((file) => file.endsWith(EXPECTED_SUFFIX))
    .sort()
    .flatMap((file) => {
      const name = file.slice(0, -EXPECTED_SUFFIX.length);
      const rawFile = rawFileOf(files, name);
      if (!rawFile) return [];
      return [{ name, rawFile: join(dir, rawFile), expected: readJson(join(dir, file)) as ExpectedMapping }];
    });
}

function rawFileOf(files: string[], name: string): string | undefined {
  if (files.includes(`${name}.json`)) return `${name}.json`;
  return files.find((file) => file.startsWith(`${name}.`) && !file.endsWith(EXPECTED_SUFFIX));
}

function unpairedFixtureFiles(dir: string): string[] {
  const files = readdirSync(dir).filter((file) => !file.startsWith('.'));
  const expectedNames = new Set(
    files.filter((f) => f.endsWith(EXPECTED_SUFFIX)).map((f) => f.slice(0, -EXPECTED_SUFFIX.length)),
  );
  const rawNames = new Set(
    files.filter((f) => !f.endsWith(EXPECTED_SUFFIX)).map((f) => f.replace(/\.[^.]+$/, '')),
  );
  return [
    ...[...rawNames].filter((n) => !expectedNames.has(n)).map((n) => `${n}: no ${n}${EXPECTED_SUFFIX}`),
    ...[...expectedNames].filter((n) => !rawNames.has(n)).map((n) => `${n}: no raw record next to it`),
  ];
}

/** JSON raw records are parsed; any other raw file (a CSV line, GB18030 bytes) is passed as its bytes. */
function readRaw(file: string): unknown {
  return isJsonFile(file) ? readJson(file) : readFileSync(file);
}

function isJsonFile(file: string): boolean {
  return file.endsWith('.json');
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function readJsonIfPresent(file: string): Record<string, unknown> | undefined {
  return existsSync(file) ? (readJson(file) as Record<string, unknown>) : undefined;
}

function withoutId(schema: Record<string, unknown>): Record<string, unknown> {
  const { $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Differences between an actual value and the expected one, as `path: expected …, got …` lines. Objects match when
 * every expected key matches (extra actual keys are fine); `null` expects the key to be absent; arrays must have the
 * same length and match element by element; anything else must be equal.
 */
function mismatchesOf(actual: unknown, expected: unknown, path: string): string[] {
  if (expected === null) return actual === undefined ? [] : [`${path}: expected absent, got ${show(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`];
    }
    return expected.flatMap((item, i) => mismatchesOf(actual[i], item, `${path}[${i}]`));
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${show(actual)}`];
    }
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).flatMap(([key, value]) =>
      mismatchesOf(record[key], value, `${path}.${key}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

/** The same problems by path (order free), each message containing the expected fragment. */
function expectProblems(actual: FieldError[], expected: ExpectedProblem[]): void {
  expect(actual.map((p) => p.path).sort(), describeList(actual)).toEqual(expected.map((p) => p.path).sort());
  for (const want of expected) {
    if (want.messageIncludes === undefined) continue;
    const messages = actual.filter((p) => p.path === want.path).map((p) => p.message);
    expect(
      messages.some((m) => m.includes(want.messageIncludes ?? '')),
      `${want.path}: ${JSON.stringify(messages)}`,
    ).toBe(true);
  }
}

/** The report as protection would leave it for validation: the clear `value` of resident IDs and phones removed. */
function withoutClearValues(report: ClearReport): unknown {
  return {
    ...report,
    parties: report.parties.map(({ residentId, phones, ...party }) => ({
      ...party,
      ...(residentId ? { residentId: withoutValue(residentId) } : {}),
      ...(phones ? { phones: phones.map(withoutValue) } : {}),
    })),
  };
}

function withoutValue<T extends { value?: string }>({ value: _value, ...rest }: T): Omit<T, 'value'> {
  return rest;
}

function describeProblems(result: MapResult): string {
  return describeList(result.ok ? result.warnings : [...result.errors, ...result.warnings]);
}

function describeList(problems: FieldError[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
