import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aWorkOrder } from '../support/builders.js';
import { startTestHub, type TestHub } from '../support/local-hub.js';

// Response bodies are read loosely: each assertion states the shape it depends on.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = any;
const json = async (res: Response | Promise<Response>): Promise<Json> => (await res).json();

interface IngestAnswer {
  accepted: number;
  duplicate: number;
  rejected: number;
  results: Array<{
    status: string;
    sourceRecordId: string;
    revision: number;
    recordKey: string;
    errors?: Array<{ path: string; message: string }>;
  }>;
}

describe('record ingestion over HTTP', () => {
  let hub: TestHub;
  let sourceKey: string;

  beforeAll(async () => {
    hub = await startTestHub();
    sourceKey = await hub.createKey(['source:hotline-12345'], '12345 adapter');
  });
  afterAll(() => hub.cleanup());

  const post = (body: string, contentType = 'application/json', key = sourceKey) =>
    hub.request('/v1/sources/hotline-12345/records', {
      method: 'POST',
      key,
      body,
      headers: { 'Content-Type': contentType },
    });

  it('accepts one JSON object and processes it into a dispute and people', async () => {
    const order = aWorkOrder();
    const res = await post(JSON.stringify(order));
    expect(res.status).toBe(202);
    const answer = (await json(res)) as IngestAnswer;
    expect(answer.results).toEqual([
      expect.objectContaining({
        status: 'accepted',
        sourceRecordId: order.formId,
        revision: 1,
        recordKey: `hotline-12345/${order.formId}`,
      }),
    ]);
    await hub.settled();
    const record = await json(hub.request(`/v1/records/hotline-12345/${order.formId}`));
    expect(record.status).toBe('processed');
    expect(record.adapterVersion).toBe('1');
    expect(record.entities.dispute.id).toMatch(/^dsp_/);
    expect(record.entities.persons.length).toBeGreaterThan(0);
    const dispute = await json(hub.request(record.entities.dispute.href));
    expect(dispute.reports).toEqual([
      expect.objectContaining({ sourceId: 'hotline-12345', sourceRecordId: order.formId }),
    ]);
    expect(dispute.category.code).toBe('邻里');
  });

  it('accepts a JSON array and NDJSON, one result per record in order', async () => {
    const batch = [aWorkOrder(), aWorkOrder(), aWorkOrder()];
    const arrayAnswer = (await (await post(JSON.stringify(batch))).json()) as IngestAnswer;
    expect(arrayAnswer.results.map((r) => r.sourceRecordId)).toEqual(batch.map((o) => o.formId));
    const lines = [aWorkOrder(), aWorkOrder()];
    const ndjson = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    const ndAnswer = (await (await post(ndjson, 'application/x-ndjson')).json()) as IngestAnswer;
    expect(ndAnswer.accepted).toBe(2);
  });

  it('answers duplicate for the same content posted twice and changes nothing', async () => {
    const order = aWorkOrder();
    await post(JSON.stringify(order));
    await hub.settled();
    const before = await json(hub.request(`/v1/records/hotline-12345/${order.formId}`));
    // Same content with keys in another order is the same record.
    const reordered = Object.fromEntries(Object.entries(order).reverse());
    const answer = (await (await post(JSON.stringify(reordered))).json()) as IngestAnswer;
    expect(answer.results[0]).toMatchObject({ status: 'duplicate', revision: 1 });
    await hub.settled();
    const after = await json(hub.request(`/v1/records/hotline-12345/${order.formId}`));
    expect(after.revisions).toHaveLength(1);
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('stores changed content as a new revision of the same record, updating the same dispute', async () => {
    const order = aWorkOrder();
    await post(JSON.stringify(order));
    await hub.settled();
    const first = await json(hub.request(`/v1/records/hotline-12345/${order.formId}`));
    const closed = {
      ...order,
      formStatusName: '已办结',
      steps: [
        ...(order.steps as unknown[]),
        {
          action: '办结',
          time: '2024-03-10 16:00:00',
          fromUnit: '枫桥镇人民政府',
          toUnit: '12345中心',
          operator: '王五',
          comment: '已调解',
        },
      ],
    };
    const answer = (await (await post(JSON.stringify(closed))).json()) as IngestAnswer;
    expect(answer.results[0]).toMatchObject({ status: 'accepted', revision: 2 });
    await hub.settled();
    const second = await json(hub.request(`/v1/records/hotline-12345/${order.formId}`));
    expect(second.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(second.entities.dispute.id).toBe(first.entities.dispute.id);
    const dispute = await json(hub.request(second.entities.dispute.href));
    expect(dispute.status.code).toBe('resolved');
    expect(dispute.version).toBe(2);
  });

  it('rejects a record without its id field, keeps it in quarantine, and goes on with the batch', async () => {
    const { formId: _drop, ...noId } = aWorkOrder();
    const good = aWorkOrder();
    const answer = (await (await post(JSON.stringify([noId, good]))).json()) as IngestAnswer;
    expect(answer.results[0]).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ path: 'formId' })],
    });
    expect(answer.results[1]).toMatchObject({ status: 'accepted' });
    const quarantine = await json(hub.request('/v1/sources/hotline-12345/quarantine'));
    expect(quarantine.items.map((i: { sourceRecordId: string }) => i.sourceRecordId)).toContain(
      answer.results[0]!.sourceRecordId,
    );
    // Posting it again is a duplicate, not a second quarantined copy.
    const again = (await (await post(JSON.stringify(noId))).json()) as IngestAnswer;
    expect(again.results[0]).toMatchObject({
      status: 'duplicate',
      sourceRecordId: answer.results[0]!.sourceRecordId,
    });
  });

  it('quarantines a record the adapter cannot map and replays it once it is fixed', async () => {
    const broken = aWorkOrder({ createTime: '下周二' });
    const answer = (await (await post(JSON.stringify(broken))).json()) as IngestAnswer;
    await hub.settled();
    const record = await json(hub.request(`/v1/records/hotline-12345/${broken.formId}`));
    expect(answer.results[0]!.status === 'rejected' || record.status === 'quarantined').toBe(true);
    expect(record.status).toBe('quarantined');
    expect(record.errors).toEqual([expect.objectContaining({ path: 'createTime' })]);
    // The fix arrives as a new revision; the source also asks for a replay of what is left in quarantine.
    await post(JSON.stringify({ ...broken, createTime: '2024-03-06 10:02:00' }));
    const replay = await hub.request('/v1/sources/hotline-12345/replay', {
      method: 'POST',
      key: sourceKey,
      json: {},
    });
    expect(replay.status).toBe(202);
    await hub.settled();
    const fixed = await json(hub.request(`/v1/records/hotline-12345/${broken.formId}`));
    expect(fixed.status).toBe('processed');
  });

  it('shows the source with counts by processing status', async () => {
    await hub.settled();
    const source = await json(hub.request('/v1/sources/hotline-12345', { key: sourceKey }));
    expect(source).toMatchObject({
      id: 'hotline-12345',
      kind: 'builtin',
      adapterVersion: '1',
      settled: true,
    });
    expect(source.records.processed).toBeGreaterThan(5);
    expect(source.records.received + source.records.processing).toBe(0);
    expect(source.records.total).toBe(
      source.records.received +
        source.records.processing +
        source.records.processed +
        source.records.quarantined,
    );
  });

  it('masks resident IDs and phones in the raw record unless the key holds pii', async () => {
    const order = aWorkOrder({ cusIdCard: '330681198203150011', cusPhone: '13812345678' });
    await post(JSON.stringify(order));
    const reader = await hub.createKey(['reader']);
    const piiReader = await hub.createKey(['reader', 'pii']);
    const masked = await json(hub.request(`/v1/records/hotline-12345/${order.formId}`, { key: reader }));
    expect(masked.raw.cusIdCard).toBe('330681********0011');
    expect(masked.raw.cusPhone).toBe('138****5678');
    expect(JSON.stringify(masked)).not.toContain('13812345678');
    const clear = await json(hub.request(`/v1/records/hotline-12345/${order.formId}`, { key: piiReader }));
    expect(clear.raw.cusIdCard).toBe('330681198203150011');
  });

  describe('errors', () => {
    it('rejects malformed JSON with 400 and stores nothing', async () => {
      const res = await post('{"formId": "X1", ');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await json(res)).toMatchObject({ code: 'malformed-json', status: 400 });
      expect((await hub.request('/v1/records/hotline-12345/X1')).status).toBe(404);
    });

    it('rejects NDJSON with one bad line naming the line, and stores none of it', async () => {
      const good = aWorkOrder();
      const res = await post(`${JSON.stringify(good)}\n{oops\n`, 'application/x-ndjson');
      expect(res.status).toBe(400);
      expect((await json(res)).detail).toContain('line 2');
      expect((await hub.request(`/v1/records/hotline-12345/${good.formId}`)).status).toBe(404);
    });

    it('rejects a body over the size limit with 413', async () => {
      const small = await startTestHub({ maxBodyBytes: 2048 });
      try {
        const big = JSON.stringify(Array.from({ length: 10 }, () => aWorkOrder()));
        const res = await small.request('/v1/sources/hotline-12345/records', {
          method: 'POST',
          body: big,
          headers: { 'Content-Type': 'application/json' },
        });
        expect(res.status).toBe(413);
        expect(await json(res)).toMatchObject({ code: 'payload-too-large' });
      } finally {
        await small.cleanup();
      }
    });

    it('rejects an unknown source with 404 naming the known ones', async () => {
      const res = await hub.request('/v1/sources/no-such/records', {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(res.status).toBe(404);
      expect((await json(res)).detail).toContain('hotline-12345');
    });

    it('rejects a wrong content type with 415', async () => {
      const res = await post('formId=1', 'application/x-www-form-urlencoded');
      expect(res.status).toBe(415);
    });
  });

  describe('scopes', () => {
    it('rejects requests without a key or with an unknown key', async () => {
      expect((await fetch(`${hub.url}/v1/sources`)).status).toBe(401);
      expect((await hub.request('/v1/sources', { key: 'qiao_not_a_real_key' })).status).toBe(401);
    });

    it('does not let a source key ingest into another source or mint keys', async () => {
      const otherKey = await hub.createKey(['source:hotline-12345']);
      const res = await hub.request('/v1/sources/petition/records', {
        method: 'POST',
        key: otherKey,
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(res.status).toBe(403);
      const mint = await hub.request('/v1/api-keys', {
        method: 'POST',
        key: otherKey,
        json: { name: 'x', scopes: ['admin'] },
      });
      expect(mint.status).toBe(403);
    });

    it('does not let a reader ingest, nor a source key read entities', async () => {
      const reader = await hub.createKey(['reader']);
      expect((await post(JSON.stringify(aWorkOrder()), 'application/json', reader)).status).toBe(403);
      expect((await hub.request('/v1/disputes/dsp_X', { key: sourceKey })).status).toBe(403);
    });

    it('rejects a key request with an unknown scope, naming the field', async () => {
      const res = await hub.request('/v1/api-keys', {
        method: 'POST',
        json: { name: 'x', scopes: ['superuser'] },
      });
      expect(res.status).toBe(400);
      expect((await json(res)).errors[0].path).toBe('scopes.0');
    });
  });

  it('serves the canonical schemas', async () => {
    const list = await json(fetch(`${hub.url}/v1/schemas`));
    expect(list.items.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['person', 'dispute', 'report', 'cloudevent']),
    );
    const dispute = await json(fetch(`${hub.url}/v1/schemas/dispute`));
    expect(dispute.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});
