/**
 * When to retry a failed delivery and when to give up: exponential backoff with jitter, retrying for at least a day
 * (an endpoint down over a night or a weekend day still gets every event), then the dead-letter list. A 410 Gone
 * means the receiver asks to be unsubscribed: the subscription is disabled instead. Pure: time and randomness are
 * passed in.
 */

export interface DeliveryPolicyOptions {
  /** Delay before the first retry. */
  initialDelayMs: number;
  /** Each retry waits this many times longer than the previous one… */
  multiplier: number;
  /** …up to this. */
  maxDelayMs: number;
  /** Retries continue until the first attempt is at least this old; the next failure then dead-letters. */
  retryWindowMs: number;
  /** Each delay is scaled by a random factor in [1 - jitter, 1 + jitter], so receivers are not hit in waves. */
  jitter: number;
  /**
   * How long a hole in the event log may stay before delivery moves past it. A hole is a position reserved by a
   * publisher still writing (it fills within moments) or by one that skipped a duplicate (it never fills).
   */
  gapGraceMs: number;
}

/** 5 s, 15 s, 45 s, 2¼ min, 6¾ min, 20 min, 1 h, 3 h, then every 4 h: about 14 attempts over 24 hours. */
export const defaultDeliveryPolicy: DeliveryPolicyOptions = {
  initialDelayMs: 5_000,
  multiplier: 3,
  maxDelayMs: 4 * 3600_000,
  retryWindowMs: 24 * 3600_000,
  jitter: 0.2,
  gapGraceMs: 10_000,
};

export interface FailedAttempt {
  /** Attempts made so far, including the one that just failed (≥ 1). */
  attempts: number;
  firstAttemptAt: Date;
  now: Date;
  /** The HTTP status the receiver answered, if it answered. */
  status?: number;
}

export type FailureDecision =
  | { action: 'retry'; at: Date }
  | { action: 'dead-letter'; reason: string }
  | { action: 'disable'; reason: string };

export interface DeliveryPolicy {
  readonly options: DeliveryPolicyOptions;
  afterFailure(failure: FailedAttempt, random?: () => number): FailureDecision;
  /** The delay after the n-th failed attempt, before jitter. */
  nominalDelayMs(attempts: number): number;
}

export function createDeliveryPolicy(overrides: Partial<DeliveryPolicyOptions> = {}): DeliveryPolicy {
  const options = { ...defaultDeliveryPolicy, ...overrides };
  if (options.jitter < 0 || options.jitter >= 1)
    throw new Error(`jitter must be in [0, 1), got ${options.jitter}`);
  if (options.initialDelayMs <= 0 || options.multiplier < 1) {
    throw new Error('initialDelayMs must be positive and multiplier at least 1');
  }
  const nominalDelayMs = (attempts: number) =>
    Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** Math.max(0, attempts - 1));
  return {
    options,
    nominalDelayMs,
    afterFailure({ attempts, firstAttemptAt, now, status }, random = Math.random) {
      if (status === 410) {
        return { action: 'disable', reason: `the endpoint answered 410 Gone at ${now.toISOString()}` };
      }
      const elapsed = now.getTime() - firstAttemptAt.getTime();
      if (elapsed >= options.retryWindowMs) {
        return {
          action: 'dead-letter',
          reason: `gave up after ${attempts} attempts over ${formatDuration(elapsed)}`,
        };
      }
      const factor = 1 - options.jitter + 2 * options.jitter * random();
      return { action: 'retry', at: new Date(now.getTime() + Math.round(nominalDelayMs(attempts) * factor)) };
    },
  };
}

function formatDuration(ms: number): string {
  if (ms >= 3600_000) return `${(ms / 3600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 1000).toFixed(1)} s`;
}
