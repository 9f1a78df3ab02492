/**
 * Rate limiting per API key (and per client address where there is no key yet, as at the console's sign-in): a token
 * bucket per key, refilled continuously at `perMinute / 60` tokens a second up to `burst`. A request that finds the
 * bucket empty is answered 429 with `Retry-After` (seconds until a token is back).
 *
 * The buckets live in the process's memory. Locally that is the whole hub; in AWS it is one Lambda instance, so the
 * effective limit grows with concurrency: API Gateway's throttling (and usage plans) is the hard limit there, this
 * one keeps a single key from monopolising an instance.
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
 */
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Clock } from '../../runtime/ports.js';
import type { AuthEnv } from './auth.js';
import { problem } from './errors.js';

export interface RateLimitOptions {
  /** Sustained requests per minute per key; 0 turns limiting off. */
  perMinute: number;
  /** Requests a key may make at once after being idle. @default a sixth of a minute's worth, at least 10 */
  burst?: number;
}

export type RateDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept at most; beyond it, buckets that have refilled (idle keys) are forgotten first. */
const maxBuckets = 10_000;

export class RateLimiter {
  readonly perMinute: number;
  readonly burst: number;
  private readonly perMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    options: RateLimitOptions,
    private readonly clock: Clock,
  ) {
    if (!(options.perMinute > 0)) {
      throw new Error(
        `a rate limit needs perMinute > 0, got ${options.perMinute}; use no limiter to turn it off`,
      );
    }
    this.perMinute = options.perMinute;
    this.burst = Math.max(1, Math.floor(options.burst ?? Math.max(10, options.perMinute / 6)));
    this.perMs = options.perMinute / 60_000;
  }

  /** Takes one token from the key's bucket, or says how long until one is back. */
  take(key: string): RateDecision {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    const tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    if (tokens < 1) {
      this.remember(key, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
    }
    this.remember(key, { tokens: tokens - 1, at: now });
    return { allowed: true, remaining: Math.floor(tokens - 1) };
  }

  /** Number of keys with a bucket (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private remember(key: string, bucket: Bucket): void {
    // Re-inserting keeps the map in order of last use, so the oldest entries come first when pruning.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > maxBuckets) this.prune(bucket.at);
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.burst) this.buckets.delete(key);
    }
    // Still too many busy keys: forget the least recently used (they start again with a full bucket).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= maxBuckets) break;
      this.buckets.delete(key);
    }
  }
}

/** How a refused request is answered: problem+json by default; the console renders a page. */
export type LimitedResponder = (c: Context, retryAfterSeconds: number) => Response | Promise<Response>;

const answerProblem: LimitedResponder = (c, retryAfterSeconds) =>
  problem(
    c,
    429,
    'rate-limited',
    `too many requests for this API key; wait ${retryAfterSeconds} s (Retry-After) and send fewer requests per minute`,
  );

/** Spends one token of the bucket `keyOf` names; answers 429 with `Retry-After` when it is empty. */
export function rateLimit(
  limiter: RateLimiter,
  keyOf: (c: Context<AuthEnv>) => string,
  respond: LimitedResponder = answerProblem,
): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const decision = limiter.take(keyOf(c));
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      return respond(c, decision.retryAfterSeconds);
    }
    await next();
  });
}

/**
 * The client's address as the runtime saw it: the socket's peer under @hono/node-server, the source IP API Gateway
 * reports in Lambda. Never a forwarding header the client could choose.
 */
export function clientAddress(c: Context): string {
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
      }
    | undefined;
  return (
    env?.incoming?.socket?.remoteAddress ??
    env?.requestContext?.http?.sourceIp ??
    env?.requestContext?.identity?.sourceIp ??
    'unknown'
  );
}
