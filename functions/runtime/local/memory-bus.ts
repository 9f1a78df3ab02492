/** The local event bus: events are already in the event log when they reach it; it wakes live readers (SSE). */
import type { QiaoCloudEvent } from '../../../schemas/generated/types.js';
import type { EventBus, LiveEvents } from '../ports.js';

export class MemoryBus implements EventBus, LiveEvents {
  private readonly listeners = new Set<() => void>();
  published = 0;

  async put(events: QiaoCloudEvent[]): Promise<void> {
    this.published += events.length;
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
