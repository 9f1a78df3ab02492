import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/access/api-keys.js';
import type { AuthEnv } from '../../../functions/http/middleware/auth.js';
import { handleError } from '../../../functions/http/middleware/errors.js';
import { clientAddress, RateLimiter, rateLimit } from '../../../functions/http/middleware/rate-limit.js';
import type { Clock } from '../../../functions/runtime/ports.js';

/** A clock that moves only when told. */
function aClock(start = Date.UTC(2024, 2, 6, 1, 0, 0)) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  } satisfies Clock & { advance(ms: number): void };
}

const takeMany = (limiter: RateLimiter, key: string, n: number) =>
  Array.from({ length: n }, () => limiter.take(key).allowed);

describe('RateLimiter (token bucket per key)', () => {
  it('lets a burst through at once, then refuses with the seconds until the next token', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 }, aClock());
    expect(takeMany(limiter, 'key_a', 3)).toEqual([true, true, true]);
    expect(limiter.take('key_a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills continuously at the per-minute rate, never beyond the burst', () => {
    const clock = aClock();
    const limiter = new RateLimiter({ perMinute: 6, burst: 2 }, clock); // one token every 10 s
    expect(takeMany(limiter, 'key_a', 3)).toEqual([true, true, false]);
    clock.advance(4_000);
    expect(limiter.take('key_a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    clock.advance(6_000);
    expect(limiter.take('key_a').allowed).toBe(true);
    clock.advance(3_600_000); // an hour idle: a full bucket, not sixty tokens
    expect(takeMany(limiter, 'key_a', 3)).toEqual([true, true, false]);
  });

  it('keeps one bucket per key', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 1 }, aClock());
    expect(limiter.take('key_a').allowed).toBe(true);
    expect(limiter.take('key_a').allowed).toBe(false);
    expect(limiter.take('key_b').allowed).toBe(true);
  });

  it('defaults the burst to a sixth of a minute’s worth, and at least 10', () => {
    expect(new RateLimiter({ perMinute: 600 }, aClock()).burst).toBe(100);
    expect(new RateLimiter({ perMinute: 30 }, aClock()).burst).toBe(10);
  });

  it('forgets idle keys first when it holds too many buckets', () => {
    const clock = aClock();
    const limiter = new RateLimiter({ perMinute: 60_000, burst: 2 }, clock);
    for (let i = 0; i < 10_001; i++) limiter.take(`key_${i}`);
    clock.advance(1_000); // every bucket has refilled
    limiter.take('busy');
    limiter.take('another');
    expect(limiter.size).toBeLessThanOrEqual(10_000);
    expect(limiter.size).toBeGreaterThan(0);
  });

  it('rejects a rate of zero (no limiter means no limit)', () => {
    expect(() => new RateLimiter({ perMinute: 0 }, aClock())).toThrow(/perMinute > 0/);
  });
});

describe('rateLimit middleware', () => {
  const principal: Principal = { keyId: 'key_test', name: 'test', scopes: new Set(['reader']) };
  const appWith = (limiter: RateLimiter) => {
    const app = new Hono<AuthEnv>();
    app.onError(handleError);
    app.use(async (c, next) => {
      c.set('principal', principal);
      await next();
    });
    app.use(rateLimit(limiter, (c) => c.get('principal').keyId));
    app.get('/v1/things', (c) => c.json({ ok: true }));
    return app;
  };

  it('answers 429 problem+json with Retry-After once the key has spent its burst', async () => {
    const clock = aClock();
    const app = appWith(new RateLimiter({ perMinute: 30, burst: 2 }, clock));
    expect((await app.request('/v1/things')).status).toBe(200);
    expect((await app.request('/v1/things')).status).toBe(200);
    const refused = await app.request('/v1/things');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('2');
    expect(refused.headers.get('Content-Type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({ status: 429, code: 'rate-limited' });
    clock.advance(2_000);
    expect((await app.request('/v1/things')).status).toBe(200);
  });

  it('reads the client address from the socket or from API Gateway, never from a forwarding header', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text(clientAddress(c)));
    const forwarded = { headers: { 'X-Forwarded-For': '1.2.3.4' } };
    expect(
      await (
        await app.request('/', forwarded, { incoming: { socket: { remoteAddress: '10.0.0.7' } } })
      ).text(),
    ).toBe('10.0.0.7');
    expect(
      await (
        await app.request('/', forwarded, { requestContext: { http: { sourceIp: '203.0.113.9' } } })
      ).text(),
    ).toBe('203.0.113.9');
    expect(await (await app.request('/', forwarded)).text()).toBe('unknown');
  });
});
