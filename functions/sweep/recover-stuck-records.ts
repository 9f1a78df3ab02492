/**
 * Finds records stuck before the end of processing (accepted but never queued, or a worker that died mid-way) and
 * queues them again. Processing is idempotent, so queueing a record that is merely slow is harmless.
 */
import type { HubDeps } from '../runtime/deps.js';

type SweepDeps = Pick<HubDeps, 'store' | 'queue' | 'clock'>;

export async function recoverStuckRecords(
  deps: SweepDeps,
  options: { olderThanMs: number; limit?: number },
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - options.olderThanMs).toISOString();
  const stuck = await deps.store.records.listUnfinished(before, options.limit ?? 500);
  if (stuck.length === 0) return 0;
  await deps.queue.send(
    stuck.map((s) => ({
      sourceId: s.sourceId,
      sourceRecordId: s.sourceRecordId,
      revision: s.latestRevision,
    })),
  );
  return stuck.length;
}
