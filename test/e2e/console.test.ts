/**
 * The steward console in a real browser (Debian's Chromium driven by playwright-core): a steward signs in, works the
 * queue by keyboard (same, different), splits a wrongly merged person, and the HTTP API and the event log agree
 * with what the pages did. QIAO_SCREENSHOTS=1 also writes docs/console-queue.png and docs/console-pair.png.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import { aWorkOrder } from '../support/builders.js';
import { startTestHub, type TestHub } from '../support/local-hub.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; each assertion states its shape
type Json = any;

const chromiumPath = '/usr/bin/chromium';
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const screenshots = Boolean(process.env.QIAO_SCREENSHOTS);

/** Callers whose two work orders each make one uncertain pair (same name, same village, different phones). */
const callers = ['钱国庆', '孙丽萍', '周海峰', '吴红梅', '郑志强', '冯建国', '陈秀英', '褚桂兰'];

/** A work order by this caller, the narrative naming them too. */
function callOf(caller: string): Record<string, unknown> {
  const order = aWorkOrder({ cusName: caller });
  return {
    ...order,
    contentText: String(order.contentText).replace(/^来电人\p{Script=Han}+?反映/u, `来电人${caller}反映`),
  };
}

const examples = new URL('../../../shared/sources/examples/', import.meta.url);
const example = (name: string) => readFileSync(new URL(name, examples));

describe('the steward console in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let steward: { id: string; key: string };
  const orders = new Map<string, Array<Record<string, unknown>>>();

  const createKey = async (scopes: string[], name: string) => {
    const res = await hub.request('/v1/api-keys', { method: 'POST', json: { name, scopes } });
    return (await res.json()) as { id: string; key: string };
  };
  const api = async (path: string): Promise<Json> => (await hub.request(path, { key: steward.key })).json();
  const events = async (): Promise<QiaoCloudEvent[]> => {
    await hub.settled();
    const out: QiaoCloudEvent[] = [];
    for (let position = 0; ; ) {
      const log = await hub.deps.store.outbox.readLog(position, 500);
      if (log.length === 0) return out;
      out.push(...log.map((e) => e.event));
      position = log.at(-1)!.position;
    }
  };
  const personOf = async (order: Record<string, unknown>): Promise<string> =>
    (await api(`/v1/records/hotline-12345/${order.formId}`)).entities.persons[0].id;
  /** The open pair of a caller's two persons, as the API lists it. */
  const pairOf = async (caller: string): Promise<Json> => {
    const [first, second] = orders.get(caller)!;
    const ids = [await personOf(first!), await personOf(second!)].sort().join();
    const { items } = await api('/v1/review?kind=person&limit=200');
    return items.find((i: Json) => [i.leftId, i.rightId].sort().join() === ids);
  };

  beforeAll(async () => {
    expect(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`).toBe(true);
    hub = await startTestHub();
    steward = await createKey(['steward'], '李科员');
    // The first call of every caller, then the second: each second call is an uncertain match of the first.
    for (const caller of callers) orders.set(caller, [callOf(caller), callOf(caller)]);
    for (const round of [0, 1]) {
      const batch = callers.map((caller) => orders.get(caller)![round]);
      const res = await hub.request('/v1/sources/hotline-12345/records', { method: 'POST', json: batch });
      expect(res.status).toBe(202);
      await hub.settled();
    }
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.cleanup();
  });

  it('signs a steward in with an API key kept in an HttpOnly, SameSite=Strict cookie, and refuses other keys', async () => {
    await page.goto(`${hub.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');

    const reader = await createKey(['reader'], '只读密钥');
    await page.fill('input[name=key]', reader.key);
    await page.click('button[type=submit]');
    await expect(page.locator('.notice.error').textContent()).resolves.toContain(
      '没有数据管理（steward）权限',
    );

    await page.fill('input[name=key]', 'qiao_not_a_key_at_all_000000000000');
    await page.click('button[type=submit]');
    await expect(page.locator('.notice.error').textContent()).resolves.toContain('密钥无效');

    await page.fill('input[name=key]', steward.key);
    await page.click('button[type=submit]');
    await page.waitForURL(`${hub.url}/console`);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({
      name: 'qiao_console',
      httpOnly: true,
      sameSite: 'Strict',
      path: '/console',
    });
    expect(await page.content()).not.toContain(steward.key);
    expect(await page.locator('header .who').textContent()).toContain('李科员');
  });

  it('shows the queue, most consequential first, filterable, with a row per open pair', async () => {
    const rows = page.locator('tr[data-review]');
    // Every open pair: the callers' person pairs, and the dispute pairs their calls make (one name, one village).
    const open = (await api('/v1/review?limit=200')).items;
    expect(open.filter((i: Json) => i.kind === 'person')).toHaveLength(callers.length);
    expect(await rows.count()).toBe(open.length);
    const priorities = await page.locator('tr[data-review] td:first-child').allTextContents();
    expect(priorities.map(Number)).toEqual([...priorities.map(Number)].sort((a, b) => b - a));
    for (const caller of callers) expect(await page.locator('table.queue').textContent()).toContain(caller);
    if (screenshots) await page.screenshot({ path: `${docs}console-queue.png` });

    // `/` focuses the filters; a division outside the pairs' village empties the list.
    await page.keyboard.press('/');
    expect(await page.locator(':focus').getAttribute('name')).toBe('kind');
    await page.fill('input[name=division]', '110101');
    await page.click('form.filters button[type=submit]');
    await expect(page.locator('main').textContent()).resolves.toContain('没有待判定的候选对');
    await page.goto(`${hub.url}/console?kind=person&source=hotline-12345`);
    expect(await rows.count()).toBe(callers.length);
  });

  it('decides a pair "same" with a reason by keyboard, moves on to the next pair, and the API and events agree', async () => {
    const pair = await pairOf('钱国庆');
    await page.goto(`${hub.url}/console`);
    // j moves the selection down the list; Enter opens the selected pair.
    const order = await page
      .locator('tr[data-review]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-review')));
    for (let i = 0; i < order.indexOf(pair.id); i++) await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/console/review/${pair.id}`));

    // Both sides, field by field: the phones differ, the names agree; the evidence as a waterfall.
    const phoneRow = page.locator('table.compare tr', { hasText: '电话' });
    expect(await phoneRow.getAttribute('data-differs')).toBe('yes');
    const nameRow = page
      .locator('table.compare tr')
      .filter({ has: page.locator('th', { hasText: /^姓名$/ }) });
    expect(await nameRow.getAttribute('data-differs')).toBe('no');
    expect(await page.locator('svg[data-waterfall] g[data-evidence]').count()).toBe(pair.evidence.length);
    // The raw records behind each side, masked without the pii scope.
    const raw = await page.locator('pre.raw').first().textContent();
    expect(raw).toContain('钱国庆');
    expect(raw).toMatch(/139\*{4}\d{4}/);
    if (screenshots) await page.screenshot({ path: `${docs}console-pair.png` });

    await page.fill('textarea[name=reason]', '同一手机号实名登记');
    await page.keyboard.press('Escape');
    await page.keyboard.press('s');
    await page.waitForURL(
      (url) => url.pathname.startsWith('/console/review/') && !url.pathname.endsWith(pair.id),
    );
    expect(await page.locator('.notice').textContent()).toContain('已判定为相同');

    const decided = await api(`/v1/review/${pair.id}`);
    expect(decided).toMatchObject({ status: 'same', decidedBy: steward.id, reason: '同一手机号实名登记' });
    const merged = (await events()).find(
      (e) => e.type === 'qiao.person.merged' && [pair.leftId, pair.rightId].includes(e.subject!),
    );
    const data = merged?.data as Json;
    expect([data.winnerId, ...data.loserIds].sort()).toEqual([pair.leftId, pair.rightId].sort());
    expect(data).toMatchObject({ decidedBy: 'steward', steward: steward.id, reason: '同一手机号实名登记' });
    const survivor = await api(`/v1/persons/${data.loserIds[0]}`); // follows the redirect
    expect(survivor.id).toBe(data.winnerId);
    expect(survivor.records.map((r: Json) => r.sourceRecordId).sort()).toEqual(
      orders
        .get('钱国庆')!
        .map((o) => o.formId)
        .sort(),
    );
  });

  it('decides another pair "different" with d, and it stays two persons that are never proposed again', async () => {
    const pair = await pairOf('孙丽萍');
    await page.goto(`${hub.url}/console/review/${pair.id}`);
    await page.keyboard.press('d');
    await page.waitForURL((url) => !url.pathname.endsWith(pair.id));
    expect(await page.locator('.notice').textContent()).toContain('已判定为不同');

    expect(await api(`/v1/review/${pair.id}`)).toMatchObject({ status: 'different', decidedBy: steward.id });
    expect(await pairOf('孙丽萍')).toBeUndefined();
    const [left, right] = await Promise.all([
      api(`/v1/persons/${pair.leftId}`),
      api(`/v1/persons/${pair.rightId}`),
    ]);
    expect([left.id, right.id]).toEqual([pair.leftId, pair.rightId]);
    const all = await events();
    expect(
      all.some((e) => e.type === 'qiao.person.merged' && [pair.leftId, pair.rightId].includes(e.subject!)),
    ).toBe(false);
    const audit = await api(`/v1/audit?entity=${pair.leftId}`);
    expect(audit.items).toEqual([expect.objectContaining({ action: 'review.different', actor: steward.id })]);
  });

  it('splits a wrongly merged person by choosing a record, and the API, records and events agree', async () => {
    const [, second] = orders.get('钱国庆')!;
    const winner = await personOf(second!).then((id) => api(`/v1/persons/${id}`));
    await page.goto(`${hub.url}/console/persons/${winner.id}`);
    expect(await page.locator('h1').textContent()).toContain('钱国庆');
    expect(await page.locator('[data-record]').count()).toBe(2);
    await page.selectOption(`select[data-split="hotline-12345/${second!.formId}"]`, '1');
    await page.fill('form textarea[name=reason]', '两人同名，电话不同，系误合并');
    await page.click('button[data-split-submit]');
    await page.waitForURL((url) => url.searchParams.has('split'));
    const newId = new URL(page.url()).searchParams.get('split')!;
    expect(await page.locator('.notice').textContent()).toContain(newId);
    expect(await page.locator('[data-record]').count()).toBe(1);
    expect(await page.locator('a[data-new-part]').getAttribute('href')).toBe(`/console/persons/${newId}`);

    const part = await api(`/v1/persons/${newId}`);
    expect(part.records.map((r: Json) => r.sourceRecordId)).toEqual([second!.formId]);
    const rest = await api(`/v1/persons/${winner.id}`);
    expect(rest.records.map((r: Json) => r.sourceRecordId)).not.toContain(second!.formId);
    expect(await personOf(second!)).toBe(newId);
    const split = (await events()).find((e) => e.type === 'qiao.person.split' && e.subject === winner.id);
    expect(split?.data).toMatchObject({
      originalId: winner.id,
      newIds: [newId],
      assignments: [{ sourceId: 'hotline-12345', sourceRecordId: second!.formId, entityId: newId }],
      steward: steward.id,
    });
    const audit = await api(`/v1/audit?steward=${steward.id}`);
    expect(audit.items.map((e: Json) => e.action)).toEqual([
      'person.split',
      'review.different',
      'review.same',
    ]);
  });

  it('shows the audit log, searchable by entity and by steward', async () => {
    await page.goto(`${hub.url}/console/audit`);
    expect(await page.locator('tr[data-action]').count()).toBe(3);
    await page.click('text=只看我的');
    expect(await page.locator('tr[data-action]').count()).toBe(3);
    const pair = await api(`/v1/review/${(await pairOf('周海峰')).id}`);
    await page.goto(`${hub.url}/console/audit?entity=${pair.leftId}`);
    expect(await page.locator('tr[data-action]').count()).toBe(0);
    await expect(page.locator('main').textContent()).resolves.toContain('没有符合条件的操作记录');
  });

  it('shows a dispute across channels (golden record, merged timeline, risk and deadline) and splits a report out', async () => {
    const post = async (sourceId: string, body: string | Buffer, type = 'application/json') => {
      const res = await hub.request(`/v1/sources/${sourceId}/records`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': type },
      });
      expect(res.status).toBe(202);
      await hub.settled();
    };
    await post('grid', example('grid.json'));
    await post('hotline-12345', example('hotline-12345.json'));
    await post('police-110', example('police-110.csv'), 'text/csv');
    await post('court', example('court.json'));
    await post('petition', example('petition.json'));
    const grid = 'WG3306811092900032024030500007';
    const disputeId = (await api(`/v1/records/grid/${grid}`)).entities.dispute.id;

    await page.goto(`${hub.url}/console/disputes/${disputeId}`);
    expect(await page.locator('[data-record]').count()).toBe(5);
    const timeline = await page.locator('ul.timeline').textContent();
    for (const channel of ['网格', '12345热线', '110接处警', '法院', '信访'])
      expect(timeline).toContain(channel);
    const panel = await page.locator('.panel', { hasText: '风险与期限' }).textContent();
    expect(panel).toContain('办理期限');

    await page.selectOption(`select[data-split="grid/${grid}"]`, '1');
    await page.click('button[data-split-submit]');
    await page.waitForURL((url) => url.searchParams.has('split'));
    const newId = new URL(page.url()).searchParams.get('split')!;
    expect(await page.locator('[data-record]').count()).toBe(4);
    expect((await api(`/v1/records/grid/${grid}`)).entities.dispute.id).toBe(newId);
    expect((await api(`/v1/disputes/${disputeId}`)).channels).not.toContain('grid');
    const split = (await events()).find((e) => e.type === 'qiao.dispute.split' && e.subject === disputeId);
    expect(split?.data).toMatchObject({ originalId: disputeId, newIds: [newId], steward: steward.id });
  });

  it('rejects a form posted from another site, and signs out', async () => {
    const [cookie] = await context.cookies();
    const pair = await pairOf('周海峰');
    const forged = await fetch(`${hub.url}/console/review/${pair.id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        Cookie: `qiao_console=${cookie!.value}`,
        Origin: 'https://evil.example',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'decision=same',
    });
    expect(forged.status).toBe(403);
    expect((await api(`/v1/review/${pair.id}`)).status).toBe('open');

    await page.goto(`${hub.url}/console`);
    await page.click('header .who button');
    await page.waitForURL(`${hub.url}/console/sign-in`);
    await page.goto(`${hub.url}/console/audit`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  });
});
