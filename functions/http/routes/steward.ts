/**
 * The steward's API: the review queue with both sides of each pair, decisions, splits and the audit log. Reading the
 * queue needs `steward`; personal data in the sides is masked the same way as everywhere else (blind indexes never
 * leave the hub; masked values only).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { withoutBlindIndexes } from '../../privacy/protect-report.js';
import type { ReviewItem } from '../../resolution/review-item.js';
import { decideReview, splitDispute, splitPerson } from '../../resolution/steward-operations.js';
import { publicDispute, publicPerson } from '../../resolution/stored-entities.js';
import type { HubDeps } from '../../runtime/deps.js';
import { type AuthEnv, requireScope } from '../middleware/auth.js';
import { problems } from '../problem.js';
import { parseJson, parseQuery } from '../validation.js';

export const reviewQuery = z.object({
  kind: z.enum(['person', 'dispute']).optional(),
  source: z.string().min(1).optional(),
  division: z
    .string()
    .regex(/^\d{2,12}$/, 'a division code prefix: 2 to 12 digits')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

export const decisionBody = z.object({
  decision: z.enum(['same', 'different']),
  reason: z.string().max(2000).optional(),
});

const recordRef = z.object({ sourceId: z.string().min(1), sourceRecordId: z.string().min(1) });
export const splitBody = z.object({
  groups: z.array(z.array(recordRef).min(1)).min(1).max(20),
  reason: z.string().max(2000).optional(),
});

export const auditQuery = z.object({
  entity: z.string().min(1).optional(),
  steward: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

export function stewardRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();
  const stewards = requireScope('steward');

  app.get('/review', stewards, async (c) => {
    const q = parseQuery(reviewQuery, c.req.query());
    const page = await deps.store.steward.listOpen(
      { kind: q.kind, sourceId: q.source, division: q.division },
      q.limit,
      q.cursor,
    );
    return c.json({
      items: await withSides(deps, page.items),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  });

  app.get('/review/:id', stewards, async (c) => {
    const item = await deps.store.steward.getReview(c.req.param('id'));
    if (!item) throw problems.notFound('unknown-review', `no review item "${c.req.param('id')}"`);
    const [withSide] = await withSides(deps, [item]);
    return c.json(withSide);
  });

  app.post('/review/:id', stewards, async (c) => {
    const body = parseJson(decisionBody, await c.req.text());
    const outcome = await decideReview(deps, {
      reviewId: c.req.param('id'),
      decision: body.decision,
      reason: body.reason,
      steward: c.get('principal'),
    });
    return c.json(outcome);
  });

  app.post('/persons/:id/split', stewards, async (c) => {
    const body = parseJson(splitBody, await c.req.text());
    const outcome = await splitPerson(deps, {
      personId: c.req.param('id'),
      groups: body.groups,
      reason: body.reason,
      steward: c.get('principal'),
    });
    return c.json(outcome);
  });

  app.post('/disputes/:id/split', stewards, async (c) => {
    const body = parseJson(splitBody, await c.req.text());
    const outcome = await splitDispute(deps, {
      disputeId: c.req.param('id'),
      groups: body.groups,
      reason: body.reason,
      steward: c.get('principal'),
    });
    return c.json(outcome);
  });

  app.get('/audit', stewards, async (c) => {
    const q = parseQuery(auditQuery, c.req.query());
    const page = await deps.store.steward.listAudit(
      { entityId: q.entity, actor: q.steward },
      q.limit,
      q.cursor,
    );
    return c.json({ items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) });
  });

  return app;
}

/** Each pair with both entities as they are now (merged ones followed to their survivor). */
async function withSides(deps: HubDeps, items: ReviewItem[]) {
  return Promise.all(
    items.map(async (item) => {
      const get = (id: string) =>
        item.kind === 'person'
          ? deps.store.entities.currentPerson(id).then((p) => p && withoutBlindIndexes(publicPerson(p)))
          : deps.store.entities.currentDispute(id).then((d) => d && withoutBlindIndexes(publicDispute(d)));
      const [left, right] = await Promise.all([get(item.leftId), get(item.rightId)]);
      return { ...item, left, right };
    }),
  );
}
