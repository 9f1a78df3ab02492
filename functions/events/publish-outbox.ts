/**
 * Publishes committed outbox events: appends them to the event log (which feeds streams and replay), puts them on
 * the bus, then marks them published. Safe to run twice on the same events: the log skips ids it already has and
 * subscribers recognise a redelivered event by its stable id.
 */
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import type { HubDeps } from '../runtime/deps.js';

type PublishDeps = Pick<HubDeps, 'store' | 'bus' | 'clock'>;

export async function publishEvents(deps: PublishDeps, events: QiaoCloudEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const ordered = [...events].sort(
    (a, b) => a.time.localeCompare(b.time) || a.sequence.localeCompare(b.sequence),
  );
  await deps.store.outbox.append(ordered);
  await deps.bus.put(ordered);
  await deps.store.outbox.markPublished(
    ordered.map((e) => e.id),
    deps.clock.now().toISOString(),
  );
  return ordered.length;
}

/** Publishes whatever is pending in the outbox (the local runtime's loop, and the sweep's safety net in AWS). */
export async function publishPendingOutbox(
  deps: PublishDeps,
  options: { olderThanMs?: number; shouldContinue?: () => boolean } = {},
): Promise<number> {
  const batchSize = 100;
  const before = options.olderThanMs
    ? new Date(deps.clock.now().getTime() - options.olderThanMs).toISOString()
    : undefined;
  let total = 0;
  for (;;) {
    const pending = await deps.store.outbox.listPending(batchSize, before);
    if (pending.length === 0) return total;
    total += await publishEvents(deps, pending);
    if (pending.length < batchSize || options.shouldContinue?.() === false) return total;
  }
}
