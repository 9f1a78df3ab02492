// Standard Webhooks signing, checked with the specification's own library, and secret rotation.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  activeSecrets,
  newWebhookSecret,
  rotateSecrets,
  signWebhook,
  type WebhookSecret,
} from '../../../functions/events/webhook-signing.js';

const at = new Date('2024-03-06T03:00:00Z');
const body = '{"specversion":"1.0","id":"dsp_1.000000000001.dispute.created"}';

describe('signWebhook', () => {
  it('signs so the Standard Webhooks library verifies it, with the message id and timestamp headers', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const now = new Date();
    const headers = signWebhook({
      id: 'msg_1',
      body,
      timestamp: now,
      secrets: [{ secret, createdAt: at.toISOString() }],
    });
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with every active secret, so receivers on the old or the new one both verify', () => {
    const old = newWebhookSecret();
    const now = new Date();
    const { secrets, secret } = rotateSecrets([{ secret: old, createdAt: at.toISOString() }], now, 3600_000);
    const headers = signWebhook({ id: 'msg_2', body, timestamp: now, secrets });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
  });

  it('fails when no secret is active', () => {
    expect(() =>
      signWebhook({
        id: 'm',
        body,
        timestamp: at,
        secrets: [
          {
            secret: newWebhookSecret(),
            createdAt: '2024-01-01T00:00:00Z',
            expiresAt: '2024-02-01T00:00:00Z',
          },
        ],
      }),
    ).toThrow('no active webhook secret');
  });
});

describe('rotateSecrets', () => {
  it('puts the new secret first and lets the previous ones sign until the overlap ends', () => {
    const first: WebhookSecret = { secret: newWebhookSecret(), createdAt: '2024-01-01T00:00:00Z' };
    const rotated = rotateSecrets([first], at, 24 * 3600_000);
    expect(rotated.secrets[0]!.secret).toBe(rotated.secret);
    expect(rotated.secrets[1]).toEqual({ ...first, expiresAt: '2024-03-07T03:00:00.000Z' });
    expect(activeSecrets(rotated.secrets, new Date('2024-03-07T02:59:59Z'))).toHaveLength(2);
    expect(activeSecrets(rotated.secrets, new Date('2024-03-07T03:00:00Z')).map((s) => s.secret)).toEqual([
      rotated.secret,
    ]);
  });

  it('never extends an expiry already set, and drops expired secrets', () => {
    const expiring: WebhookSecret = {
      secret: 'whsec_a',
      createdAt: '2024-01-01T00:00:00Z',
      expiresAt: '2024-03-06T04:00:00Z',
    };
    const gone: WebhookSecret = {
      secret: 'whsec_b',
      createdAt: '2023-01-01T00:00:00Z',
      expiresAt: '2024-03-01T00:00:00Z',
    };
    const current: WebhookSecret = { secret: 'whsec_c', createdAt: '2024-03-01T00:00:00Z' };
    const rotated = rotateSecrets([expiring, gone, current], at, 24 * 3600_000);
    expect(rotated.secrets.map((s) => [s.secret, s.expiresAt])).toEqual([
      [rotated.secret, undefined],
      ['whsec_c', '2024-03-07T03:00:00.000Z'],
      ['whsec_a', '2024-03-06T04:00:00Z'],
    ]);
    expect(rotateSecrets([current], at, 0).secrets.map((s) => s.secret)).toEqual([
      expect.stringMatching(/^whsec_/),
    ]);
  });
});
