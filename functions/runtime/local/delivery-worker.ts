/**
 * The local stand-in for EventBridge rules, the delivery queue and the deliver function: one loop per active push
 * subscription, each running `runDelivery` when events are published, when its retries fall due, and on a slow poll
 * as a fallback. Loops are independent, so a slow or dead endpoint holds up only its own subscription. The cursors
 * live in the table, so nothing is lost across restarts.
 */
import { type DeliveryRun, runDelivery } from '../../events/delivery.js';
import { isPushTarget, type Subscription } from '../../events/subscriptions.js';
import type { DeliveryDeps, HubDeps } from '../deps.js';
import type { DeliveryWakeups, SubscriptionRules } from '../ports.js';

export interface DeliveryWorkerOptions {
  /** Longest sleep of a loop with nothing due (it also wakes on every publication). @default 2000 */
  pollMs?: number;
  /** Wait after a run failed (DynamoDB unavailable, a concurrent change) before trying again. @default 1000 */
  errorBackoffMs?: number;
}

export class DeliveryWorker implements SubscriptionRules, DeliveryWakeups {
  private readonly loops = new Map<string, SubscriptionLoop>();
  private readonly abort = new AbortController();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** The delivery deps of the local runtime: this worker is both its subscription rules and its wake-ups. */
  readonly deliveryDeps: DeliveryDeps;

  constructor(
    private readonly ctx: Pick<HubDeps, 'store' | 'clock' | 'liveEvents'>,
    delivery: Omit<DeliveryDeps, 'rules' | 'wakeups'>,
    private readonly options: DeliveryWorkerOptions = {},
  ) {
    this.deliveryDeps = { ...delivery, rules: this, wakeups: this };
  }

  /** Starts a loop for every active push subscription, and wakes them all whenever events are published. */
  async start(): Promise<void> {
    for (const subscription of await this.ctx.store.subscriptions.list()) this.follow(subscription);
    this.unsubscribe = this.ctx.liveEvents?.subscribe(() => {
      for (const loop of this.loops.values()) loop.wake();
    });
  }

  async put(subscription: Subscription): Promise<void> {
    this.follow(subscription);
  }

  /** Stops the subscription's loop and waits for a run in progress, so nothing is written after it is deleted. */
  async remove(subscriptionId: string): Promise<void> {
    const loop = this.loops.get(subscriptionId);
    this.loops.delete(subscriptionId);
    loop?.stop();
    await loop?.done;
  }

  async wake(subscriptionIds: string[]): Promise<void> {
    for (const id of subscriptionIds) {
      const loop = this.loops.get(id);
      if (loop) loop.wake();
      else {
        const subscription = await this.ctx.store.subscriptions.get(id);
        if (subscription) this.follow(subscription);
      }
    }
  }

  /** Stops every loop, aborting webhook calls in flight (their events are delivered again on the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.abort.abort();
    const loops = [...this.loops.values()];
    this.loops.clear();
    for (const loop of loops) loop.stop();
    await Promise.all(loops.map((loop) => loop.done));
  }

  /** Runs a loop for the subscription while it is active and pushed; stops it otherwise. Never waits for a run. */
  private follow(subscription: Subscription): void {
    if (this.stopped) return;
    const existing = this.loops.get(subscription.id);
    if (subscription.status !== 'active' || !isPushTarget(subscription.target)) {
      existing?.stop();
      this.loops.delete(subscription.id);
      return;
    }
    if (existing && !existing.stopping) {
      existing.wake();
      return;
    }
    const loop = new SubscriptionLoop(
      subscription.id,
      (id) => this.runOnce(id),
      () => this.ctx.clock.now().getTime(),
      this.options,
    );
    this.loops.set(subscription.id, loop);
    void loop.done.then(() => {
      if (this.loops.get(subscription.id) === loop) this.loops.delete(subscription.id);
    });
  }

  private runOnce(id: string): Promise<DeliveryRun> {
    return runDelivery({ ...this.ctx, delivery: this.deliveryDeps }, id, { signal: this.abort.signal });
  }
}

class SubscriptionLoop {
  readonly done: Promise<void>;
  stopping = false;
  private woken = false;
  private sleeping: (() => void) | undefined;

  constructor(
    private readonly id: string,
    private readonly run: (id: string) => Promise<DeliveryRun>,
    /** The hub's clock, which retry times are in (tests set it). */
    private readonly now: () => number,
    private readonly options: DeliveryWorkerOptions,
  ) {
    this.done = this.loop();
  }

  wake(): void {
    this.woken = true;
    this.sleeping?.();
  }

  stop(): void {
    this.stopping = true;
    this.sleeping?.();
  }

  private async loop(): Promise<void> {
    const pollMs = this.options.pollMs ?? 2000;
    while (!this.stopping) {
      this.woken = false;
      let result: DeliveryRun | undefined;
      try {
        result = await this.run(this.id);
      } catch (error) {
        if (this.stopping) return;
        console.error(`delivery of subscription ${this.id} failed; retrying`, error);
      }
      if (result?.idle) return;
      if (this.stopping) return;
      if (result && !result.caughtUp) continue;
      if (this.woken) continue;
      const untilDue = result?.wakeAt ? result.wakeAt.getTime() - this.now() : pollMs;
      const sleepMs = result
        ? Math.max(0, Math.min(pollMs, untilDue))
        : (this.options.errorBackoffMs ?? 1000);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, sleepMs);
        this.sleeping = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.sleeping = undefined;
    }
  }
}
