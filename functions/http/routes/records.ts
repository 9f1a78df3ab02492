/** A source record as the hub keeps it: raw revisions (masked without `pii`), status, adapter version, entities. */
import { Hono } from 'hono';
import { canSeePersonalData, hasScope } from '../../access/api-keys.js';
import { maskRaw } from '../../privacy/mask-raw.js';
import { withoutBlindIndexes } from '../../privacy/protect-report.js';
import type { HubDeps } from '../../runtime/deps.js';
import type { AuthEnv } from '../middleware/auth.js';
import { problems } from '../problem.js';

export function recordRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/:sourceId/:recordId', async (c) => {
    const { sourceId, recordId } = c.req.param();
    const principal = c.get('principal');
    if (!hasScope(principal, 'reader', 'steward', `source:${sourceId}`)) {
      throw problems.forbidden(
        `reading records of "${sourceId}" needs reader, steward or source:${sourceId}`,
      );
    }
    await deps.adapters.resolve(sourceId);
    const state = await deps.store.records.get(sourceId, recordId);
    if (!state) throw problems.notFound('unknown-record', `no record "${recordId}" in source "${sourceId}"`);
    const revisions = await deps.store.records.listRevisions(sourceId, recordId);
    const unmasked = canSeePersonalData(principal);
    // The record keeps the ids it was resolved to; merges since then are followed to the survivors.
    const disputeId = state.entities?.disputeId
      ? ((await deps.store.entities.currentDispute(state.entities.disputeId))?.id ?? state.entities.disputeId)
      : undefined;
    const redirects = await deps.store.entities.personRedirects(state.entities?.personIds ?? []);
    const personIds = [...new Set((state.entities?.personIds ?? []).map((id) => redirects.get(id) ?? id))];
    return c.json({
      sourceId,
      sourceRecordId: recordId,
      status: state.status,
      latestRevision: state.latestRevision,
      finishedRevision: state.finishedRevision,
      adapterVersion: state.adapterVersion,
      firstReceivedAt: state.firstReceivedAt,
      updatedAt: state.updatedAt,
      attempts: state.attempts,
      masked: !unmasked,
      errors: state.errors ?? [],
      warnings: state.warnings ?? [],
      raw: unmasked ? revisions.at(-1)?.raw : maskRaw(revisions.at(-1)?.raw),
      revisions: revisions.map((r) => ({
        revision: r.revision,
        receivedAt: r.receivedAt,
        contentHash: r.contentHash,
        apiKeyId: r.apiKeyId,
        contentType: r.contentType,
        raw: unmasked ? r.raw : maskRaw(r.raw),
      })),
      // Free text (a narrative quoting a phone) is masked like the raw record for readers without pii.
      report: state.report
        ? unmasked
          ? withoutBlindIndexes(state.report)
          : maskRaw(withoutBlindIndexes(state.report))
        : undefined,
      entities: {
        ...(disputeId ? { dispute: { id: disputeId, href: `/v1/disputes/${disputeId}` } } : {}),
        persons: personIds.map((id) => ({ id, href: `/v1/persons/${id}` })),
      },
    });
  });

  return app;
}
