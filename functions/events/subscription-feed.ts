/**
 * Reading a subscription's events from the event log, for its pull feed and its SSE stream: the matching events
 * after a log position, in the subscription's projection. The cursor is a log position, so a reader resumes exactly
 * where it stopped (and a page with no match still moves the cursor past what it scanned). A page stops before a
 * hole in the log (a position a publisher reserved and is still writing), so no reader skips an event; only a hole
 * that outlives the grace period (a publisher that crashed) is stepped over.
 */
import type { HubDeps } from '../runtime/deps.js';
import { type ProjectedEvent, projectEvent } from './event-projection.js';
import { filterOf, type Subscription } from './subscriptions.js';

export interface FeedItem {
  position: number;
  event: ProjectedEvent;
}

export interface FeedPage {
  items: FeedItem[];
  /** The last position looked at: the `after` of the next page. */
  position: number;
  /** The page stopped before a hole that may still fill: read again shortly. */
  atHole?: boolean;
}

const batch = 100;

/** Up to `limit` matching events after `after`, looking at no more than `maxScan` log entries. */
export async function readFeed(
  deps: Pick<HubDeps, 'store' | 'clock'>,
  subscription: Subscription,
  after: number,
  options: { limit: number; maxScan?: number; holeGraceMs?: number },
): Promise<FeedPage> {
  const filter = filterOf(subscription);
  const maxScan = options.maxScan ?? 2000;
  const items: FeedItem[] = [];
  let position = after;
  let scanned = 0;
  while (items.length < options.limit && scanned < maxScan) {
    const entries = await deps.store.outbox.readLog(position, batch);
    for (const { position: p, event } of entries) {
      if (
        p > position + 1 &&
        !(await isStaleHole(deps, position, event.time, options.holeGraceMs ?? 10_000))
      ) {
        return { items, position, atHole: true };
      }
      position = p;
      scanned++;
      if (filter(event)) items.push({ position: p, event: projectEvent(event, subscription) });
      if (items.length >= options.limit) break;
    }
    if (entries.length < batch) break;
  }
  return { items, position };
}

/**
 * A hole after `position` is stale when the event beyond it is older than the grace period and the hole is still
 * there a moment later (entries of one publication are written within milliseconds of each other).
 */
export async function isStaleHole(
  deps: Pick<HubDeps, 'store' | 'clock'>,
  position: number,
  nextEventTime: string,
  graceMs: number,
): Promise<boolean> {
  if (deps.clock.now().getTime() - Date.parse(nextEventTime) < graceMs) return false;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const [first] = await deps.store.outbox.readLog(position, 1);
  return !first || first.position > position + 1;
}
