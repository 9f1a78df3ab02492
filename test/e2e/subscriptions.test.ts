// Subscriptions end to end: the local hub delivering to real webhook receivers on 127.0.0.1 (allowed through
// QIAO_WEBHOOK_ALLOWLIST), which verify signatures with the standardwebhooks library and parse with the CloudEvents SDK.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CloudEvent, HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aWorkOrder } from '../support/builders.js';
import { startTestHub, type TestHub, uniqueTableName } from '../support/local-hub.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; each assertion states its shape
type Json = any;

/** Quick retries so a test sees a whole retry schedule in about a second. */
const fastDelivery = {
  webhookAllowlist: ['127.0.0.1'],
  deliveryPolicy: { initialDelayMs: 50, multiplier: 2, maxDelayMs: 200, retryWindowMs: 1500, jitter: 0.1 },
  webhookTimeoutMs: 400,
  deliveryPollMs: 200,
};

type Behaviour = (attempt: number) => number | 'hang';

/** A webhook receiver: verifies every request, records each event once (by webhook-id) in arrival order. */
class Receiver {
  readonly processed: CloudEvent[] = [];
  readonly ids = new Set<string>();
  /** Every request as received, verified or not. */
  readonly raw: Array<{ body: string; headers: Record<string, string> }> = [];
  attempts = 0;
  rejectedSignatures = 0;
  secrets: string[] = [];
  private server!: Server;
  url = '';

  constructor(public behaviour: Behaviour = () => 200) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (status) => {
          if (status === 'hang') return; // never answers: the hub times out
          res.writeHead(status).end(status >= 300 ? 'not now' : '');
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  private async handle(req: IncomingMessage): Promise<number | 'hang'> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    this.raw.push({ body, headers });
    const verified = this.secrets.some((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    if (!verified) {
      this.rejectedSignatures++;
      return 401;
    }
    const outcome = this.behaviour(++this.attempts);
    if (outcome !== 200) return outcome;
    const event = HTTP.toEvent({ headers, body }) as CloudEvent;
    if (!this.ids.has(headers['webhook-id']!)) {
      this.ids.add(headers['webhook-id']!);
      this.processed.push(event);
    }
    return 200;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

async function eventually<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > until)
      throw new Error(`condition not met within ${ms} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('subscriptions over HTTP', () => {
  let hub: TestHub;
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    hub = await startTestHub(fastDelivery);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await hub.cleanup();
  });

  const receiver = async (behaviour?: Behaviour) => {
    const r = await new Receiver(behaviour).start();
    receivers.push(r);
    return r;
  };

  /** Subscribes a receiver to the events of the given work orders only (the hub is shared by the tests). */
  const subscribeTo = async (
    target: Receiver,
    orders: Array<Record<string, unknown>>,
    extra: object = {},
  ) => {
    const res = await hub.request('/v1/subscriptions', {
      method: 'POST',
      json: {
        name: 'dashboard',
        pattern: { data: { trigger: { sourceRecordId: orders.map((o) => o.formId) } } },
        webhook: { url: target.url },
        ...extra,
      },
    });
    const body: Json = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.secret).toMatch(/^whsec_/);
    target.secrets.push(body.secret);
    return body as { id: string; secret: string };
  };

  const ingest = async (orders: unknown[]) => {
    const res = await hub.request('/v1/sources/hotline-12345/records', { method: 'POST', json: orders });
    expect(res.status).toBe(202);
    await hub.settled();
  };

  const loggedEventsOf = async (orders: Array<Record<string, unknown>>) => {
    const formIds = new Set(orders.map((o) => o.formId));
    const log = await hub.deps.store.outbox.readLog(0, 10_000);
    return log
      .map((e) => e.event)
      .filter((e) =>
        formIds.has((e.data as { trigger?: { sourceRecordId?: string } }).trigger?.sourceRecordId),
      );
  };

  it('delivers every event once processed, in order per entity, to a receiver that fails three times first', async () => {
    const flaky = await receiver((attempt) => (attempt <= 3 ? 503 : 200));
    const orders = [aWorkOrder(), aWorkOrder()];
    const subscription = await subscribeTo(flaky, orders);
    await ingest(orders);
    const expected = await loggedEventsOf(orders);
    expect(expected.length).toBeGreaterThanOrEqual(4);

    await eventually(
      () => flaky.processed.length,
      (n) => n >= expected.length,
    );
    expect(flaky.attempts).toBeGreaterThan(expected.length);
    expect(flaky.rejectedSignatures).toBe(0);
    expect(flaky.processed.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());
    for (const event of flaky.processed) {
      expect(event.specversion).toBe('1.0');
      expect(event.sequence).toMatch(/^\d{12}$/);
    }
    // Per entity, events arrive in sequence order.
    const bySubject = new Map<string, string[]>();
    for (const e of flaky.processed)
      bySubject.set(e.subject!, [...(bySubject.get(e.subject!) ?? []), String(e.sequence)]);
    for (const sequences of bySubject.values()) expect(sequences).toEqual([...sequences].sort());

    const details: Json = await (await hub.request(`/v1/subscriptions/${subscription.id}`)).json();
    expect(details.delivery).toMatchObject({ pending: 0, deadLetters: 0 });
    expect(details).not.toHaveProperty('secret');
  });

  it('fills the dead letters of a failing receiver while other subscribers, even beside a hanging one, get everything', async () => {
    const failing = await receiver(() => 500);
    const hanging = await receiver(() => 'hang');
    const healthy = await receiver();
    const orders = [aWorkOrder(), aWorkOrder()];
    const dead = await subscribeTo(failing, orders);
    await subscribeTo(hanging, orders);
    await subscribeTo(healthy, orders);
    await ingest(orders);
    const expected = await loggedEventsOf(orders);

    await eventually(
      () => healthy.processed.length,
      (n) => n >= expected.length,
      5_000,
    );
    // The failing receiver is still being retried (its window is 1.5 s): the healthy one did not wait for it.
    const meanwhile: Json = await (await hub.request(`/v1/subscriptions/${dead.id}`)).json();
    expect(meanwhile.delivery.deadLetters).toBe(0);
    expect(healthy.processed.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());

    const letters: Json = await eventually(
      async () => (await hub.request(`/v1/subscriptions/${dead.id}/dead-letters`)).json(),
      (page: Json) => page.items?.length === expected.length,
    );
    expect(letters.items[0]).toMatchObject({
      attempts: expect.any(Number),
      lastError: { status: 500, message: 'the endpoint answered 500: not now' },
      event: { specversion: '1.0' },
    });
    expect(letters.items[0].attempts).toBeGreaterThan(2);
    expect(failing.processed).toEqual([]);

    failing.behaviour = () => 200;
    const redrive = await hub.request(`/v1/subscriptions/${dead.id}/dead-letters/redrive`, {
      method: 'POST',
    });
    expect(await redrive.json()).toEqual({ redriven: expected.length });
    await eventually(
      () => failing.processed.length,
      (n) => n === expected.length,
    );
    const after: Json = await (await hub.request(`/v1/subscriptions/${dead.id}/dead-letters`)).json();
    expect(after.items).toEqual([]);
  });

  it('replays a time range of the event log to a subscription', async () => {
    const target = await receiver();
    const orders = [aWorkOrder()];
    const from = new Date().toISOString();
    const subscription = await subscribeTo(target, orders);
    await ingest(orders);
    const expected = await loggedEventsOf(orders);
    await eventually(
      () => target.processed.length,
      (n) => n === expected.length,
    );

    target.ids.clear(); // the receiver lost its data and wants everything again
    target.processed.length = 0;
    const res = await hub.request(`/v1/subscriptions/${subscription.id}/replay`, {
      method: 'POST',
      json: { from },
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as Json).replay.id).toMatch(/^rpl_/);
    await eventually(
      () => target.processed.length,
      (n) => n === expected.length,
    );
    expect(target.processed.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());
  });

  it('signs with both secrets while a rotated one overlaps, then with the new one alone', async () => {
    const target = await receiver();
    const orders = [aWorkOrder(), aWorkOrder()];
    const subscription = await subscribeTo(target, orders);
    const rotate = async (overlapSeconds: number) => {
      const res = await hub.request(`/v1/subscriptions/${subscription.id}/rotate-secret`, {
        method: 'POST',
        json: { overlapSeconds },
      });
      expect(res.status).toBe(200);
      const body: Json = await res.json();
      expect(body.secret).toMatch(/^whsec_/);
      target.secrets.push(body.secret);
      return body.secret as string;
    };
    const verifies = (secret: string) =>
      target.raw.map(({ body, headers }) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });

    const second = await rotate(3600);
    await ingest([orders[0]]);
    const firstEvents = await loggedEventsOf([orders[0]!]);
    await eventually(
      () => target.processed.length,
      (n) => n === firstEvents.length,
    );
    expect(verifies(subscription.secret).every(Boolean)).toBe(true);
    expect(verifies(second).every(Boolean)).toBe(true);

    target.raw.length = 0;
    const third = await rotate(0);
    await ingest([orders[1]]);
    await eventually(
      () => target.raw.length,
      (n) => n > 0,
    );
    expect(verifies(third).every(Boolean)).toBe(true);
    expect(verifies(second).some(Boolean)).toBe(false);
    expect(verifies(subscription.secret).some(Boolean)).toBe(false);
  });

  it('rejects unsafe webhook URLs (SSRF) with problem details naming webhook.url', async () => {
    for (const url of [
      'https://10.0.0.8/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hook',
      'https://[::ffff:192.168.1.5]/hook',
      'https://[fd00::5]/hook',
      'http://example.com/hook',
      'https://user:secret@example.com/hook',
      'http://127.0.0.2/hook',
    ]) {
      const res = await hub.request('/v1/subscriptions', {
        method: 'POST',
        json: { name: 'x', pattern: { type: ['qiao.dispute.created'] }, webhook: { url } },
      });
      expect(res.status, url).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem: Json = await res.json();
      expect(problem.code).toBe('invalid-subscription');
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'webhook.url' })]);
    }
  });

  it('validates patterns with EventBridge rules, naming the failing path', async () => {
    const res = await hub.request('/v1/subscriptions', {
      method: 'POST',
      json: { name: 'x', pattern: { type: [{ prefix: 5 }] }, feed: {} },
    });
    expect(res.status).toBe(400);
    const problem: Json = await res.json();
    expect(problem.errors).toEqual([
      { path: 'pattern.type[0].prefix', message: expect.stringContaining('got 5') },
    ]);

    const two = await hub.request('/v1/subscriptions', {
      method: 'POST',
      json: {
        name: 'x',
        pattern: { type: ['qiao.dispute.created'] },
        feed: {},
        webhook: { url: 'https://a.example' },
      },
    });
    expect(((await two.json()) as Json).errors[0].message).toContain('exactly one target');

    const sqs = await hub.request('/v1/subscriptions', {
      method: 'POST',
      json: {
        name: 'x',
        pattern: { type: ['qiao.dispute.created'] },
        sqs: { queueArn: 'arn:aws:sqs:cn-north-1:123456789012:q' },
      },
    });
    expect(sqs.status).toBe(400);
    expect(((await sqs.json()) as Json).code).toBe('unsupported-target');
  });

  it('tells whether a pattern matches an event', async () => {
    const event = {
      type: 'qiao.dispute.created',
      divisioncode: '330681109290',
      data: { dispute: { category: { code: '邻里' } } },
    };
    const test = async (body: object) =>
      ((await (await hub.request('/v1/subscriptions/test', { method: 'POST', json: body })).json()) as Json)
        .matches;
    expect(await test({ pattern: { data: { dispute: { category: { code: ['邻里'] } } } }, event })).toBe(
      true,
    );
    expect(await test({ pattern: { type: [{ 'anything-but': 'qiao.dispute.created' }] }, event })).toBe(
      false,
    );
    expect(await test({ pattern: { type: [{ prefix: 'qiao.' }] }, region: '330681', event })).toBe(true);
    expect(await test({ pattern: { type: [{ prefix: 'qiao.' }] }, region: '330682', event })).toBe(false);
  });

  it('lets subscriber keys manage only their own subscriptions; admin sees all; other scopes none', async () => {
    const alice = await hub.createKey(['subscriber'], 'alice');
    const bob = await hub.createKey(['subscriber'], 'bob');
    const reader = await hub.createKey(['reader'], 'reader');
    const create = (key: string) =>
      hub.request('/v1/subscriptions', {
        method: 'POST',
        key,
        json: { name: 'mine', pattern: { type: ['qiao.risk.raised'] }, feed: {} },
      });
    const mine: Json = await (await create(alice)).json();
    expect(mine.pii).toBe(false);
    expect((await hub.request(`/v1/subscriptions/${mine.id}`, { key: bob })).status).toBe(404);
    expect((await hub.request(`/v1/subscriptions/${mine.id}`, { key: bob, method: 'DELETE' })).status).toBe(
      404,
    );
    const bobsList: Json = await (await hub.request('/v1/subscriptions', { key: bob })).json();
    expect(bobsList.items).toEqual([]);
    const adminList: Json = await (await hub.request('/v1/subscriptions')).json();
    expect(adminList.items.map((s: Json) => s.id)).toContain(mine.id);
    expect((await create(reader)).status).toBe(403);
    expect((await hub.request(`/v1/subscriptions/${mine.id}`, { key: alice, method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await hub.request(`/v1/subscriptions/${mine.id}`, { key: alice })).status).toBe(404);
  });

  it('disables the subscriptions of a key when the key is revoked', async () => {
    const minted: Json = await (
      await hub.request('/v1/api-keys', {
        method: 'POST',
        json: { name: 'leaving team', scopes: ['subscriber'] },
      })
    ).json();
    const created: Json = await (
      await hub.request('/v1/subscriptions', {
        method: 'POST',
        key: minted.key,
        json: { name: 'theirs', pattern: { type: ['qiao.dispute.created'] }, feed: {} },
      })
    ).json();
    expect((await hub.request(`/v1/api-keys/${minted.id}`, { method: 'DELETE' })).status).toBe(204);
    const after: Json = await (await hub.request(`/v1/subscriptions/${created.id}`)).json();
    expect(after).toMatchObject({
      status: 'disabled',
      disabledReason: 'the API key that owns it was revoked',
    });
  });

  it('serves a pull feed with long polling and an SSE stream that resumes with Last-Event-ID', async () => {
    const orders = [aWorkOrder(), aWorkOrder()];
    const res = await hub.request('/v1/subscriptions', {
      method: 'POST',
      json: {
        name: 'feed',
        pattern: { data: { trigger: { sourceRecordId: orders.map((o) => o.formId) } } },
        feed: {},
      },
    });
    const subscription: Json = await res.json();
    expect(subscription).not.toHaveProperty('secret');

    const waiting = hub.request(`/v1/subscriptions/${subscription.id}/feed?wait=10`);
    await new Promise((r) => setTimeout(r, 200));
    await ingest([orders[0]]);
    const page: Json = await (await waiting).json();
    expect(page.items.length).toBeGreaterThan(0);
    await ingest([orders[1]]);
    const expected = await loggedEventsOf(orders);

    const first = await readSse(hub, subscription.id, 2);
    const resumed = await readSse(hub, subscription.id, expected.length - 2, {
      'Last-Event-ID': first.at(-1)!.id,
    });
    const seen = [...first, ...resumed].map((e) => e.data.id);
    expect(seen).toEqual(expected.map((e) => e.id));
    const positions = [...first, ...resumed].map((e) => Number(e.id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const rest: Json = await (
      await hub.request(`/v1/subscriptions/${subscription.id}/feed?after=${page.cursor}`)
    ).json();
    expect(rest.items.map((i: Json) => i.event.id)).toEqual(
      expected.slice(page.items.length).map((e) => e.id),
    );
  });

  it('publishes an AsyncAPI 3.0 document of the event streams', async () => {
    const res = await fetch(`${hub.url}/asyncapi.json`);
    expect(res.status).toBe(200);
    const doc: Json = await res.json();
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels)).toEqual(['webhook', 'feed', 'stream', 'sqs']);
    expect(doc.servers.hub.host).toBe(new URL(hub.url).host);
  });
});

describe('delivery across a restart', () => {
  it('delivers what was pending when the hub stopped once it is back, from the stored state', async () => {
    const tableName = uniqueTableName('restart');
    const receiver = await new Receiver(() => 503).start();
    const options = { ...fastDelivery, tableName, deliveryPolicy: { initialDelayMs: 1000, jitter: 0 } };
    const first = await startTestHub(options);
    const order = aWorkOrder();
    const res = await first.request('/v1/subscriptions', {
      method: 'POST',
      json: {
        name: 'x',
        pattern: { data: { trigger: { sourceRecordId: [order.formId] } } },
        webhook: { url: receiver.url },
      },
    });
    receiver.secrets.push(((await res.json()) as Json).secret);
    await first.request('/v1/sources/hotline-12345/records', { method: 'POST', json: [order] });
    await first.settled();
    await eventually(
      () => receiver.attempts,
      (n) => n > 0,
    );
    await first.cleanup();

    receiver.behaviour = () => 200;
    const second = await startTestHub(options);
    try {
      const log = await second.deps.store.outbox.readLog(0, 100);
      await eventually(
        () => receiver.processed.length,
        (n) => n === log.length,
      );
      expect(receiver.processed.map((e) => e.id).sort()).toEqual(log.map((e) => e.event.id).sort());
    } finally {
      await second.cleanup();
      await receiver.stop();
    }
  });
});

interface SseEvent {
  id: string;
  data: { id: string };
}

/** Reads `count` SSE events of a subscription's stream, then disconnects. */
async function readSse(hub: TestHub, id: string, count: number, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await hub.request(`/v1/subscriptions/${id}/stream`, { headers, signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  const timeout = setTimeout(() => controller.abort(), 10_000);
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const fields = Object.fromEntries(
          buffer
            .slice(0, end)
            .split('\n')
            .filter((l) => !l.startsWith(':') && l.includes(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        );
        buffer = buffer.slice(end + 2);
        if (fields.data) events.push({ id: fields.id ?? '', data: JSON.parse(fields.data) });
      }
    }
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  return events.slice(0, count);
}
