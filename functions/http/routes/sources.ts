/** Sources: what each is, its records' processing counts, record ingestion, quarantine and replay. */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { hasScope, type Scope } from '../../access/api-keys.js';
import { type AcceptResult, acceptRecords } from '../../ingest/accept.js';
import { dryRun } from '../../ingest/dry-run.js';
import { replayRecords } from '../../ingest/replay.js';
import type { HubDeps } from '../../runtime/deps.js';
import { activateSourceVersion, addSourceVersion, registerSource } from '../../sources/source-admin.js';
import { csvBatches } from '../csv-body.js';
import type { AuthEnv } from '../middleware/auth.js';
import { requireScope } from '../middleware/auth.js';
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

export const replayBody = z
  .object({
    status: z.enum(['quarantined', 'processed', 'all']).default('quarantined'),
    recordIds: z.array(z.string().min(1)).max(1000).optional(),
  })
  .strict();

const sourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a source id is 2–63 lower-case letters, digits and hyphens');

export const registerBody = z
  .object({
    id: sourceId,
    displayName: z.string().min(1).max(200),
    idField: z.string().min(1).max(100),
    mapping: z.string().min(2).max(200_000),
    sourceSchema: z.record(z.string(), z.unknown()).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();

export const versionBody = z
  .object({
    mapping: z.string().min(2).max(200_000),
    sourceSchema: z.record(z.string(), z.unknown()).optional(),
    note: z.string().max(500).optional(),
    activate: z.boolean().default(true),
  })
  .strict();

export const activateBody = z.object({ version: z.number().int().min(1) }).strict();

export const dryRunBody = z
  .object({
    records: z.array(z.unknown()).min(1).max(500),
    /** Try a version other than the active one. */
    version: z.number().int().min(1).optional(),
  })
  .strict();

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});

export function sourceRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/', async (c) => {
    const builtin = deps.adapters.builtinAdapters().map((a) => a.sourceId);
    const registered = (await deps.adapters.registeredSources()).map((r) => r.sourceId);
    return c.json({
      items: await Promise.all([...builtin, ...registered].map((id) => describeSource(deps, id))),
    });
  });

  app.post('/', requireScope('admin'), async (c) => {
    const body = parseJson(registerBody, await c.req.text());
    const { id, ...definition } = body;
    await registerSource(deps, { sourceId: id, ...definition }, c.get('principal').keyId);
    return c.json(await describeSource(deps, id), 201);
  });

  app.get('/:sourceId', requireSourceAccess('reader', 'steward'), async (c) =>
    c.json(await describeSource(deps, c.req.param('sourceId'))),
  );

  app.get('/:sourceId/versions', requireSourceAccess('reader', 'steward'), async (c) => {
    const sourceId = c.req.param('sourceId');
    await deps.adapters.resolve(sourceId);
    const registration = await deps.store.sources.get(sourceId);
    const versions = registration ? await deps.store.sources.listVersions(sourceId) : [];
    return c.json({ sourceId, activeVersion: registration?.activeVersion, items: versions });
  });

  app.get('/:sourceId/versions/:version', requireSourceAccess('reader', 'steward'), async (c) => {
    const version = await deps.store.sources.getVersion(
      c.req.param('sourceId'),
      Number(c.req.param('version')),
    );
    if (!version)
      throw problems.notFound(
        'unknown-version',
        `no version ${c.req.param('version')} of "${c.req.param('sourceId')}"`,
      );
    return c.json(version);
  });

  app.post('/:sourceId/versions', requireScope('admin'), async (c) => {
    const body = parseJson(versionBody, await c.req.text());
    await addSourceVersion(deps, c.req.param('sourceId'), body, c.get('principal').keyId);
    return c.json(await describeSource(deps, c.req.param('sourceId')), 201);
  });

  app.post('/:sourceId/activate', requireScope('admin'), async (c) => {
    const { version } = parseJson(activateBody, await c.req.text());
    await activateSourceVersion(deps, c.req.param('sourceId'), version);
    return c.json(await describeSource(deps, c.req.param('sourceId')));
  });

  app.post('/:sourceId/dry-run', requireSourceAccess(), async (c) => {
    const sourceId = c.req.param('sourceId');
    const body = parseJson(dryRunBody, await c.req.text());
    const adapter = body.version
      ? await deps.adapters.resolveVersion(sourceId, body.version)
      : await deps.adapters.resolve(sourceId);
    const results = await dryRun(deps, adapter, body.records);
    return c.json({ sourceId, adapterVersion: adapter.version, ok: results.every((r) => r.ok), results });
  });

  app.post('/:sourceId/records', requireSourceAccess(), async (c) => {
    const sourceId = c.req.param('sourceId');
    await deps.adapters.resolve(sourceId);
    const contentType = c.req.header('Content-Type');
    const mediaType = mediaTypeOf(contentType);
    const principal = c.get('principal');
    const results: AcceptResult[] = [];
    if (mediaType === 'text/csv') {
      // CSV is streamed: rows are stored in chunks as they arrive, never holding the whole body.
      const charset = /charset=([^;]+)/i.exec(contentType ?? '')?.[1]?.trim();
      for await (const batch of csvBatches(c.req.raw.body, { charset, batchSize: 200 })) {
        const accepted = await acceptRecords(deps, {
          sourceId,
          apiKeyId: principal.keyId,
          contentType: mediaType,
          records: batch.records,
        });
        for (const r of accepted) results.push({ ...r, index: batch.firstIndex + r.index });
      }
    } else {
      const length = Number(c.req.header('Content-Length') ?? 0);
      if (length > deps.maxBodyBytes)
        throw problems.tooLarge(
          `the body is larger than ${deps.maxBodyBytes} bytes; split the batch or send CSV`,
        );
      const text = await c.req.text();
      if (Buffer.byteLength(text) > deps.maxBodyBytes)
        throw problems.tooLarge(`the body is larger than ${deps.maxBodyBytes} bytes; split the batch`);
      results.push(
        ...(await acceptRecords(deps, {
          sourceId,
          apiKeyId: principal.keyId,
          contentType: mediaType,
          records: parseRecordBody(contentType, text),
        })),
      );
    }
    const tally = { accepted: 0, duplicate: 0, rejected: 0 };
    for (const r of results) tally[r.status]++;
    return c.json({ sourceId, ...tally, results }, tally.accepted + tally.rejected > 0 ? 202 : 200);
  });

  app.get('/:sourceId/quarantine', requireSourceAccess('reader', 'steward'), async (c) => {
    const sourceId = c.req.param('sourceId');
    await deps.adapters.resolve(sourceId);
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
    await deps.adapters.resolve(sourceId);
    const body = parseJson(replayBody, await c.req.text(), { allowEmpty: true });
    return c.json(await replayRecords(deps, { sourceId, ...body }), 202);
  });

  return app;
}

async function describeSource(deps: HubDeps, sourceId: string) {
  const adapter = await deps.adapters.resolve(sourceId);
  const registration = adapter.kind === 'declarative' ? await deps.store.sources.get(sourceId) : undefined;
  const counts = await deps.store.records.countByStatus(sourceId);
  return {
    id: adapter.sourceId,
    displayName: adapter.displayName,
    kind: adapter.kind,
    adapterVersion: adapter.version,
    ...(registration ? { latestVersion: String(registration.latestVersion) } : {}),
    idField: adapter.idField,
    records: {
      ...counts,
      total: counts.received + counts.processing + counts.processed + counts.quarantined,
    },
    /** True when every record received so far has finished processing. */
    settled: counts.received === 0 && counts.processing === 0,
  };
}
