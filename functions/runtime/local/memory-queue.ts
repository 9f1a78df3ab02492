/**
 * The local ingest queue: in-process, delivering each message to a handler with a few concurrent workers, retrying
 * failures with backoff. It is not durable by itself; durability comes from the table (unfinished records are found
 * and queued again by the sweep at start-up and on schedule).
 */
import type { IngestMessage, Queue } from '../ports.js';

export interface MemoryQueueOptions {
  concurrency: number;
  maxAttempts: number;
  handler: (message: IngestMessage) => Promise<unknown>;
  onGiveUp?: (message: IngestMessage, error: unknown) => void;
}

export class MemoryQueue implements Queue {
  private readonly pending: Array<{ message: IngestMessage; attempt: number }> = [];
  private active = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: MemoryQueueOptions) {}

  async send(messages: IngestMessage[]): Promise<void> {
    if (this.stopped) throw new Error('the local queue is stopped');
    for (const message of messages) this.pending.push({ message, attempt: 1 });
    this.pump();
  }

  get depth(): number {
    return this.pending.length + this.active;
  }

  /** Resolves when no message is pending or being handled. */
  idle(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending.length = 0;
    while (this.active > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private pump(): void {
    while (!this.stopped && this.active < this.options.concurrency && this.pending.length) {
      const next = this.pending.shift()!;
      this.active++;
      void this.handle(next).finally(() => {
        this.active--;
        this.pump();
        if (this.depth === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private async handle(item: { message: IngestMessage; attempt: number }): Promise<void> {
    try {
      await this.options.handler(item.message);
    } catch (error) {
      if (this.stopped) return;
      if (item.attempt >= this.options.maxAttempts) {
        this.options.onGiveUp?.(item.message, error);
        return;
      }
      const delay = Math.min(5000, 100 * 2 ** item.attempt) * (0.5 + Math.random());
      setTimeout(() => {
        if (this.stopped) return;
        this.pending.push({ message: item.message, attempt: item.attempt + 1 });
        this.pump();
      }, delay).unref();
    }
  }
}
