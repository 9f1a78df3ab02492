/** The local stand-in for the DynamoDB stream: publishes pending outbox items whenever kicked, and on a timer. */
import { publishPendingOutbox } from '../../events/publish-outbox.js';
import type { HubDeps } from '../deps.js';

export class OutboxPublisher {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  published = 0;

  constructor(
    private readonly deps: Pick<HubDeps, 'store' | 'bus' | 'clock'>,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Publishes now, or right after the run in progress. */
  kick(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          // Stop between batches when asked: what is left stays pending in the table for the next start.
          this.published += await publishPendingOutbox(this.deps, { shouldContinue: () => !this.stopping });
        } catch (error) {
          console.error('publishing the outbox failed; will retry', error);
        }
      } while (this.again && !this.stopping);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
