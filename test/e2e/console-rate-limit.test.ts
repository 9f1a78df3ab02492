import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/local-hub.js';

describe('rate limiting over HTTP', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ rateLimit: { perMinute: 6, burst: 3 } });
  });
  afterAll(() => hub.cleanup());

  it('answers 429 problem+json with Retry-After once a key has spent its burst, and other keys go on', async () => {
    const busy = await hub.createKey(['reader'], 'busy reader');
    const calm = await hub.createKey(['reader'], 'calm reader');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await hub.request('/v1/sources', { key: busy })).status);
    expect(statuses).toEqual([200, 200, 200]);

    const refused = await hub.request('/v1/sources', { key: busy });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(await refused.json()).toMatchObject({ status: 429, code: 'rate-limited' });

    expect((await hub.request('/v1/sources', { key: calm })).status).toBe(200);
  });

  it('limits console sign-in attempts per client address, before any key is known', async () => {
    const attempt = () =>
      fetch(`${hub.url}/console/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: hub.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'key=qiao_guessing_000000000000000000000',
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await attempt();
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.text()).toContain('请求过于频繁');
  });
});
