/**
 * Subscriptions: create and manage event subscriptions (webhook, pull feed, SQS in AWS), test patterns, read a
 * subscription's feed or SSE stream, list and redrive its dead letters, replay a time range. Needs `subscriber` (or
 * `admin`); a key sees only the subscriptions it created unless it is admin.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Principal } from '../../access/api-keys.js';
import type { DeadLetter } from '../../events/delivery-state.js';
import { projectEvent } from '../../events/event-projection.js';
import {
  createSubscription,
  deleteSubscription,
  type ManageDeps,
  redriveDeadLetters,
  rotateWebhookSecret,
  type SubscriptionInput,
  startReplay,
  updateSubscription,
} from '../../events/manage-subscriptions.js';
import { type FeedPage, readFeed } from '../../events/subscription-feed.js';
import {
  eventFilter,
  regionPattern,
  type Subscription,
  UnknownSubscriptionError,
  validatePattern,
} from '../../events/subscriptions.js';
import type { DeliveryDeps, HubDeps } from '../../runtime/deps.js';
import type { LiveEvents } from '../../runtime/ports.js';
import { type AuthEnv, requireScope } from '../middleware/auth.js';
import { parseJson, parseQuery } from '../validation.js';

const name = z.string().trim().min(1).max(100);
const pattern = z.record(z.string(), z.unknown());
const region = z.string().regex(regionPattern, 'a division-code prefix: 2 to 12 digits, e.g. "330681"');
const payload = z.enum(['full', 'id-only']);
const webhook = z.object({ url: z.string().min(1).max(2048) }).strict();

export const createBody = z
  .object({
    name,
    pattern,
    region: region.optional(),
    payload: payload.default('full'),
    webhook: webhook.optional(),
    feed: z.object({}).strict().optional(),
    sqs: z
      .object({ queueArn: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const targets = (['webhook', 'feed', 'sqs'] as const).filter((t) => body[t] !== undefined);
    if (targets.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: targets.length ? [targets[1]!] : [],
        message: `give exactly one target: "webhook": {"url"}, "feed": {} or "sqs": {"queueArn"}${
          targets.length ? `; got ${targets.join(' and ')}` : ''
        }`,
      });
    }
  });

export const updateBody = z
  .object({
    name: name.optional(),
    pattern: pattern.optional(),
    region: region.nullable().optional(),
    payload: payload.optional(),
    status: z.enum(['active', 'disabled']).optional(),
    webhook: webhook.optional(),
  })
  .strict();

export const testBody = z
  .object({ pattern, event: z.record(z.string(), z.unknown()), region: region.optional() })
  .strict();
export const rotateBody = z
  .object({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .default(24 * 3600),
  })
  .strict();
export const redriveBody = z
  .object({ positions: z.array(z.number().int().positive()).min(1).optional() })
  .strict();
export const replayBody = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }).optional() })
  .strict();

const position = z.coerce.number().int().min(0);
export const feedQuery = z.object({
  after: position.optional(),
  wait: z.coerce.number().min(0).max(20).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const streamQuery = z.object({ after: position.optional() });
export const pageQuery = z.object({
  after: position.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const pollMs = 1000;
/** A hole in the log is a publication being written: look again soon. */
const holeRetryMs = 100;
const heartbeatMs = 15_000;

export function subscriptionRoutes(deps: HubDeps & { delivery: DeliveryDeps }) {
  const app = new Hono<AuthEnv>();
  const manage: ManageDeps = deps;
  app.use(requireScope('subscriber'));

  /** The subscription if this key may see it; otherwise as if it did not exist. */
  const visible = async (principal: Principal, id: string): Promise<Subscription> => {
    const subscription = await deps.store.subscriptions.get(id);
    if (!subscription || !(principal.scopes.has('admin') || subscription.ownerKeyId === principal.keyId)) {
      throw new UnknownSubscriptionError(id);
    }
    return subscription;
  };

  app.post('/', async (c) => {
    const body = parseJson(createBody, await c.req.text());
    const input: SubscriptionInput = {
      name: body.name,
      pattern: body.pattern,
      payload: body.payload,
      ...(body.region ? { region: body.region } : {}),
      target: body.webhook
        ? { kind: 'webhook', url: body.webhook.url }
        : body.sqs
          ? { kind: 'sqs', queueArn: body.sqs.queueArn }
          : { kind: 'feed' },
    };
    const { subscription, secret } = await createSubscription(manage, c.get('principal'), input);
    c.header('Location', `/v1/subscriptions/${subscription.id}`);
    return c.json({ ...present(subscription), ...(secret ? { secret } : {}) }, 201);
  });

  app.get('/', async (c) => {
    const principal = c.get('principal');
    const all = await deps.store.subscriptions.list(
      principal.scopes.has('admin') ? {} : { ownerKeyId: principal.keyId },
    );
    return c.json({ items: all.map(present) });
  });

  app.post('/test', async (c) => {
    const body = parseJson(testBody, await c.req.text());
    const filter = eventFilter(validatePattern(body.pattern), body.region);
    return c.json({ matches: filter(body.event as never) });
  });

  app.get('/:id', async (c) => {
    const subscription = await visible(c.get('principal'), c.req.param('id'));
    const loaded = await deps.store.subscriptions.loadDelivery(subscription.id);
    const state = loaded?.state;
    const deadLetters = await deps.store.subscriptions.countDeadLetters(subscription.id);
    const nextRetry = state?.pending
      .filter((p) => p.attempts > 0)
      .map((p) => p.nextAttemptAt)
      .sort()[0];
    return c.json({
      ...present(subscription),
      delivery: {
        position: state?.cursor.position ?? subscription.startPosition,
        pending: state?.pending.length ?? 0,
        deadLetters,
        ...(nextRetry ? { nextRetryAt: nextRetry } : {}),
        replays: state?.replays.map(({ id, from, to }) => ({ id, from, to })) ?? [],
      },
    });
  });

  app.patch('/:id', async (c) => {
    const current = await visible(c.get('principal'), c.req.param('id'));
    const body = parseJson(updateBody, await c.req.text());
    const next = await updateSubscription(manage, current, {
      ...(body.name ? { name: body.name } : {}),
      ...(body.pattern ? { pattern: body.pattern } : {}),
      ...(body.region !== undefined ? { region: body.region } : {}),
      ...(body.payload ? { payload: body.payload } : {}),
      ...(body.status ? { status: body.status } : {}),
      ...(body.webhook ? { webhookUrl: body.webhook.url } : {}),
    });
    return c.json(present(next));
  });

  app.delete('/:id', async (c) => {
    await deleteSubscription(manage, await visible(c.get('principal'), c.req.param('id')));
    return c.body(null, 204);
  });

  app.post('/:id/rotate-secret', async (c) => {
    const subscription = await visible(c.get('principal'), c.req.param('id'));
    const body = parseJson(rotateBody, await c.req.text(), { allowEmpty: true });
    return c.json(await rotateWebhookSecret(manage, subscription, body.overlapSeconds * 1000));
  });

  app.get('/:id/feed', async (c) => {
    const subscription = await visible(c.get('principal'), c.req.param('id'));
    const query = parseQuery(feedQuery, c.req.query());
    const deadline = Date.now() + query.wait * 1000;
    let after = query.after ?? subscription.startPosition;
    let page: FeedPage;
    for (;;) {
      page = await readFeed(deps, subscription, after, { limit: query.limit });
      after = page.position;
      if (page.items.length || Date.now() >= deadline || c.req.raw.signal.aborted) break;
      await nextPublication(
        deps.liveEvents,
        Math.min(page.atHole ? holeRetryMs : pollMs, deadline - Date.now()),
      );
    }
    return c.json({
      items: page.items.map(({ position: p, event }) => ({ cursor: String(p), event })),
      cursor: String(page.position),
    });
  });

  app.get('/:id/stream', async (c) => {
    const subscription = await visible(c.get('principal'), c.req.param('id'));
    const query = parseQuery(streamQuery, c.req.query());
    const lastEventId = c.req.header('Last-Event-ID');
    let after =
      lastEventId && /^\d+$/.test(lastEventId)
        ? Number(lastEventId)
        : (query.after ?? subscription.startPosition);
    return streamSSE(c, async (stream) => {
      let closed = false;
      stream.onAbort(() => {
        closed = true;
      });
      let lastWrite = Date.now();
      while (!closed) {
        const page = await readFeed(deps, subscription, after, { limit: 100 });
        for (const { position: p, event } of page.items) {
          await stream.writeSSE({ id: String(p), event: event.type, data: JSON.stringify(event) });
          lastWrite = Date.now();
        }
        const moved = page.position !== after;
        after = page.position;
        if (moved) continue;
        if (Date.now() - lastWrite > heartbeatMs) {
          await stream.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
        await nextPublication(deps.liveEvents, page.atHole ? holeRetryMs : pollMs, () => closed);
      }
    });
  });

  app.get('/:id/dead-letters', async (c) => {
    const subscription = await visible(c.get('principal'), c.req.param('id'));
    const query = parseQuery(pageQuery, c.req.query());
    const page = await deps.store.subscriptions.listDeadLetters(subscription.id, {
      limit: query.limit,
      ...(query.after !== undefined ? { after: query.after } : {}),
    });
    return c.json({
      items: page.items.map((d) => presentDeadLetter(subscription, d)),
      ...(page.next !== undefined ? { next: String(page.next) } : {}),
    });
  });

  const redrive = async (principal: Principal, id: string, text: string) => {
    const subscription = await visible(principal, id);
    const body = parseJson(redriveBody, text, { allowEmpty: true });
    return { redriven: await redriveDeadLetters(manage, subscription, body.positions) };
  };
  app.post('/:id/dead-letters/redrive', async (c) =>
    c.json(await redrive(c.get('principal'), c.req.param('id'), await c.req.text()), 202),
  );
  app.post('/:id/redrive', async (c) =>
    c.json(await redrive(c.get('principal'), c.req.param('id'), await c.req.text()), 202),
  );

  app.post('/:id/replay', async (c) => {
    const subscription = await visible(c.get('principal'), c.req.param('id'));
    const body = parseJson(replayBody, await c.req.text());
    const to = body.to ? new Date(body.to) : deps.clock.now();
    const started = await startReplay(manage, subscription, { from: new Date(body.from), to });
    if (started.kind === 'cursor') {
      return c.json({
        from: new Date(body.from).toISOString(),
        to: to.toISOString(),
        cursor: String(started.cursor),
        feed: `/v1/subscriptions/${subscription.id}/feed?after=${started.cursor}`,
      });
    }
    const { id, from, to: until } = started.job;
    return c.json({ replay: { id, from, to: until } }, 202);
  });

  return app;
}

/** A subscription as the API shows it: never its secrets. */
function present(subscription: Subscription) {
  const { secrets, target, startPosition: _start, version: _version, ...rest } = subscription;
  const base = `/v1/subscriptions/${subscription.id}`;
  return {
    ...rest,
    ...(target.kind === 'webhook'
      ? {
          webhook: {
            url: target.url,
            secrets: (secrets ?? []).map(({ createdAt, expiresAt }) => ({
              createdAt,
              ...(expiresAt ? { expiresAt } : {}),
            })),
          },
        }
      : target.kind === 'sqs'
        ? { sqs: { queueArn: target.queueArn } }
        : { feed: {} }),
    links: {
      self: base,
      feed: `${base}/feed`,
      stream: `${base}/stream`,
      deadLetters: `${base}/dead-letters`,
    },
  };
}

function presentDeadLetter(subscription: Subscription, dead: DeadLetter) {
  return {
    position: dead.position,
    eventId: dead.event.id,
    type: dead.event.type,
    subject: dead.event.subject,
    sequence: dead.event.sequence,
    attempts: dead.attempts,
    firstAttemptAt: dead.firstAttemptAt,
    deadAt: dead.deadAt,
    reason: dead.reason,
    lastError: dead.lastError,
    event: projectEvent(dead.event, subscription),
  };
}

/** Resolves at the next publication (where the runtime signals them) or after `ms`, whichever is first. */
function nextPublication(live: LiveEvents | undefined, ms: number, closed?: () => boolean): Promise<void> {
  if (closed?.()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe?.();
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    const unsubscribe = live?.subscribe(done);
  });
}
