// The retry policy: exponential backoff with jitter over at least a day, then dead letters; 410 disables.
import { describe, expect, it } from 'vitest';
import { createDeliveryPolicy, defaultDeliveryPolicy } from '../../../functions/events/delivery-policy.js';

const hour = 3600_000;
const start = new Date('2024-03-06T00:00:00Z');
const later = (ms: number) => new Date(start.getTime() + ms);

/** Follows the policy from a first failed attempt until it gives up, like a receiver that never recovers. */
function schedule(random: () => number) {
  const policy = createDeliveryPolicy();
  const attempts = [start];
  for (;;) {
    const now = attempts.at(-1)!;
    const decision = policy.afterFailure({ attempts: attempts.length, firstAttemptAt: start, now }, random);
    if (decision.action !== 'retry') return { attempts, decision };
    attempts.push(decision.at);
  }
}

describe('delivery policy', () => {
  it('backs off 5 s, 15 s, 45 s … up to 4 hours between attempts', () => {
    const policy = createDeliveryPolicy();
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => policy.nominalDelayMs(n) / 1000)).toEqual([
      5, 15, 45, 135, 405, 1215, 3645, 10935, 14400, 14400,
    ]);
  });

  it('keeps retrying for at least 24 hours, whatever the jitter, then dead-letters', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999999]) {
      const { attempts, decision } = schedule(random);
      const span = attempts.at(-1)!.getTime() - start.getTime();
      expect(span).toBeGreaterThanOrEqual(24 * hour);
      expect(span).toBeLessThan(24 * hour + 4 * hour * 1.2 + 1);
      expect(attempts.length).toBeGreaterThanOrEqual(12);
      expect(decision).toEqual({
        action: 'dead-letter',
        reason: expect.stringMatching(/^gave up after \d+ attempts over 2\d\.\d h$/),
      });
    }
  });

  it('spreads each delay by up to ±20% so receivers are not hit in waves', () => {
    const policy = createDeliveryPolicy();
    const delay = (r: number) => {
      const d = policy.afterFailure({ attempts: 3, firstAttemptAt: start, now: start }, () => r);
      return d.action === 'retry' ? d.at.getTime() - start.getTime() : Number.NaN;
    };
    expect(delay(0)).toBe(36_000);
    expect(delay(0.5)).toBe(45_000);
    expect(delay(1)).toBe(54_000);
  });

  it('disables the subscription when the receiver answers 410 Gone', () => {
    const decision = createDeliveryPolicy().afterFailure({
      attempts: 1,
      firstAttemptAt: start,
      now: later(0),
      status: 410,
    });
    expect(decision).toEqual({
      action: 'disable',
      reason: 'the endpoint answered 410 Gone at 2024-03-06T00:00:00.000Z',
    });
  });

  it('retries every other answer, 4xx included, within the window', () => {
    for (const status of [400, 404, 429, 500, 503, undefined]) {
      const decision = createDeliveryPolicy().afterFailure({
        attempts: 2,
        firstAttemptAt: start,
        now: later(hour),
        status,
      });
      expect(decision.action, String(status)).toBe('retry');
    }
  });

  it('rejects options that make no schedule', () => {
    expect(() => createDeliveryPolicy({ jitter: 1 })).toThrow('jitter');
    expect(() => createDeliveryPolicy({ multiplier: 0.5 })).toThrow('multiplier');
    expect(defaultDeliveryPolicy.retryWindowMs).toBe(24 * hour);
  });
});
