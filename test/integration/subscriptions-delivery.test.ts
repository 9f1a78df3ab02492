// Push delivery against DynamoDB Local with a controllable clock and a scripted webhook receiver: ordering, retries
// over a day, dead letters, 410, redrive, replay and log holes, without waiting in real time.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { describe, expect, inject, it } from 'vitest';
import type { Principal, Scope } from '../../functions/access/api-keys.js';
import { buildEvent, type EventType } from '../../functions/events/cloudevent.js';
import {
  deliverMessages,
  parseDeliveryMessage,
  runDelivery,
  wakeDueSubscriptions,
} from '../../functions/events/delivery.js';
import { createDeliveryPolicy, type DeliveryPolicyOptions } from '../../functions/events/delivery-policy.js';
import {
  createSubscription,
  positionBefore,
  redriveDeadLetters,
  startReplay,
  updateSubscription,
} from '../../functions/events/manage-subscriptions.js';
import { parseAllowlist } from '../../functions/events/ssrf-guard.js';
import { readFeed } from '../../functions/events/subscription-feed.js';
import type { Subscription } from '../../functions/events/subscriptions.js';
import type { DeliveryDeps } from '../../functions/runtime/deps.js';
import { localCredentials } from '../../functions/runtime/local/dynamo-local.js';
import type { WebhookRequest } from '../../functions/runtime/ports.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { keys } from '../../functions/store/keys.js';
import { ConcurrentChangeError } from '../../functions/store/unit-of-work.js';
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import { createTestDeps, type TestDeps } from '../support/hub-deps.js';

const hour = 3600_000;

interface Received {
  url: string;
  event: QiaoCloudEvent;
  headers: Record<string, string>;
  body: string;
  at: Date;
}

interface Harness {
  deps: TestDeps & { delivery: DeliveryDeps };
  received: Received[];
  /** Sets the receiver's answer per request (a status, or a thrown network error). */
  answer(fn: (request: WebhookRequest, event: QiaoCloudEvent) => number): void;
  rules: Array<{ id: string; status: string }>;
  advance(ms: number): void;
  at(iso: string): void;
  publish(...events: QiaoCloudEvent[]): Promise<void>;
  subscribe(
    input?: Partial<Parameters<typeof createSubscription>[2]>,
    scopes?: Scope[],
  ): Promise<Subscription>;
  /** Runs delivery until it is caught up. */
  deliver(subscription: Subscription): ReturnType<typeof runDelivery>;
  event(overrides?: Partial<EventOverrides>): QiaoCloudEvent;
}

interface EventOverrides {
  type: EventType;
  subject: string;
  sequence: number;
  divisionCode: string;
}

async function harness(policy: Partial<DeliveryPolicyOptions> = {}): Promise<Harness> {
  const base = await createTestDeps();
  const received: Received[] = [];
  const rules: Array<{ id: string; status: string }> = [];
  let answer = (_r: WebhookRequest, _e: QiaoCloudEvent) => 200;
  const delivery: DeliveryDeps = {
    rules: {
      put: async (s) => void rules.push({ id: s.id, status: s.status }),
      remove: async (id) => void rules.push({ id, status: 'removed' }),
    },
    wakeups: { wake: async () => {} },
    webhooks: {
      send: async (request) => {
        const event = JSON.parse(request.body) as QiaoCloudEvent;
        received.push({
          url: request.url,
          event,
          headers: request.headers,
          body: request.body,
          at: deps.clock.now(),
        });
        return { status: answer(request, event), body: 'receiver says no' };
      },
    },
    resolver: { resolve: async () => ['93.184.216.34'] },
    allowlist: parseAllowlist([]),
    policy: createDeliveryPolicy(policy),
    webhookTimeoutMs: 1000,
    random: () => 0.5,
  };
  const deps = Object.assign(base, { delivery });
  let now = new Date('2024-03-06T03:00:00Z');
  const setNow = (d: Date) => {
    now = d;
    base.setNow(d.toISOString());
  };
  setNow(now);
  const owner = (scopes: Scope[]): Principal => ({
    keyId: 'key_owner',
    name: 'owner',
    scopes: new Set(scopes),
  });
  let counter = 0;
  return {
    deps,
    received,
    rules,
    answer: (fn) => {
      answer = fn;
    },
    advance: (ms) => setNow(new Date(now.getTime() + ms)),
    at: (iso) => setNow(new Date(iso)),
    publish: async (...events) => void (await deps.store.outbox.append(events)),
    subscribe: async (input = {}, scopes = ['subscriber']) =>
      (
        await createSubscription(deps, owner(scopes), {
          name: 'dashboard',
          pattern: { type: [{ prefix: 'qiao.' }] },
          payload: 'full',
          target: { kind: 'webhook', url: `https://receiver.example/hooks/${counter++}` },
          ...input,
        })
      ).subscription,
    deliver: async (subscription) => {
      for (;;) {
        const run = await runDelivery(deps, subscription.id);
        if (run.caughtUp) return run;
      }
    },
    event: (o = {}) => {
      const subject = o.subject ?? 'dsp_A';
      const divisionCode = o.divisionCode ?? '330681109290';
      return buildEvent({
        type: o.type ?? 'qiao.dispute.created',
        subject,
        sequence: o.sequence ?? 1,
        time: now,
        source: 'urn:qiao:hub:test',
        dataSchema: 'dispute-changed',
        divisionCode,
        data: {
          dispute: {
            id: subject,
            location: { divisionCode },
            summary: '来电人张先生（13857845678）反映邻居占道',
            reports: [{ sourceId: 'hotline-12345', sourceRecordId: `F${subject}` }],
            parties: [{ personId: 'per_1', role: 'reporter', phones: [{ masked: '138****5678' }] }],
          },
          trigger: { sourceId: 'hotline-12345', sourceRecordId: `F${subject}`, revision: 1 },
        },
      });
    },
  };
}

/** What a publisher does first: reserve a log position (it then writes the entry, or crashes before). */
async function reservePosition(deps: TestDeps): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: deps.store.tableName,
      Key: keys.eventLogCounter,
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'last' },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}

async function writeEntry(deps: TestDeps, position: number, event: QiaoCloudEvent): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: deps.store.tableName,
      Item: { ...keys.eventLogEntry(position), event: JSON.stringify(event), loggedAt: event.time },
    }),
  );
}

const documentClient = () =>
  createDocumentClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'local',
    credentials: localCredentials,
  });

const ids = (received: Received[]) => received.map((r) => `${r.event.subject}#${Number(r.event.sequence)}`);

describe('push delivery', () => {
  it('delivers matching events in log order, signed so a Standard Webhooks library verifies them', async () => {
    const h = await harness();
    h.at(new Date().toISOString()); // the library checks the timestamp against its own clock
    const { subscription, secret } = await createSubscription(
      h.deps,
      { keyId: 'key_owner', name: 'owner', scopes: new Set(['subscriber']) },
      {
        name: 'disputes',
        pattern: { type: ['qiao.dispute.created', 'qiao.dispute.updated'] },
        payload: 'full',
        target: { kind: 'webhook', url: 'https://receiver.example/hook' },
      },
    );
    await h.publish(
      h.event({ subject: 'dsp_A' }),
      h.event({ subject: 'per_1', type: 'qiao.person.created' }),
      h.event({ subject: 'dsp_A', type: 'qiao.dispute.updated', sequence: 2 }),
    );
    const run = await h.deliver(subscription);
    expect(run).toMatchObject({ delivered: 2, failed: 0, caughtUp: true });
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_A#2']);
    const [first] = h.received;
    expect(first!.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(first!.headers['webhook-id']).toBe(first!.event.id);
    expect(new Webhook(secret!).verify(first!.body, first!.headers)).toEqual(JSON.parse(first!.body));

    await h.deliver(subscription);
    expect(h.received).toHaveLength(2);
  });

  it('masks personal data without the pii scope, narrows to a region and reduces id-only payloads to ids', async () => {
    const h = await harness();
    const masked = await h.subscribe();
    const clear = await h.subscribe({}, ['subscriber', 'pii']);
    const township = await h.subscribe({ region: '330681109' });
    const elsewhere = await h.subscribe({ region: '330682' });
    const idOnly = await h.subscribe({ payload: 'id-only' });
    await h.publish(h.event());
    for (const s of [masked, clear, township, elsewhere, idOnly]) await h.deliver(s);

    const byUrl = (s: Subscription) =>
      h.received.filter((r) => s.target.kind === 'webhook' && r.url === s.target.url);
    expect(byUrl(masked)[0]!.body).toContain('138****5678');
    expect(byUrl(masked)[0]!.body).not.toContain('13857845678');
    expect(byUrl(clear)[0]!.body).toContain('13857845678');
    expect(byUrl(township)).toHaveLength(1);
    expect(byUrl(elsewhere)).toHaveLength(0);
    const [idEvent] = byUrl(idOnly);
    expect(idEvent!.event.data).toEqual({
      dispute: {
        id: 'dsp_A',
        reports: [{ sourceId: 'hotline-12345', sourceRecordId: 'Fdsp_A' }],
        parties: [{ personId: 'per_1' }],
      },
      trigger: { sourceId: 'hotline-12345', sourceRecordId: 'Fdsp_A' },
    });
    expect(idEvent!.event).not.toHaveProperty('dataschema');
    expect(idEvent!.event.sequence).toBe('000000000001');
  });

  it('keeps per-entity order: a later event of a subject waits behind its retrying predecessor; others pass', async () => {
    const h = await harness();
    const subscription = await h.subscribe();
    let failures = 2;
    h.answer((_r, e) =>
      e.subject === 'dsp_A' && e.sequence === '000000000001' && failures-- > 0 ? 503 : 200,
    );
    await h.publish(
      h.event({ subject: 'dsp_A' }),
      h.event({ subject: 'dsp_B' }),
      h.event({ subject: 'dsp_A', type: 'qiao.dispute.updated', sequence: 2 }),
      h.event({ subject: 'dsp_B', type: 'qiao.dispute.updated', sequence: 2 }),
    );
    const first = await h.deliver(subscription);
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_B#1', 'dsp_B#2']);
    expect(first.wakeAt).toBeDefined();

    h.at(first.wakeAt!.toISOString());
    const second = await h.deliver(subscription);
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_B#1', 'dsp_B#2', 'dsp_A#1']);
    h.at(second.wakeAt!.toISOString());
    const third = await h.deliver(subscription);
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_B#1', 'dsp_B#2', 'dsp_A#1', 'dsp_A#1', 'dsp_A#2']);
    expect(third.wakeAt).toBeUndefined();
    // Every attempt at the same event carries the same webhook-id, so the receiver can de-duplicate.
    const attemptsAtA1 = h.received.filter(
      (r) => r.event.subject === 'dsp_A' && r.event.sequence.endsWith('1'),
    );
    expect(new Set(attemptsAtA1.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('retries with growing delays for at least 24 hours, then dead-letters, never holding up another subscriber', async () => {
    const h = await harness();
    const failing = await h.subscribe();
    const healthy = await h.subscribe();
    h.answer((r) => (failing.target.kind === 'webhook' && r.url === failing.target.url ? 500 : 200));
    await h.publish(h.event());
    await h.deliver(healthy);
    expect(h.received.filter((r) => r.url !== (failing.target as { url: string }).url)).toHaveLength(1);

    for (let run = await h.deliver(failing); run.wakeAt; run = await h.deliver(failing)) {
      h.at(run.wakeAt.toISOString());
    }
    const attempts = h.received.filter((r) => r.url === (failing.target as { url: string }).url);
    const times = attempts.map((r) => r.at.getTime());
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(24 * hour);
    expect(attempts.length).toBeGreaterThanOrEqual(10);
    expect(gaps[0]).toBe(5_000);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4 * hour);

    const dead = await h.deps.store.subscriptions.listDeadLetters(failing.id, { limit: 10 });
    expect(dead.items).toEqual([
      expect.objectContaining({
        attempts: attempts.length,
        lastError: expect.objectContaining({
          status: 500,
          message: 'the endpoint answered 500: receiver says no',
        }),
        reason: expect.stringMatching(/^gave up after \d+ attempts over 2\d\.\d h$/),
      }),
    ]);
    const state = await h.deps.store.subscriptions.loadDelivery(failing.id);
    expect(state!.state.pending).toEqual([]);
    expect(state!.state.cursor.wakeAt).toBeUndefined();
  });

  it('disables the subscription on 410 Gone and delivers what waited once it is enabled again', async () => {
    const h = await harness();
    const subscription = await h.subscribe();
    h.answer(() => 410);
    await h.publish(h.event({ subject: 'dsp_A' }), h.event({ subject: 'dsp_B' }));
    const run = await h.deliver(subscription);
    expect(run).toMatchObject({ idle: true, delivered: 0, failed: 1 });
    const disabled = (await h.deps.store.subscriptions.get(subscription.id))!;
    expect(disabled).toMatchObject({
      status: 'disabled',
      disabledReason: expect.stringContaining('410 Gone'),
    });
    expect(h.rules.at(-1)).toEqual({ id: subscription.id, status: 'disabled' });
    expect((await h.deliver(disabled)).idle).toBe(true);
    expect(h.received).toHaveLength(1);

    h.answer(() => 204);
    const enabled = await updateSubscription(h.deps, disabled, { status: 'active' });
    expect(enabled.disabledReason).toBeUndefined();
    await h.deliver(enabled);
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_A#1', 'dsp_B#1']);
  });

  it('redrives dead letters, in order, once the receiver is fixed', async () => {
    const h = await harness({ retryWindowMs: 0 });
    const subscription = await h.subscribe();
    h.answer(() => 500);
    await h.publish(h.event({ subject: 'dsp_A' }), h.event({ subject: 'dsp_B' }));
    await h.deliver(subscription);
    const dead = await h.deps.store.subscriptions.listDeadLetters(subscription.id, { limit: 10 });
    expect(dead.items.map((d) => d.event.subject)).toEqual(['dsp_A', 'dsp_B']);

    h.answer(() => 200);
    expect(await redriveDeadLetters(h.deps, subscription, [dead.items[1]!.position])).toBe(1);
    await h.deliver(subscription);
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_B#1', 'dsp_B#1']);
    expect(await redriveDeadLetters(h.deps, subscription)).toBe(1);
    await h.deliver(subscription);
    expect(ids(h.received).slice(3)).toEqual(['dsp_A#1']);
    expect(await h.deps.store.subscriptions.countDeadLetters(subscription.id)).toBe(0);
  });

  it('replays the events of a time range from the event log', async () => {
    const h = await harness();
    h.at('2024-03-06T01:00:00Z');
    await h.publish(h.event({ subject: 'dsp_early' }));
    h.at('2024-03-06T02:00:00Z');
    await h.publish(h.event({ subject: 'dsp_A' }), h.event({ subject: 'dsp_B' }));
    h.at('2024-03-06T03:00:00Z');
    await h.publish(h.event({ subject: 'dsp_late' }));
    const subscription = await h.subscribe();
    await h.deliver(subscription);
    expect(h.received).toEqual([]);

    expect(await positionBefore(h.deps, new Date('2024-03-06T02:00:00Z'))).toBe(1);
    const started = await startReplay(h.deps, subscription, {
      from: new Date('2024-03-06T01:30:00Z'),
      to: new Date('2024-03-06T02:30:00Z'),
    });
    expect(started.kind).toBe('job');
    await h.deliver(subscription);
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_B#1']);
    expect((await h.deps.store.subscriptions.loadDelivery(subscription.id))!.state.replays).toEqual([]);
  });

  it('waits for a hole in the event log to fill, and moves past one that never does', async () => {
    const h = await harness({ gapGraceMs: 10_000 });
    const subscription = await h.subscribe();
    await h.publish(h.event({ subject: 'dsp_A' }));
    // A publisher reserved position 2 and is still writing it; position 3 is already there.
    await reservePosition(h.deps);
    await h.publish(h.event({ subject: 'dsp_C' }));
    const run = await h.deliver(subscription);
    expect(ids(h.received)).toEqual(['dsp_A#1']);
    expect(run.wakeAt!.getTime() - h.deps.clock.now().getTime()).toBe(10_000);
    await writeEntry(h.deps, 2, h.event({ subject: 'dsp_B' }));
    await h.deliver(subscription);
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_B#1', 'dsp_C#1']);

    // A publisher that crashed after reserving position 5 leaves a hole that never fills.
    await reservePosition(h.deps);
    await h.publish(h.event({ subject: 'dsp_D' }));
    await h.deliver(subscription);
    expect(h.received).toHaveLength(3);
    h.advance(10_000);
    await h.deliver(subscription);
    expect(ids(h.received).slice(3)).toEqual(['dsp_D#1']);
  });

  it('lets only one of two racing runs move the cursor (the other fails and changes nothing)', async () => {
    const h = await harness();
    const subscription = await h.subscribe();
    await h.publish(h.event());
    const results = await Promise.allSettled([
      runDelivery(h.deps, subscription.id),
      runDelivery(h.deps, subscription.id),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    for (const r of rejected)
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentChangeError);
    expect(rejected.length === 1 || h.received.length === 1).toBe(true);
    const cursor = (await h.deps.store.subscriptions.loadDelivery(subscription.id))!.state.cursor;
    expect(cursor.position).toBe(1);
  });
});

describe('delivery in AWS (the deliver function)', () => {
  it('runs the subscriptions named by queue messages once each, and wakes those whose retries fall due', async () => {
    const h = await harness();
    const woken: string[][] = [];
    h.deps.delivery.wakeups = { wake: async (ids) => void woken.push(ids) };
    const subscription = await h.subscribe();
    h.answer(() => 503);
    await h.publish(h.event());
    const message = JSON.stringify({ subscriptionId: subscription.id, eventId: 'x' });
    await deliverMessages(h.deps, [message, message], { deadline: Date.now() + 10_000 });
    expect(h.received).toHaveLength(1);

    expect(await wakeDueSubscriptions(h.deps)).toBe(0);
    h.advance(5_000);
    expect(await wakeDueSubscriptions(h.deps)).toBe(1);
    expect(woken).toEqual([[subscription.id]]);
    h.answer(() => 200);
    await deliverMessages(h.deps, [JSON.stringify({ subscriptionId: subscription.id })], {
      deadline: Date.now() + 10_000,
    });
    expect(h.received).toHaveLength(2);
    expect(await wakeDueSubscriptions(h.deps)).toBe(0);
  });

  it('stops starting attempts at the deadline and asks for another run', async () => {
    const h = await harness();
    const woken: string[][] = [];
    h.deps.delivery.wakeups = { wake: async (ids) => void woken.push(ids) };
    const subscription = await h.subscribe();
    await h.publish(h.event({ subject: 'dsp_A' }), h.event({ subject: 'dsp_B' }));
    await deliverMessages(h.deps, [JSON.stringify({ subscriptionId: subscription.id })], {
      deadline: Date.now() - 1,
    });
    expect(h.received).toEqual([]);
    expect(woken).toEqual([[subscription.id]]);
    await deliverMessages(h.deps, [JSON.stringify({ subscriptionId: subscription.id })], {
      deadline: Date.now() + 10_000,
    });
    expect(ids(h.received)).toEqual(['dsp_A#1', 'dsp_B#1']);
  });

  it('fails on a message that names no subscription', () => {
    expect(() => parseDeliveryMessage('{"eventId":"x"}')).toThrow('without a subscriptionId');
  });
});

describe('the pull feed', () => {
  it('reads matching events after a cursor, in the subscription projection, and moves past what it scanned', async () => {
    const h = await harness();
    const subscription = await h.subscribe({
      target: { kind: 'feed' },
      pattern: { type: ['qiao.person.created'] },
    });
    await h.publish(
      h.event({ subject: 'dsp_A' }),
      h.event({ subject: 'per_1', type: 'qiao.person.created' }),
      h.event({ subject: 'dsp_B' }),
    );
    const page = await readFeed(h.deps, subscription, subscription.startPosition, { limit: 10 });
    expect(page.items.map((i) => [i.position, i.event.subject])).toEqual([[2, 'per_1']]);
    expect(page.position).toBe(3);
    expect(JSON.stringify(page.items)).not.toContain('13857845678');
    expect((await readFeed(h.deps, subscription, page.position, { limit: 10 })).items).toEqual([]);
  });
});
