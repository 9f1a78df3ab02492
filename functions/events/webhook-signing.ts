/**
 * Webhook signing per Standard Webhooks: `whsec_` secrets, and `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` headers any of its libraries verifies. A rotated secret keeps signing beside the new one for an
 * overlap window (the signature header then lists both), so receivers can switch without losing a delivery.
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface WebhookSecret {
  /** `whsec_` + base64 of 32 random bytes. */
  secret: string;
  createdAt: string;
  /** Set when a newer secret replaced this one: it signs until then. */
  expiresAt?: string;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The longest a replaced secret may keep signing. */
export const maxRotationOverlapMs = 7 * 24 * 3600_000;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Secrets that sign at `now`, newest first. */
export function activeSecrets(secrets: readonly WebhookSecret[], now: Date): WebhookSecret[] {
  return secrets
    .filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime())
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * A new secret in front; the ones still active keep signing for `overlapMs` more (never longer than they already
 * would), expired ones are dropped.
 */
export function rotateSecrets(
  secrets: readonly WebhookSecret[],
  now: Date,
  overlapMs: number,
): { secrets: WebhookSecret[]; secret: string; previousExpiresAt: string } {
  const previousExpiresAt = new Date(now.getTime() + overlapMs).toISOString();
  const kept = activeSecrets(secrets, now).map((s) => ({
    ...s,
    expiresAt: s.expiresAt && s.expiresAt < previousExpiresAt ? s.expiresAt : previousExpiresAt,
  }));
  const secret = newWebhookSecret();
  return {
    secret,
    previousExpiresAt,
    secrets: [
      { secret, createdAt: now.toISOString() },
      ...kept.filter((s) => s.expiresAt > now.toISOString()),
    ],
  };
}

/** Signs one delivery with every active secret; `id` stays the same across retries of the same message. */
export function signWebhook(input: {
  id: string;
  body: string;
  timestamp: Date;
  secrets: readonly WebhookSecret[];
}): SignedHeaders {
  const active = activeSecrets(input.secrets, input.timestamp);
  if (active.length === 0) throw new Error(`no active webhook secret to sign message ${input.id}`);
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(Math.floor(input.timestamp.getTime() / 1000)),
    'webhook-signature': active
      .map((s) => new Webhook(s.secret).sign(input.id, input.timestamp, input.body))
      .join(' '),
  };
}
