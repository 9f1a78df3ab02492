/**
 * Push delivery of one subscription, the same in both runtimes (the local worker and the AWS deliver function run
 * it): at least once, in event-log order, an event never overtaking an earlier one of the same subject. A run
 *   1. retries what is due: per subject only the earliest pending event, and on success the next one behind it;
 *   2. reads the event log after the subscription's cursor, delivers each matching event, or queues it behind a
 *      pending event of the same subject, or records its failure as pending with a retry time from the policy;
 *   3. works through replays (events of a time range, from the log again);
 *   4. moves the cursor (only if no other run moved it) and notes when work next falls due.
 * A failed delivery retries with backoff for at least a day, then becomes a dead letter; a 410 Gone disables the
 * subscription, keeping the event pending for when it is enabled again. A crash repeats at most the deliveries of
 * one log batch; receivers de-duplicate by `webhook-id` (the CloudEvent id).
 */
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import type { DeliveryDeps, HubDeps } from '../runtime/deps.js';
import type {
  DeadLetter,
  DeliveryCursor,
  DeliveryFailure,
  PendingDelivery,
  PendingOrigin,
  ReplayJob,
} from './delivery-state.js';
import { projectEvent } from './event-projection.js';
import { type EventFilter, filterOf, isPushTarget, type Subscription } from './subscriptions.js';
import { signWebhook } from './webhook-signing.js';

export type DeliveryContext = Pick<HubDeps, 'store' | 'clock'> & { delivery: DeliveryDeps };

export interface DeliveryRun {
  delivered: number;
  /** Failed attempts: now pending a retry, dead-lettered, or (410) disabling the subscription. */
  failed: number;
  /** False when the run stopped with work left (runs work in bounded slices); run again at once. */
  caughtUp: boolean;
  /** When work next falls due without a new event (a retry, a log hole to skip). */
  wakeAt?: Date;
  /** Nothing to push: the subscription is gone, disabled, or a pull feed. */
  idle: boolean;
}

const logBatch = 100;
/** Log batches (live and replay together) one run reads before it returns, so runs stay short. */
const batchesPerRun = 5;

/** Runs delivery for one subscription once. Concurrent runs of the same subscription fail one of them, safely. */
export async function runDelivery(
  ctx: DeliveryContext,
  subscriptionId: string,
  options: RunOptions = {},
): Promise<DeliveryRun> {
  const loaded = await ctx.store.subscriptions.loadDelivery(subscriptionId);
  if (loaded?.subscription.status !== 'active' || !isPushTarget(loaded.subscription.target)) {
    return { delivered: 0, failed: 0, caughtUp: true, idle: true };
  }
  const run = new Run(ctx, loaded.subscription, loaded.state.cursor, loaded.state.pending, options);
  await run.retryDue();
  await run.readLog();
  await run.replay(loaded.state.replays);
  return run.finish();
}

export interface RunOptions {
  /** Aborts webhook calls in flight when the runtime stops. */
  signal?: AbortSignal;
  /** Epoch ms (wall clock) after which no new attempt starts: the run returns, not caught up. */
  deadline?: number;
}

/** The body of a message on the delivery queue (AWS): which subscription to run. */
export interface DeliveryMessage {
  subscriptionId: string;
  /** The event that woke it, when EventBridge did (informational: the run reads the log). */
  eventId?: string;
}

export function parseDeliveryMessage(body: string): DeliveryMessage {
  const message = JSON.parse(body) as Partial<DeliveryMessage>;
  if (typeof message.subscriptionId !== 'string') {
    throw new Error(`delivery message without a subscriptionId: ${body.slice(0, 200)}`);
  }
  return { subscriptionId: message.subscriptionId, ...(message.eventId ? { eventId: message.eventId } : {}) };
}

/**
 * Runs each subscription named by a batch of delivery messages (each once, however many messages name it) until it
 * is caught up or the deadline passes; one left with work asks for another run.
 */
export async function deliverMessages(
  ctx: DeliveryContext,
  bodies: string[],
  options: { deadline: number },
): Promise<void> {
  const ids = [...new Set(bodies.map((b) => parseDeliveryMessage(b).subscriptionId))];
  const unfinished: string[] = [];
  for (const id of ids) {
    let run: DeliveryRun;
    do run = await runDelivery(ctx, id, options);
    while (!run.caughtUp && Date.now() < options.deadline);
    if (!run.caughtUp) unfinished.push(id);
  }
  if (unfinished.length) await ctx.delivery.wakeups.wake(unfinished);
}

/** Wakes every subscription whose retries (or log holes) are due: the AWS schedule calls this every minute. */
export async function wakeDueSubscriptions(ctx: DeliveryContext): Promise<number> {
  const ids = await ctx.store.subscriptions.dueSubscriptions(ctx.clock.now());
  if (ids.length) await ctx.delivery.wakeups.wake(ids);
  return ids.length;
}

type Outcome = { ok: true } | { ok: false; failure: DeliveryFailure };

class Run {
  delivered = 0;
  failed = 0;
  private stopped = false;
  private caughtUp = true;
  private batches = 0;
  private saved: DeliveryCursor;
  private readonly filter: EventFilter;
  /** Pending deliveries by subject, each list in log order; the head is the only one that may be attempted. */
  private readonly bySubject = new Map<string, PendingDelivery[]>();
  private readonly pendingPositions = new Set<number>();

  constructor(
    private readonly ctx: DeliveryContext,
    private subscription: Subscription,
    private cursor: DeliveryCursor,
    pending: PendingDelivery[],
    private readonly options: RunOptions,
  ) {
    this.saved = cursor;
    this.filter = filterOf(subscription);
    for (const p of [...pending].sort((a, b) => a.position - b.position)) this.track(p);
  }

  private get repo() {
    return this.ctx.store.subscriptions;
  }

  private now(): Date {
    return this.ctx.clock.now();
  }

  /** Step 1: retries that are due, subject by subject, oldest head first. */
  async retryDue(): Promise<void> {
    const subjects = [...this.bySubject.entries()]
      .sort(([, a], [, b]) => a[0]!.position - b[0]!.position)
      .map(([subject]) => subject);
    for (const subject of subjects) {
      if (this.stopped) return;
      await this.drain(subject);
    }
  }

  /** Step 2: new events from the log, in order, from the cursor on. */
  async readLog(): Promise<void> {
    while (!this.stopped && this.batches < batchesPerRun) {
      const entries = await this.ctx.store.outbox.readLog(this.cursor.position, logBatch);
      this.batches++;
      let blocked = false;
      for (const { position, event } of entries) {
        if (this.outOfTime()) break;
        if (position > this.cursor.position + 1 && !this.holeExpired(this.cursor.position + 1)) {
          blocked = true;
          break;
        }
        await this.dispatch(position, event, 'live');
        this.cursor = { position };
        if (this.stopped) break;
      }
      await this.saveCursor();
      if (this.outOfTime()) return;
      if (blocked || entries.length < logBatch) return;
    }
    if (!this.stopped) this.caughtUp = false;
  }

  /** Step 3: replays, each from where it stopped, up to the live cursor (beyond it live delivery has them). */
  async replay(jobs: ReplayJob[]): Promise<void> {
    for (const job of [...jobs].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      const end = Math.min(job.end, this.cursor.position);
      while (!this.stopped) {
        if (this.batches >= batchesPerRun || this.outOfTime()) {
          this.caughtUp = false;
          return;
        }
        const entries = job.next < end ? await this.ctx.store.outbox.readLog(job.next, logBatch) : [];
        this.batches++;
        const inRange = entries.filter((e) => e.position <= end);
        for (const { position, event } of inRange) {
          if (this.outOfTime()) break;
          if (event.time >= job.from && event.time < job.to) await this.dispatch(position, event, 'replay');
          job.next = position;
          if (this.stopped) break;
        }
        if (!this.stopped && !this.outOfTime() && (inRange.length < logBatch || job.next >= end)) {
          await this.repo.deleteReplay(this.subscription.id, job.id);
          break;
        }
        await this.repo.putReplay(this.subscription.id, job);
      }
    }
  }

  /** Step 4: the next wake-up time, saved with the cursor. */
  async finish(): Promise<DeliveryRun> {
    const now = this.now().getTime();
    const times = [...this.bySubject.values()].map((list) => Date.parse(list[0]!.nextAttemptAt));
    if (this.cursor.gap) {
      times.push(Date.parse(this.cursor.gap.seenAt) + this.ctx.delivery.policy.options.gapGraceMs);
    }
    const next = this.stopped || times.length === 0 ? undefined : Math.max(now, Math.min(...times));
    const wakeAt = next === undefined ? undefined : new Date(next).toISOString();
    const { wakeAt: _previous, ...rest } = this.cursor;
    this.cursor = wakeAt ? { ...rest, wakeAt } : rest;
    await this.saveCursor();
    return {
      delivered: this.delivered,
      failed: this.failed,
      caughtUp: this.caughtUp,
      idle: this.stopped,
      ...(wakeAt ? { wakeAt: new Date(wakeAt) } : {}),
    };
  }

  /** Delivers the pending events of one subject in order while they are due and succeed. */
  private async drain(subject: string): Promise<void> {
    const list = this.bySubject.get(subject)!;
    while (list.length && !this.stopped) {
      const head = list[0]!;
      if (Date.parse(head.nextAttemptAt) > this.now().getTime() || this.outOfTime()) return;
      const outcome = await this.attempt(head.event);
      if (outcome.ok) {
        await this.repo.deletePending(this.subscription.id, head.position);
        this.untrack(head);
        continue;
      }
      const attempts = head.attempts + 1;
      const firstAttemptAt = head.firstAttemptAt ?? outcome.failure.at;
      const next = await this.afterFailure(head.position, head.event, outcome.failure, {
        attempts,
        firstAttemptAt,
        origin: head.origin,
        pending: true,
      });
      if (next === 'dead') this.untrack(head);
      else {
        list[0] = next;
        return;
      }
    }
  }

  /** A live or replayed event: skipped, delivered, queued behind its subject, or pending its first retry. */
  private async dispatch(position: number, event: QiaoCloudEvent, origin: PendingOrigin): Promise<void> {
    if (this.pendingPositions.has(position) || !this.filter(event)) return;
    if (this.bySubject.get(event.subject)?.length) {
      const queued: PendingDelivery = {
        position,
        event,
        attempts: 0,
        nextAttemptAt: this.now().toISOString(),
        origin,
      };
      if (await this.repo.addPending(this.subscription.id, queued)) this.track(queued);
      return;
    }
    const outcome = await this.attempt(event);
    if (outcome.ok) return;
    const next = await this.afterFailure(position, event, outcome.failure, {
      attempts: 1,
      firstAttemptAt: outcome.failure.at,
      origin,
      pending: false,
    });
    if (next !== 'dead') this.track(next);
  }

  /** Applies the policy to a failed attempt: a pending retry, a dead letter, or a disabled subscription. */
  private async afterFailure(
    position: number,
    event: QiaoCloudEvent,
    failure: DeliveryFailure,
    state: { attempts: number; firstAttemptAt: string; origin: PendingOrigin; pending: boolean },
  ): Promise<PendingDelivery | 'dead'> {
    this.failed++;
    const now = this.now();
    const decision = this.ctx.delivery.policy.afterFailure(
      {
        attempts: state.attempts,
        firstAttemptAt: new Date(state.firstAttemptAt),
        now,
        ...(failure.status ? { status: failure.status } : {}),
      },
      this.ctx.delivery.random,
    );
    if (decision.action === 'dead-letter') {
      const dead: DeadLetter = {
        position,
        event,
        attempts: state.attempts,
        firstAttemptAt: state.firstAttemptAt,
        lastError: failure,
        reason: decision.reason,
        deadAt: now.toISOString(),
      };
      await this.repo.addDeadLetter(this.subscription.id, dead, { fromPending: state.pending });
      return 'dead';
    }
    const pending: PendingDelivery = {
      position,
      event,
      attempts: state.attempts,
      firstAttemptAt: state.firstAttemptAt,
      nextAttemptAt: decision.action === 'retry' ? decision.at.toISOString() : now.toISOString(),
      lastError: failure,
      origin: state.origin,
    };
    if (state.pending) await this.repo.updatePending(this.subscription.id, pending);
    else await this.repo.addPending(this.subscription.id, pending);
    if (decision.action === 'disable') await this.disable(decision.reason);
    return pending;
  }

  /** One attempt at one event, in the subscription's projection. */
  private async attempt(event: QiaoCloudEvent): Promise<Outcome> {
    const { target } = this.subscription;
    const body = JSON.stringify(projectEvent(event, this.subscription));
    const at = this.now();
    const fail = (message: string, status?: number): Outcome => ({
      ok: false,
      failure: { message, at: at.toISOString(), ...(status ? { status } : {}) },
    });
    try {
      if (target.kind === 'webhook') {
        const response = await this.ctx.delivery.webhooks.send({
          url: target.url,
          headers: {
            'content-type': 'application/cloudevents+json; charset=utf-8',
            'user-agent': 'Qiao-Hub/1',
            ...signWebhook({ id: event.id, body, timestamp: at, secrets: this.subscription.secrets ?? [] }),
          },
          body,
          timeoutMs: this.ctx.delivery.webhookTimeoutMs,
          ...(this.options.signal ? { signal: this.options.signal } : {}),
        });
        if (response.status >= 200 && response.status < 300) return this.succeeded();
        const excerpt = response.body.trim().slice(0, 200);
        return fail(
          `the endpoint answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
          response.status,
        );
      }
      if (target.kind === 'sqs') {
        const queues = this.ctx.delivery.subscriberQueues;
        if (!queues) return fail('this runtime cannot send to SQS queues; SQS targets need the AWS runtime');
        await queues.send(target.queueArn, { body, groupId: event.subject, deduplicationId: event.id });
        return this.succeeded();
      }
      return fail(`target kind "${target.kind}" is not pushed`);
    } catch (error) {
      // Stopping the runtime is not the receiver's failure: the event stays after the cursor and is sent again.
      if (this.options.signal?.aborted) throw error;
      return fail((error as Error).message);
    }
  }

  /** Past the run's deadline: nothing new starts, and the run reports it is not caught up. */
  private outOfTime(): boolean {
    if (this.options.deadline === undefined || Date.now() < this.options.deadline) return false;
    this.caughtUp = false;
    return true;
  }

  private succeeded(): Outcome {
    this.delivered++;
    return { ok: true };
  }

  private async disable(reason: string): Promise<void> {
    this.stopped = true;
    const previous = this.subscription;
    const latest = (await this.repo.get(previous.id)) ?? previous;
    this.subscription = {
      ...latest,
      status: 'disabled',
      disabledReason: reason,
      updatedAt: this.now().toISOString(),
      version: latest.version + 1,
    };
    await this.repo.save(this.subscription, latest.version);
    await this.ctx.delivery.rules.put(this.subscription);
  }

  /** True when the hole at `position` has been waited for long enough; otherwise notes it and returns false. */
  private holeExpired(position: number): boolean {
    const now = this.now();
    const gap = this.cursor.gap;
    if (gap?.position === position) {
      return now.getTime() - Date.parse(gap.seenAt) >= this.ctx.delivery.policy.options.gapGraceMs;
    }
    this.cursor = { ...this.cursor, gap: { position, seenAt: now.toISOString() } };
    return false;
  }

  private async saveCursor(): Promise<void> {
    if (JSON.stringify(this.cursor) === JSON.stringify(this.saved)) return;
    await this.repo.saveCursor(this.subscription.id, this.cursor, this.saved.position);
    this.saved = this.cursor;
  }

  private track(pending: PendingDelivery): void {
    const list = this.bySubject.get(pending.event.subject);
    if (list) list.push(pending);
    else this.bySubject.set(pending.event.subject, [pending]);
    this.pendingPositions.add(pending.position);
  }

  private untrack(pending: PendingDelivery): void {
    const list = this.bySubject.get(pending.event.subject);
    if (list?.[0] === pending) list.shift();
    if (list && list.length === 0) this.bySubject.delete(pending.event.subject);
    this.pendingPositions.delete(pending.position);
  }
}
