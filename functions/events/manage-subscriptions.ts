/**
 * What a subscriber does with a subscription: create it, change it, rotate its webhook secret, redrive its dead
 * letters, replay a time range of the event log to it, delete it. Each change is stored, then routed (the EventBridge
 * rule in AWS, the local worker here), so a failure to route leaves a stored subscription that the next change or
 * start-up routes again.
 */
import { randomBytes } from 'node:crypto';
import { canSeePersonalData, type Principal } from '../access/api-keys.js';
import { newId } from '../ids.js';
import type { DeliveryDeps, HubDeps } from '../runtime/deps.js';
import type { ReplayJob } from './delivery-state.js';
import type { PayloadShape } from './event-projection.js';
import type { EventPattern } from './pattern-matcher.js';
import { checkWebhookUrl, UnsafeWebhookUrlError } from './ssrf-guard.js';
import {
  InvalidSubscriptionError,
  isPushTarget,
  type Subscription,
  type SubscriptionStatus,
  type SubscriptionTarget,
  UnsupportedTargetError,
  validatePattern,
} from './subscriptions.js';
import { maxRotationOverlapMs, newWebhookSecret, rotateSecrets } from './webhook-signing.js';

export type ManageDeps = Pick<HubDeps, 'store' | 'clock'> & { delivery: DeliveryDeps };

export interface SubscriptionInput {
  name: string;
  pattern: EventPattern;
  region?: string;
  payload: PayloadShape;
  target: SubscriptionTarget;
}

export interface SubscriptionChanges {
  name?: string;
  pattern?: EventPattern;
  /** `null` removes the region. */
  region?: string | null;
  payload?: PayloadShape;
  status?: SubscriptionStatus;
  webhookUrl?: string;
}

const queueArnPattern = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

export async function createSubscription(
  deps: ManageDeps,
  owner: Principal,
  input: SubscriptionInput,
): Promise<{ subscription: Subscription; secret?: string }> {
  // 1. The pattern must be one EventBridge accepts (AWS turns it into a rule), checked with its rules.
  validatePattern(input.pattern);
  // 2. The target must be reachable and safe: webhooks pass the SSRF guard, SQS needs the AWS runtime.
  const target = await checkTarget(deps, input.target);
  // 3. A webhook gets its signing secret, shown once.
  const now = deps.clock.now();
  const secret = target.kind === 'webhook' ? newWebhookSecret() : undefined;
  const subscription: Subscription = {
    id: newId('sub', now),
    name: input.name,
    ownerKeyId: owner.keyId,
    pattern: input.pattern,
    ...(input.region ? { region: input.region } : {}),
    payload: input.payload,
    pii: canSeePersonalData(owner),
    target,
    status: 'active',
    ...(secret ? { secrets: [{ secret, createdAt: now.toISOString() }] } : {}),
    // 4. It receives what is published from now on; earlier events are a replay away.
    startPosition: await deps.store.subscriptions.eventLogHead(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  // 5. Stored, then routed.
  await deps.store.subscriptions.create(subscription);
  await deps.delivery.rules.put(subscription);
  return { subscription, ...(secret ? { secret } : {}) };
}

export async function updateSubscription(
  deps: ManageDeps,
  current: Subscription,
  changes: SubscriptionChanges,
): Promise<Subscription> {
  if (changes.pattern) validatePattern(changes.pattern);
  let target = current.target;
  if (changes.webhookUrl !== undefined) {
    if (target.kind !== 'webhook') {
      throw new InvalidSubscriptionError(
        `subscription ${current.id} has no webhook; create a new subscription`,
        [{ path: 'webhook', message: `the target is ${target.kind}` }],
      );
    }
    target = await checkTarget(deps, { kind: 'webhook', url: changes.webhookUrl });
  }
  const { region: _region, disabledReason: _reason, ...rest } = current;
  const region = changes.region === null ? undefined : (changes.region ?? current.region);
  const status = changes.status ?? current.status;
  const disabledReason =
    status === 'active'
      ? undefined
      : current.status === 'active'
        ? 'disabled by its owner'
        : current.disabledReason;
  const next: Subscription = {
    ...rest,
    ...(changes.name ? { name: changes.name } : {}),
    ...(changes.pattern ? { pattern: changes.pattern } : {}),
    ...(region ? { region } : {}),
    ...(changes.payload ? { payload: changes.payload } : {}),
    target,
    status,
    ...(disabledReason ? { disabledReason } : {}),
    updatedAt: deps.clock.now().toISOString(),
    version: current.version + 1,
  };
  await deps.store.subscriptions.save(next, current.version);
  await deps.delivery.rules.put(next);
  // Enabled again: what waited while it was disabled (the event that got 410 Gone, and later ones) goes out now.
  if (current.status !== 'active' && next.status === 'active' && isPushTarget(next.target)) {
    await wake(deps, next, next.updatedAt);
  }
  return next;
}

/** A new webhook secret; the previous ones keep signing for `overlapMs`, so receivers can switch without a gap. */
export async function rotateWebhookSecret(
  deps: ManageDeps,
  current: Subscription,
  overlapMs: number,
): Promise<{ secret: string; previousSecretExpiresAt: string }> {
  if (current.target.kind !== 'webhook') {
    throw new InvalidSubscriptionError(`subscription ${current.id} has no webhook, so no signing secret`, [
      { path: 'id', message: `the target is ${current.target.kind}` },
    ]);
  }
  if (overlapMs < 0 || overlapMs > maxRotationOverlapMs) {
    throw new InvalidSubscriptionError(
      `overlapSeconds must be between 0 and ${maxRotationOverlapMs / 1000}, got ${overlapMs / 1000}`,
      [{ path: 'overlapSeconds', message: 'out of range' }],
    );
  }
  const now = deps.clock.now();
  const rotated = rotateSecrets(current.secrets ?? [], now, overlapMs);
  await deps.store.subscriptions.save(
    { ...current, secrets: rotated.secrets, updatedAt: now.toISOString(), version: current.version + 1 },
    current.version,
  );
  return { secret: rotated.secret, previousSecretExpiresAt: rotated.previousExpiresAt };
}

export async function deleteSubscription(deps: ManageDeps, subscription: Subscription): Promise<void> {
  await deps.delivery.rules.remove(subscription.id);
  await deps.store.subscriptions.delete(subscription.id);
}

/** Dead letters (all, or those at `positions`) go back to pending, due at once; returns how many. */
export async function redriveDeadLetters(
  deps: ManageDeps,
  subscription: Subscription,
  positions?: number[],
): Promise<number> {
  const now = deps.clock.now().toISOString();
  const count = await deps.store.subscriptions.redrive(subscription.id, now, positions);
  if (count > 0) await wake(deps, subscription, now);
  return count;
}

export type ReplayStart = { kind: 'job'; job: ReplayJob } | { kind: 'cursor'; cursor: number };

/**
 * Re-delivers the events published in [from, to) that match: a push subscription gets a replay worked through by
 * its delivery runs; a feed gets the cursor to read from.
 */
export async function startReplay(
  deps: ManageDeps,
  subscription: Subscription,
  range: { from: Date; to: Date },
): Promise<ReplayStart> {
  if (range.from >= range.to) {
    throw new InvalidSubscriptionError(
      `replay needs "from" before "to", got ${range.from.toISOString()} … ${range.to.toISOString()}`,
      [{ path: 'from', message: 'must be before "to"' }],
    );
  }
  const start = await positionBefore(deps, range.from);
  if (!isPushTarget(subscription.target)) return { kind: 'cursor', cursor: start };
  const now = deps.clock.now();
  const job: ReplayJob = {
    id: `rpl_${now.getTime().toString(36)}${randomBytes(4).toString('hex')}`,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    next: start,
    end: await positionBefore(deps, range.to),
    createdAt: now.toISOString(),
  };
  await deps.store.subscriptions.putReplay(subscription.id, job);
  await wake(deps, subscription, now.toISOString());
  return { kind: 'job', job };
}

/**
 * The last event-log position whose event is older than `time`, by binary search over positions (the log is in
 * publication order, which follows commit time); O(log n) single-item reads.
 */
export async function positionBefore(deps: Pick<HubDeps, 'store'>, time: Date): Promise<number> {
  const target = time.toISOString();
  let before = 0;
  let atOrAfter = (await deps.store.subscriptions.eventLogHead()) + 1;
  while (atOrAfter - before > 1) {
    const mid = Math.floor((before + atOrAfter) / 2);
    const [entry] = await deps.store.outbox.readLog(mid - 1, 1);
    if (entry && entry.position < atOrAfter && entry.event.time < target) before = entry.position;
    else atOrAfter = mid;
  }
  return before;
}

async function wake(deps: ManageDeps, subscription: Subscription, at: string): Promise<void> {
  await deps.store.subscriptions.requestWake(subscription.id, at);
  await deps.delivery.wakeups.wake([subscription.id]);
}

async function checkTarget(deps: ManageDeps, target: SubscriptionTarget): Promise<SubscriptionTarget> {
  if (target.kind === 'webhook') {
    try {
      const url = await checkWebhookUrl(target.url, {
        allowlist: deps.delivery.allowlist,
        resolve: (host) => deps.delivery.resolver.resolve(host),
      });
      return { kind: 'webhook', url };
    } catch (error) {
      if (error instanceof UnsafeWebhookUrlError) {
        throw new InvalidSubscriptionError(error.message, [{ path: error.path, message: error.message }]);
      }
      throw error;
    }
  }
  if (target.kind === 'sqs') {
    if (!queueArnPattern.test(target.queueArn)) {
      throw new InvalidSubscriptionError(
        `"${target.queueArn}" is not an SQS queue ARN; give one like arn:aws:sqs:cn-north-1:123456789012:my-queue`,
        [{ path: 'sqs.queueArn', message: 'not an SQS queue ARN' }],
      );
    }
    if (!deps.delivery.subscriberQueues) {
      throw new UnsupportedTargetError(
        'SQS targets need the hub running in AWS; locally, use a webhook or a feed',
      );
    }
  }
  return target;
}

/**
 * A revoked key's subscriptions stop: they are disabled (their cursors stay, so an admin can re-enable one after
 * handing it to another key) and, in AWS, their EventBridge rules are updated to match.
 */
export async function disableSubscriptionsOf(deps: ManageDeps, keyId: string): Promise<number> {
  const owned = await deps.store.subscriptions.list({ ownerKeyId: keyId });
  let disabled = 0;
  for (const current of owned.filter((s) => s.status === 'active')) {
    const next: Subscription = {
      ...current,
      status: 'disabled',
      disabledReason: 'the API key that owns it was revoked',
      updatedAt: deps.clock.now().toISOString(),
      version: current.version + 1,
    };
    await deps.store.subscriptions.save(next, current.version);
    await deps.delivery.rules.put(next);
    disabled++;
  }
  return disabled;
}
