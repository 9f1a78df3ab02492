/** Sources: what each is, its records' processing counts, record ingestion, quarantine and replay. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { hasScope, type Scope } from '../../access/api-keys.js';
import { acceptRecords } from '../../ingest/accept.js';
import { replayRecords } from '../../ingest/replay.js';
import type { HubDeps } from '../../runtime/deps.js';
import type { AuthEnv } from '../middleware/auth.js';
import { problems } from '../problem.js';
import { mediaTypeOf, parseRecordBody } from '../record-body.js';
import { parseJson, parseQuery } from '../validation.js';

/** Passes when the key may act on the source in the path: admin, its `source:<id>` key, or one of `alsoAllowed`. */
const requireSourceAccess = (...alsoAllowed: Scope[]) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const sourceId = c.req.param('sourceId') ?? '';
    if (!hasScope(c.get('principal'), `source:${sourceId}`, ...alsoAllowed)) {
      throw problems.forbidden(
        `this API key may not act on source "${sourceId}"; it needs source:${sourceId} or admin`,
      );
    }
    await next();
  });

const replayBody = z
  .object({
    status: z.enum(['quarantined', 'processed', 'all']).default('quarantined'),
    recordIds: z.array(z.string().min(1)).max(1000).optional(),
  })
  .strict();

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});

export function sourceRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/', async (c) => {
    const sources = await Promise.all(deps.adapters.list().map((a) => describeSource(deps, a.sourceId)));
    return c.json({ items: sources });
  });

  app.get('/:sourceId', requireSourceAccess('reader', 'steward'), async (c) =>
    c.json(await describeSource(deps, c.req.param('sourceId'))),
  );

  app.post(
    '/:sourceId/records',
    requireSourceAccess(),
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: () => {
        throw problems.tooLarge(`the body is larger than ${deps.maxBodyBytes} bytes; split the batch`);
      },
    }),
    async (c) => {
      const sourceId = c.req.param('sourceId');
      deps.adapters.get(sourceId);
      const contentType = c.req.header('Content-Type');
      const records = parseRecordBody(contentType, await c.req.text());
      const results = await acceptRecords(deps, {
        sourceId,
        apiKeyId: c.get('principal').keyId,
        contentType: mediaTypeOf(contentType),
        records,
      });
      const tally = { accepted: 0, duplicate: 0, rejected: 0 };
      for (const r of results) tally[r.status]++;
      return c.json({ sourceId, ...tally, results }, tally.accepted + tally.rejected > 0 ? 202 : 200);
    },
  );

  app.get('/:sourceId/quarantine', requireSourceAccess('reader', 'steward'), async (c) => {
    const sourceId = c.req.param('sourceId');
    deps.adapters.get(sourceId);
    const { limit, cursor } = parseQuery(pageQuery, c.req.query());
    const page = await deps.store.records.listByStatus(sourceId, 'quarantined', limit, cursor);
    return c.json({
      items: page.items.map((s) => ({
        sourceRecordId: s.sourceRecordId,
        revision: s.latestRevision,
        adapterVersion: s.adapterVersion,
        updatedAt: s.updatedAt,
        errors: s.errors ?? [],
        href: `/v1/records/${encodeURIComponent(sourceId)}/${encodeURIComponent(s.sourceRecordId)}`,
      })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  });

  app.post('/:sourceId/replay', requireSourceAccess(), async (c) => {
    const sourceId = c.req.param('sourceId');
    deps.adapters.get(sourceId);
    const body = parseJson(replayBody, await c.req.text(), { allowEmpty: true });
    return c.json(await replayRecords(deps, { sourceId, ...body }), 202);
  });

  return app;
}

async function describeSource(deps: HubDeps, sourceId: string) {
  const adapter = deps.adapters.get(sourceId);
  const counts = await deps.store.records.countByStatus(sourceId);
  return {
    id: adapter.sourceId,
    displayName: adapter.displayName,
    kind: adapter.kind,
    adapterVersion: adapter.version,
    idField: adapter.idField,
    records: {
      ...counts,
      total: counts.received + counts.processing + counts.processed + counts.quarantined,
    },
    /** True when every record received so far has finished processing. */
    settled: counts.received === 0 && counts.processing === 0,
  };
}
