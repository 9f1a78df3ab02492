import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localCredentials } from '../../functions/runtime/local/dynamo-local.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { HubStore } from '../../functions/store/hub-store.js';
import { aWorkOrder } from '../support/builders.js';
import { startHubProcess, waitUntilSettled } from '../support/hub-process.js';
import { testAdminKey, uniqueTableName } from '../support/local-hub.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-crash-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const postBatch = (url: string, records: unknown[]) =>
  fetch(`${url}/v1/sources/hotline-12345/records`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${testAdminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(records),
  });

describe('the local hub as a process', () => {
  it('keeps its data across a clean restart and prints the admin key only on first start', async () => {
    const env = { QIAO_DATA_DIR: tempDir() };
    const first = await startHubProcess(env);
    const adminKey = /admin API key \(shown once[^:]*\): (\S+)/.exec(first.output())?.[1];
    expect(adminKey).toMatch(/^qiao_/);
    const order = aWorkOrder();
    const res = await fetch(`${first.url}/v1/sources/hotline-12345/records`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(order),
    });
    expect(res.status).toBe(202);
    await waitUntilSettled(first.url, adminKey!, 'hotline-12345');
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped; data kept');

    const second = await startHubProcess(env);
    try {
      expect(second.output()).not.toContain('shown once');
      const record = await fetch(`${second.url}/v1/records/hotline-12345/${order.formId}`, {
        headers: { Authorization: `Bearer ${adminKey}` },
      });
      expect(record.status).toBe(200);
      expect(await record.json()).toMatchObject({ status: 'processed', latestRevision: 1 });
    } finally {
      second.child.kill('SIGINT');
      await second.exited;
    }
  }, 120_000);

  it('processes every accepted record exactly once after being killed with SIGKILL mid bulk ingest', async () => {
    const env = {
      QIAO_DATA_DIR: tempDir(),
      QIAO_ADMIN_KEY: testAdminKey,
      QIAO_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      QIAO_TABLE_NAME: uniqueTableName('crash'),
      QIAO_BLIND_INDEX_KEY: 'test-blind-index-key-0123456789abcdef',
    };
    const first = await startHubProcess(env);
    // Distinct callers, so the test measures recovery rather than contention on one frequent caller.
    let caller = 0;
    const aCall = () => {
      const phone = `139${String(10_000_000 + caller++).slice(-8)}`;
      return aWorkOrder({
        cusPhone: phone,
        incomingPhone: phone,
        cusName: `赵${'一二三四五六七八九十'[caller % 10]}${caller}`,
      });
    };
    const batches = Array.from({ length: 10 }, () => Array.from({ length: 24 }, aCall));
    const accepted = new Set<string>();
    let answered = 0;
    const posts = batches.map(async (batch) => {
      try {
        const res = await postBatch(first.url, batch);
        const body = (await res.json()) as { results: Array<{ status: string; sourceRecordId: string }> };
        for (const r of body.results) if (r.status === 'accepted') accepted.add(r.sourceRecordId);
        answered++;
        if (answered === 3) first.child.kill('SIGKILL');
      } catch {
        // The connection died with the hub: what was stored before the kill must still be processed.
      }
    });
    await Promise.all(posts);
    await first.exited;
    expect(accepted.size).toBeGreaterThanOrEqual(72);

    const second = await startHubProcess(env);
    try {
      // Records caught mid-processing are re-queued once 2 minutes old, on the sweep's minute: up to 3 minutes.
      await waitUntilSettled(second.url, testAdminKey, 'hotline-12345', 300_000);
      const client = createDocumentClient({
        endpoint: env.QIAO_DYNAMODB_ENDPOINT,
        region: 'local',
        credentials: localCredentials,
      });
      const store = new HubStore(client, env.QIAO_TABLE_NAME);
      // Records settle first; their events are published a moment later by the outbox publisher.
      for (let i = 0; i < 300 && (await store.outbox.listPending(1)).length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const created = new Map<string, number>();
      const createdDisputes = new Map<string, number>();
      let position = 0;
      for (;;) {
        const page = await store.outbox.readLog(position, 500);
        if (page.length === 0) break;
        for (const { position: p, event } of page) {
          position = p;
          if (event.type !== 'qiao.dispute.created') continue;
          const trigger = (event.data as { trigger: { sourceRecordId: string } }).trigger.sourceRecordId;
          created.set(trigger, (created.get(trigger) ?? 0) + 1);
          createdDisputes.set(event.subject, (createdDisputes.get(event.subject) ?? 0) + 1);
        }
      }
      for (const id of accepted) {
        const state = await store.records.get('hotline-12345', id);
        expect(state, id).toMatchObject({ status: 'processed', latestRevision: 1, finishedRevision: 1 });
        // A record creates at most one dispute however often it was retried, and its dispute was created once.
        expect(created.get(id) ?? 0, `dispute.created events triggered by ${id}`).toBeLessThanOrEqual(1);
        expect(createdDisputes.get(state!.entities!.disputeId!), `creations of ${id}'s dispute`).toBe(1);
      }
      const everything = await store.records.countByStatus('hotline-12345');
      expect(everything.received + everything.processing).toBe(0);
      client.destroy();
    } finally {
      second.child.kill('SIGINT');
      await second.exited;
    }
  }, 420_000);
});
