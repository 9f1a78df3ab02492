// The closed loop over HTTP with a controllable clock: records → deadlines and 督办 crossings, early warnings raised
// and lowered → the figures of GET /v1/stats, which must equal a full recount of the disputes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figuresOf, recount } from '../../functions/supervision/stats.js';
import { aGridEvent, aPetition, aPoliceCallCsv, aWorkOrder } from '../support/builders.js';
import { startTestHub, type TestHub } from '../support/local-hub.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; each assertion states its shape
type Json = any;
type Event = { id: string; type: string; subject: string; sequence: string; data: Json };

describe('deadlines, early warning and figures over HTTP', () => {
  let hub: TestHub;
  let now = new Date('2024-03-06T03:00:00Z');
  let feed: { id: string; cursor?: string };
  const seen: Event[] = [];
  const at = (iso: string) => {
    now = new Date(iso);
  };

  beforeAll(async () => {
    hub = await startTestHub({ clock: { now: () => now }, supervisionIntervalMs: 3_600_000 });
    const res = await hub.request('/v1/subscriptions', {
      method: 'POST',
      json: {
        name: 'supervision dashboard',
        pattern: { type: ['qiao.dispute.overdue', 'qiao.risk.raised'] },
        feed: {},
      },
    });
    expect(res.status).toBe(201);
    feed = { id: ((await res.json()) as Json).id };
  });
  afterAll(() => hub.cleanup());

  const get = async (path: string): Promise<Json> => {
    const res = await hub.request(path);
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return res.json();
  };
  const ingest = async (sourceId: string, records: unknown[] | string) => {
    const res = await hub.request(`/v1/sources/${sourceId}/records`, {
      method: 'POST',
      ...(typeof records === 'string'
        ? { body: records, headers: { 'Content-Type': 'text/csv' } }
        : { json: records }),
    });
    expect(res.status).toBe(202);
    const answer: Json = await res.json();
    expect(answer.rejected, JSON.stringify(answer)).toBe(0);
    await hub.settled();
  };
  const disputeOf = async (sourceId: string, recordId: string): Promise<Json> => {
    const record = await get(`/v1/records/${sourceId}/${recordId}`);
    expect(record.status, JSON.stringify(record.errors)).toBe('processed');
    return get(`/v1/disputes/${record.entities.dispute.id}`);
  };
  /** The feed's events since the last call, kept in `seen`; those about one dispute. */
  const eventsAbout = async (disputeId: string, type?: string): Promise<Event[]> => {
    await hub.settled();
    for (;;) {
      const page: Json = await get(
        `/v1/subscriptions/${feed.id}/feed?limit=500${feed.cursor ? `&after=${feed.cursor}` : ''}`,
      );
      feed.cursor = page.cursor;
      if (page.items.length === 0) break;
      seen.push(...page.items.map((i: Json) => i.event));
    }
    return seen.filter((e) => e.subject === disputeId && (!type || e.type === type));
  };
  const supervise = async (runs = 1) => {
    const results = await Promise.all(Array.from({ length: runs }, () => hub.superviseNow()));
    await hub.settled();
    return results;
  };

  it('puts a work order under its deadline and raises 普通, 黄牌 and 红牌 once each, with sweeps run twice and late', async () => {
    at('2024-03-06T03:00:00Z'); // 11:00 in Beijing, the day the order came in
    const order = aWorkOrder({
      createTime: '2024-03-06 10:02:00',
      planTime: '2024-03-13 18:00:00',
      steps: [{ action: '受理', time: '2024-03-06 10:02:00', fromUnit: '12345中心', toUnit: '12345中心' }],
    });
    await ingest('hotline-12345', [order]);
    let dispute = await disputeOf('hotline-12345', order.formId as string);
    expect(dispute.deadline).toMatchObject({
      dueAt: '2024-03-13T18:00:00+08:00',
      basis: { kind: 'explicit' },
    });
    expect(dispute).not.toHaveProperty('supervisionLevel');
    expect((await supervise())[0]).toMatchObject({ raised: 0, events: 0 });

    // Wednesday the 13th, the due day: the sweep was not run on Monday, so 普通 and 黄牌 are raised together.
    at('2024-03-13T01:00:00Z');
    const [a, b] = await supervise(2);
    expect(a!.events + b!.events).toBe(2);
    await supervise();
    dispute = await get(`/v1/disputes/${dispute.id}`);
    expect(dispute.supervisionLevel).toBe('yellow');
    expect((await get('/v1/stats?division=330681109')).figures.bySupervisionLevel).toMatchObject({
      yellow: 1,
    });

    // The morning after, and again a week late: 红牌 once.
    at('2024-03-14T01:00:00Z');
    await supervise(2);
    at('2024-03-21T01:00:00Z');
    await supervise(2);
    const overdue = await eventsAbout(dispute.id, 'qiao.dispute.overdue');
    expect(overdue.map((e) => [e.data.previousLevel, e.data.supervisionLevel, e.data.crossedAt])).toEqual([
      ['none', 'normal', '2024-03-11T00:00:00+08:00'],
      ['normal', 'yellow', '2024-03-13T00:00:00+08:00'],
      ['yellow', 'red', '2024-03-13T18:00:01+08:00'],
    ]);
    expect(overdue.map((e) => e.id)).toEqual([
      `${dispute.id}.supervision.normal.20240313T100000Z`,
      `${dispute.id}.supervision.yellow.20240313T100000Z`,
      `${dispute.id}.supervision.red.20240313T100000Z`,
    ]);
    dispute = await get(`/v1/disputes/${dispute.id}`);
    expect(dispute.supervisionLevel).toBe('red');
  });

  it('raises the risk as one quarrel climbs from the grid to 12345, 110 and the petition office, and lowers it on resolution', async () => {
    const busiNumber = `ZJ24040${process.pid}`;
    const callId = '3306812024040500001';
    at('2024-04-01T02:00:00Z');
    const grid = aGridEvent({
      fromSerialNumber: busiNumber,
      occurDate: '2024-04-01 09:10:00',
      steps: [
        { action: '受理', time: '2024-04-01 09:30:00', org: '枫源村', user: '陈静', comment: '已现场查看' },
      ],
    });
    await ingest('grid', [grid]);
    at('2024-04-02T02:00:00Z');
    const order = aWorkOrder({
      busiNumber,
      linked110: callId,
      createTime: '2024-04-02 09:00:00',
      planTime: '2024-04-09 18:00:00',
      steps: [{ action: '受理', time: '2024-04-02 09:00:00', fromUnit: '12345中心', toUnit: '12345中心' }],
    });
    await ingest('hotline-12345', [order]);
    const disputeId = (await disputeOf('grid', grid.serialNumber as string)).id;
    expect((await disputeOf('hotline-12345', order.formId as string)).id).toBe(disputeId);
    expect(await eventsAbout(disputeId, 'qiao.risk.raised')).toEqual([]);

    at('2024-04-05T12:00:00Z');
    await ingest(
      'police-110',
      aPoliceCallCsv({
        JJDBH: callId,
        BJSJ: '20240405193522',
        BJNR: '报警人称与邻居因排水沟问题发生争吵',
        CJSJ: '20240405210500',
      }),
    );
    at('2024-04-10T08:00:00Z');
    const petition = aPetition({
      work_id: busiNumber,
      xfrq: '2024年4月10日',
      slrq: '2024-04-11',
      lcjl: [{ dz: '登记', sj: '2024-04-10 15:00:00', dw: '诸暨市信访局', yj: '' }],
    });
    await ingest('petition', [petition]);
    const dispute = await disputeOf('petition', petition.xfjbh as string);
    expect(dispute.id).toBe(disputeId);
    expect(dispute.channels).toEqual(['grid', 'hotline-12345', 'police-110', 'petition']);
    expect(dispute.riskLevel).toBe(3);
    expect(dispute.riskReasons.map((r: Json) => r.rule)).toEqual([
      'channel-escalation',
      'channel-escalation-full',
    ]);

    // 12345 closes the order at the village: the dispute is resolved, the warning lowered to 0.
    at('2024-04-15T08:00:00Z');
    await ingest('hotline-12345', [
      {
        ...order,
        formStatusName: '已办结',
        steps: [
          ...(order.steps as object[]),
          { action: '办结', time: '2024-04-15 15:00:00', fromUnit: '枫源村村民委员会', toUnit: '12345中心' },
        ],
      },
    ]);
    const resolved = await get(`/v1/disputes/${disputeId}`);
    expect(resolved.status.code).toBe('resolved');
    expect(resolved).not.toHaveProperty('riskReasons');
    const raised = await eventsAbout(disputeId, 'qiao.risk.raised');
    expect(raised.map((e) => [e.data.previousLevel, e.data.level])).toEqual([
      [0, 2],
      [2, 3],
      [3, 0],
    ]);
    expect(raised[0]!.data.reasons[0]).toMatchObject({
      rule: 'channel-escalation',
      level: 2,
      evidence: [
        { channel: 'grid', sourceRecordId: grid.serialNumber },
        { channel: 'hotline-12345', sourceRecordId: order.formId },
        { channel: 'police-110', sourceRecordId: callId },
      ],
    });
    expect(raised.map((e) => e.id)).toEqual(raised.map((e) => `${disputeId}.${e.sequence}.risk.raised`));
  });

  it('does not take a 110 call that says nobody came to blows for violence on a known dispute', async () => {
    const busiNumber = `ZJ24050${process.pid}`;
    const callId = '3306812024050600002';
    at('2024-05-06T02:00:00Z');
    const order = aWorkOrder({ busiNumber, linked110: callId, createTime: '2024-05-06 09:00:00' });
    await ingest('hotline-12345', [order]);
    at('2024-05-06T12:00:00Z');
    await ingest(
      'police-110',
      aPoliceCallCsv({
        JJDBH: callId,
        BJSJ: '20240506193000',
        BJNR: '报警人称与邻居因漏水问题争吵，双方未动手',
        CJQK: '民警到场后双方情绪平稳，没有推搡，移交村调解',
        CJSJ: '20240506203000',
      }),
    );
    const dispute = await disputeOf('police-110', callId);
    expect(dispute.channels).toEqual(['hotline-12345', 'police-110']);
    expect(dispute.riskLevel ?? 0).toBe(0);
    expect(await eventsAbout(dispute.id, 'qiao.risk.raised')).toEqual([]);
  });

  it('keeps the figures equal to a full recount through merges, splits, resolutions and sweeps', async () => {
    // The five systems' reports of the shared example, posted at once: one dispute in the end, twins created by two
    // workers at the same moment merged by the machine.
    at('2024-03-25T02:00:00Z');
    const examples = new URL('../../../shared/sources/examples/', import.meta.url);
    const example = (name: string) => readFileSync(new URL(name, examples), 'utf8');
    await Promise.all([
      ingest('grid', [JSON.parse(example('grid.json'))]),
      ingest('hotline-12345', [JSON.parse(example('hotline-12345.json'))]),
      ingest('police-110', example('police-110.csv')),
      ingest('court', [JSON.parse(example('court.json'))]),
      ingest('petition', [JSON.parse(example('petition.json'))]),
    ]);
    // A steward splits the grid event out of the quarrel, and merges two people a machine would not.
    const grid = await disputeOf('grid', 'WG3306811092900032024030500007');
    // Earlier scenarios in this hub told the same quarrel too: at least the five examples are in it.
    expect(grid.reports.length).toBeGreaterThanOrEqual(5);
    const split = await hub.request(`/v1/disputes/${grid.id}/split`, {
      method: 'POST',
      json: { groups: [[{ sourceId: 'grid', sourceRecordId: 'WG3306811092900032024030500007' }]] },
    });
    expect(split.status).toBe(200);
    const [first, second] = [aWorkOrder({ cusName: '钱国庆' }), aWorkOrder({ cusName: '钱国庆' })];
    await ingest('hotline-12345', [first]);
    await ingest('hotline-12345', [second]);
    const review: Json = await get('/v1/review?kind=person&limit=200');
    const pair = review.items.find((i: Json) =>
      [i.left, i.right].some((side: Json) => side.names?.some((n: Json) => n.asGiven === '钱国庆')),
    );
    expect(pair, 'the two callers are proposed for review').toBeDefined();
    const merged = await hub.request(`/v1/review/${pair.id}`, { method: 'POST', json: { decision: 'same' } });
    expect(merged.status).toBe(200);
    at('2024-05-20T02:00:00Z');
    await supervise();

    const disputes = [];
    for await (const d of hub.deps.store.entities.scanDisputes()) disputes.push(d);
    expect(disputes.length).toBeGreaterThan(5);
    const expected = recount(disputes);
    expect(await hub.deps.store.stats.scanAll()).toEqual(expected);

    for (const [query, scope, periods] of [
      ['', 'all', ['all']],
      ['?division=330681', 'county:330681', ['all']],
      ['?division=330681109290', 'village:330681109290', ['all']],
      ['?division=330681109&from=2024-03&to=2024-04', 'town:330681109', ['2024-03', '2024-04']],
    ] as const) {
      const sum: Record<string, number> = {};
      for (const [key, n] of Object.entries(expected)) {
        const [s, p, ...metric] = key.split('/');
        if (s === scope && (periods as readonly string[]).includes(p!)) {
          const k = `${scope}/sum/${metric.join('/')}`;
          sum[k] = (sum[k] ?? 0) + n;
        }
      }
      const { figures } = await get(`/v1/stats${query}`);
      expect(figures, query).toEqual(figuresOf(sum, scope, 'sum'));
    }
    const all = (await get('/v1/stats')).figures;
    expect(all.disputes).toBe(disputes.filter((d) => !d.mergedInto).length);
    expect(all.recordsPerDispute).toBeGreaterThan(1);
    expect(all.bySupervisionLevel.red).toBeGreaterThan(0);
  });

  it('rejects a division or month it cannot answer, naming the field', async () => {
    for (const [query, field] of [
      ['division=3306', 'division'],
      ['division=33068x', 'division'],
      ['from=2024-13', 'from'],
      ['to=2024-04', 'from'],
      ['from=2024-05&to=2024-04', 'to'],
      ['from=2000-01&to=2024-04', 'from'],
    ]) {
      const res = await hub.request(`/v1/stats?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem: Json = await res.json();
      expect(
        problem.errors.map((e: Json) => e.path),
        query,
      ).toContain(field);
    }
    const source = await hub.createKey(['source:grid']);
    expect((await hub.request('/v1/stats', { key: source })).status).toBe(403);
    const dashboard = await hub.createKey(['subscriber']);
    expect((await hub.request('/v1/stats', { key: dashboard })).status).toBe(200);
  });
});
