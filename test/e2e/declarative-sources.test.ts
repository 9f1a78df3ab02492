import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, testAdminKey } from '../support/local-hub.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; each assertion states its shape
type Json = any;
const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const febrlMapping = readFileSync(join(root, 'adapters/febrl/mapping.jsonata'), 'utf8');
const febrlCsv = join(root, '../shared/benchmarks/febrl/dataset4a.csv');

const definition = (id: string, mapping = febrlMapping) => ({
  id,
  displayName: 'FEBRL people',
  idField: 'rec_id',
  mapping,
});

describe('declarative sources', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.cleanup());

  const json = async (path: string, init?: Parameters<TestHub['request']>[1]): Promise<Json> =>
    (await hub.request(path, init)).json();

  it('registers a source with a JSONata mapping and lists it beside the built-ins', async () => {
    const res = await hub.request('/v1/sources', { method: 'POST', json: definition('febrl-a') });
    expect(res.status).toBe(201);
    expect((await res.json()) as Json).toMatchObject({
      id: 'febrl-a',
      kind: 'declarative',
      adapterVersion: '1',
    });
    const list = await json('/v1/sources');
    expect(list.items.map((s: { id: string; kind: string }) => `${s.id}:${s.kind}`)).toEqual(
      expect.arrayContaining(['hotline-12345:builtin', 'febrl-a:declarative']),
    );
  });

  it('rejects a mapping that does not compile, naming the position', async () => {
    const res = await hub.request('/v1/sources', {
      method: 'POST',
      json: definition('broken', '{ "narrative": rec_id & }'),
    });
    expect(res.status).toBe(400);
    const problem: Json = await res.json();
    expect(problem.code).toBe('invalid-mapping');
    expect(problem.detail).toMatch(/position \d+/);
    expect(problem.errors[0].path).toBe('mapping');
    expect((await hub.request('/v1/sources/broken')).status).toBe(404);
  });

  it('dry-runs sample records: canonical output, errors with paths, and the rule behind each field, storing nothing', async () => {
    const answer = await json('/v1/sources/febrl-a/dry-run', {
      method: 'POST',
      json: {
        records: [
          {
            rec_id: 'rec-1-org',
            given_name: 'michaela',
            surname: 'neumann',
            date_of_birth: '19151111',
            soc_sec_id: '8091218',
          },
          { given_name: 'no id' },
        ],
      },
    });
    expect(answer.results[0]).toMatchObject({ ok: true, sourceRecordId: 'rec-1-org' });
    expect(answer.results[0].report.parties[0]).toMatchObject({
      name: { normalised: 'michaela neumann' },
      birthDate: '1915-11-11',
    });
    expect(answer.results[0].report.parties[0].otherIds[0]).toEqual({
      scheme: 'febrl-soc-sec-id',
      masked: '****218',
    });
    expect(answer.results[0].producedBy.parties).toMatch(/^mapping v1 at \d+: "parties"/);
    expect(answer.results[1].ok).toBe(false);
    expect(answer.results[1].errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'rec_id' })]),
    );
    expect((await hub.request('/v1/records/febrl-a/rec-1-org')).status).toBe(404);
  });

  it('keeps processed records on their version, replays with the new one, and rolls back in one call', async () => {
    const csv = 'rec_id,given_name,surname\nrec-7-org,anna,smith\n';
    const ingest = await hub.request('/v1/sources/febrl-a/records', {
      method: 'POST',
      body: csv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(((await ingest.json()) as Json).accepted).toBe(1);
    await hub.settled();
    expect(await json('/v1/records/febrl-a/rec-7-org')).toMatchObject({
      status: 'processed',
      adapterVersion: '1',
    });

    const v2 = febrlMapping.replace('"FEBRL person record "', '"FEBRL v2 record "');
    const added = await hub.request('/v1/sources/febrl-a/versions', {
      method: 'POST',
      json: { mapping: v2, note: 'new narrative' },
    });
    expect((await added.json()) as Json).toMatchObject({ adapterVersion: '2', latestVersion: '2' });
    await hub.settled();
    const untouched = await json('/v1/records/febrl-a/rec-7-org');
    expect(untouched).toMatchObject({ adapterVersion: '1' });
    expect(untouched.report.narrative).toContain('FEBRL person record');

    await hub.request('/v1/sources/febrl-a/replay', { method: 'POST', json: { status: 'processed' } });
    await hub.settled();
    const replayed = await json('/v1/records/febrl-a/rec-7-org');
    expect(replayed).toMatchObject({ adapterVersion: '2', latestRevision: 1 });
    expect(replayed.report.narrative).toContain('FEBRL v2 record');

    const rolledBack = await hub.request('/v1/sources/febrl-a/activate', {
      method: 'POST',
      json: { version: 1 },
    });
    expect((await rolledBack.json()) as Json).toMatchObject({ adapterVersion: '1', latestVersion: '2' });
  });

  it('ingests CSV exported in GB18030, detecting the charset', async () => {
    await hub.request('/v1/sources', { method: 'POST', json: definition('febrl-gbk') });
    const gbk = Buffer.concat([
      Buffer.from('rec_id,given_name,surname\nrec-9-org,', 'ascii'),
      Buffer.from([0xd5, 0xc5]), // 张 in GB18030
      Buffer.from(',wei\n', 'ascii'),
    ]);
    const res = await hub.request('/v1/sources/febrl-gbk/records', {
      method: 'POST',
      body: gbk,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(((await res.json()) as Json).accepted).toBe(1);
    const record = await json('/v1/records/febrl-gbk/rec-9-org');
    expect(record.raw.given_name).toBe('张');
  });

  it('ingests a FEBRL file with the qiao CLI, resumably and without duplicating anything', async () => {
    await hub.request('/v1/sources', { method: 'POST', json: definition('febrl-cli') });
    const dir = mkdtempSync(join(tmpdir(), 'qiao-cli-'));
    const file = join(dir, 'people.csv');
    writeFileSync(file, readFileSync(febrlCsv, 'utf8').split('\n').slice(0, 121).join('\n'));
    const env = { ...process.env, QIAO_URL: hub.url, QIAO_KEY: testAdminKey };
    // A previous run that stopped after 50 records left its progress file behind.
    const { size, mtimeMs } = await import('node:fs').then((fs) => fs.statSync(file));
    writeFileSync(
      `${file}.qiao-progress.json`,
      JSON.stringify({
        file,
        size,
        mtimeMs,
        sourceId: 'febrl-cli',
        done: 50,
        tally: { accepted: 50, duplicate: 0, rejected: 0 },
      }),
    );
    await run(
      process.execPath,
      [join(root, 'bin/qiao.js'), 'ingest', 'febrl-cli', file, '--batch', '40', '--quiet'],
      { env, cwd: root },
    );
    const source = await json('/v1/sources/febrl-cli');
    expect(source.records.total).toBe(70); // only the 70 records after the resume point were sent
    const again = await run(
      process.execPath,
      [join(root, 'bin/qiao.js'), 'ingest', 'febrl-cli', file, '--batch', '40'],
      { env, cwd: root },
    );
    expect(again.stdout).toContain('120 records: 50 accepted, 70 duplicate, 0 rejected');
    expect((await json('/v1/sources/febrl-cli')).records.total).toBe(120);
  }, 60_000);
});
