/**
 * The crosswalk: one NDJSON line per source record with its current dispute and, per party, the current person, the
 * role and the name exactly as the record gives it. Streamed page by page (records by source and status, never a
 * table scan); merged ids are followed to their survivors, so the file always names live entities.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { recordStatuses, type SourceRecordState } from '../../ingest/source-record.js';
import type { HubDeps } from '../../runtime/deps.js';
import { type AuthEnv, requireScope } from '../middleware/auth.js';
import { parseQuery } from '../validation.js';

export const exportQuery = z.object({ source: z.string().min(1).optional() });
const pageSize = 200;

export function exportRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/links', requireScope('steward', 'reader'), async (c) => {
    const q = parseQuery(exportQuery, c.req.query());
    const sources = q.source
      ? [(await deps.adapters.resolve(q.source)).sourceId]
      : [
          ...deps.adapters.builtinAdapters().map((a) => a.sourceId),
          ...(await deps.adapters.registeredSources()).map((r) => r.sourceId),
        ];
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    return stream(c, async (out) => {
      for (const sourceId of sources) {
        for (const status of recordStatuses) {
          let cursor: string | undefined;
          do {
            const page = await deps.store.records.listByStatus(sourceId, status, pageSize, cursor);
            const lines = await crosswalkLines(deps, page.items);
            if (lines.length) await out.write(`${lines.join('\n')}\n`);
            cursor = page.cursor;
          } while (cursor);
        }
      }
    });
  });

  return app;
}

async function crosswalkLines(deps: HubDeps, states: SourceRecordState[]): Promise<string[]> {
  const personIds = states.flatMap((s) => s.entities?.partyPersonIds ?? []);
  const disputeIds = states.map((s) => s.entities?.disputeId).filter((d): d is string => Boolean(d));
  const [personRedirects, disputes] = await Promise.all([
    deps.store.entities.personRedirects(personIds),
    deps.store.entities.getDisputes([...new Set(disputeIds)]),
  ]);
  const disputeNow = new Map<string, string>();
  for (const d of disputes) {
    disputeNow.set(
      d.id,
      d.mergedInto ? ((await deps.store.entities.currentDispute(d.id))?.id ?? d.id) : d.id,
    );
  }
  return states.map((s) => {
    const disputeId = s.entities?.disputeId;
    const parties = (s.status === 'processed' ? (s.report?.parties ?? []) : []).map((p, position) => {
      const personId = s.entities?.partyPersonIds[position];
      return {
        position,
        kind: p.kind,
        ...(personId ? { personId: personRedirects.get(personId) ?? personId } : {}),
        roles: p.roles,
        ...(p.name?.asGiven ? { name: p.name.asGiven } : {}),
      };
    });
    return JSON.stringify({
      sourceId: s.sourceId,
      sourceRecordId: s.sourceRecordId,
      status: s.status,
      ...(s.status === 'processed' && disputeId ? { disputeId: disputeNow.get(disputeId) ?? disputeId } : {}),
      parties,
      ...(s.entities?.compared
        ? {
            resolution: {
              personCandidates: s.entities.compared.persons,
              disputeCandidates: s.entities.compared.disputes,
            },
          }
        : {}),
    });
  });
}
