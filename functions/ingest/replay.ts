/**
 * Replays records through the source's active adapter version: quarantined records after a fix, or processed ones
 * after a mapping change. Each record goes back to `received` and is queued; processing is idempotent.
 */
import type { HubDeps } from '../runtime/deps.js';
import { ConcurrentChangeError } from '../store/unit-of-work.js';
import type { RecordStatus, SourceRecordState } from './source-record.js';

export interface ReplayRequest {
  sourceId: string;
  /** Which records: those in quarantine (default), those processed, or both. */
  status: 'quarantined' | 'processed' | 'all';
  /** Only these records, when given. */
  recordIds?: string[];
}

export async function replayRecords(
  deps: HubDeps,
  request: ReplayRequest,
): Promise<{ replayed: number; skipped: number }> {
  await deps.adapters.resolve(request.sourceId);
  const statuses: RecordStatus[] = request.status === 'all' ? ['quarantined', 'processed'] : [request.status];
  const targets: SourceRecordState[] = [];
  if (request.recordIds) {
    for (const id of request.recordIds) {
      const state = await deps.store.records.get(request.sourceId, id);
      if (state && statuses.includes(state.status)) targets.push(state);
    }
  } else {
    for (const status of statuses) {
      let cursor: string | undefined;
      do {
        const page = await deps.store.records.listByStatus(request.sourceId, status, 200, cursor);
        targets.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
    }
  }
  let replayed = 0;
  const messages = [];
  for (const state of targets) {
    const next: SourceRecordState = {
      ...state,
      status: 'received',
      attempts: 0,
      stateVersion: state.stateVersion + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
    const uow = deps.store.unitOfWork();
    deps.store.records.saveState(uow, next, state);
    try {
      await uow.commit();
    } catch (error) {
      if (error instanceof ConcurrentChangeError) continue; // changed meanwhile: it is being processed anyway
      throw error;
    }
    replayed++;
    messages.push({
      sourceId: state.sourceId,
      sourceRecordId: state.sourceRecordId,
      revision: state.latestRevision,
      replay: true,
    });
  }
  if (messages.length) await deps.queue.send(messages);
  return { replayed, skipped: targets.length - replayed };
}
