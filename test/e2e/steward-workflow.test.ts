import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import { aCourtCase, aGridEvent, aPetition, aPoliceCallCsv, aWorkOrder } from '../support/builders.js';
import { startTestHub, type TestHub } from '../support/local-hub.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; each assertion states its shape
type Json = any;
const examples = new URL('../../../shared/sources/examples/', import.meta.url);
const example = (name: string) => readFileSync(new URL(name, examples));

describe('the steward workflow over HTTP', () => {
  let hub: TestHub;
  let steward: string;
  let otherSteward: string;
  beforeAll(async () => {
    hub = await startTestHub();
    steward = await hub.createKey(['steward'], '李科员');
    otherSteward = await hub.createKey(['steward'], '王科员');
  });
  afterAll(() => hub.cleanup());

  const get = async (path: string, key = steward): Promise<Json> => (await hub.request(path, { key })).json();
  const post = async (path: string, json: unknown, key = steward) =>
    hub.request(path, { method: 'POST', json, key });
  const ingest = async (sourceId: string, records: unknown[]) => {
    const res = await hub.request(`/v1/sources/${sourceId}/records`, { method: 'POST', json: records });
    expect(res.status).toBe(202);
    await hub.settled();
  };
  /** A 12345 call from 陈宅镇东升村, from `phone` when given (the caller's mobile, as both numbers). */
  const aVillageCall = (name: string, phone: string | undefined, fields: Record<string, unknown>) =>
    aWorkOrder({
      cusName: name,
      ...(phone ? { cusPhone: phone, incomingPhone: phone } : {}),
      areaName: '诸暨市陈宅镇',
      busiAddress: '东升村',
      ...fields,
    });
  /** A quarrel in 陈宅镇东升村 as the grid worker of cell 1, 2 or 3 records it (no coordinates). */
  const villageQuarrel = (q: {
    date: string;
    subject: string;
    content: string;
    type: string;
    names: string;
    cell?: 1 | 2 | 3;
  }) =>
    aGridEvent({
      subject: q.subject,
      issueContent: q.content,
      issueType: q.type,
      occurDate: `${q.date} 10:00:00`,
      occurOrgCode: `33068112024000${q.cell ?? 1}`,
      occurOrgName: `东升村第${'一二三'[(q.cell ?? 1) - 1]}网格`,
      occurLocation: '陈宅镇东升村',
      mainCharacters: q.names,
      lat: undefined,
      lon: undefined,
      steps: [{ action: '受理', time: `${q.date} 10:30:00`, org: '东升村', user: '陈静', comment: '' }],
    });
  /** The grid worker's form of the first of `names` complaining of the second (申请人, 被申请人). */
  const complaintOf = (q: Parameters<typeof villageQuarrel>[0]): Record<string, unknown> => {
    const [complainant, respondent] = q.names.split('、');
    return {
      ...villageQuarrel(q),
      parties: [
        { name: complainant, role: '申请人' },
        { name: respondent, role: '被申请人' },
      ],
    };
  };
  /** Ingests grid events one after the other and reads back each record. */
  const ingestOneByOne = async (...events: Array<Record<string, unknown>>): Promise<Json[]> => {
    const records: Json[] = [];
    for (const event of events) {
      await ingest('grid', [event]);
      records.push(await get(`/v1/records/grid/${event.serialNumber}`, undefined));
    }
    return records;
  };
  /** Posts one 110 call (the contract's CSV example with these fields) and waits for it; its JJDBH. */
  const ingestPoliceCall = async (overrides: Record<string, string>): Promise<string> => {
    const csv = aPoliceCallCsv(overrides);
    const res = await hub.request('/v1/sources/police-110/records', {
      method: 'POST',
      body: csv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(res.status).toBe(202);
    await hub.settled();
    return csv.trim().split('\n')[1]!.split(',')[0]!;
  };
  /** A 110 call from 陈宅镇东升村 with no callback number or ID number of its own. */
  const villagePoliceCall = (overrides: Record<string, string>) =>
    ingestPoliceCall({ LXDH: '', S_IDENTITYCARDNO: '', SFDZ: '诸暨市陈宅镇东升村', ...overrides });
  const personOf = async (sourceId: string, recordId: string): Promise<string> => {
    const record = await get(`/v1/records/${sourceId}/${recordId}`, undefined);
    return record.entities.persons[0].id;
  };
  /** Posts a 12345 order, waits for it, and answers the person its caller resolved to. */
  const callerOf = async (order: Record<string, unknown>): Promise<string> => {
    await ingest('hotline-12345', [order]);
    return personOf('hotline-12345', order.formId as string);
  };
  /**
   * Twenty calls from other people of the county: a rare surname weighs as rare only among others (in a hub of three
   * people every surname is common).
   */
  const otherCallers = () =>
    ingest(
      'hotline-12345',
      Array.from({ length: 20 }, () => aWorkOrder()),
    );
  /** The crosswalk's person for each party of a record, by the name the record gives it ('' for a nameless one). */
  const peopleByName = async (recordId: string): Promise<Record<string, string>> => {
    const line = (await (await hub.request('/v1/export/links', { key: steward })).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.sourceRecordId === recordId);
    return Object.fromEntries(line.parties.map((p: Json) => [p.name ?? '', p.personId]));
  };
  const events = async (): Promise<QiaoCloudEvent[]> => {
    const out: QiaoCloudEvent[] = [];
    for (let position = 0; ; ) {
      const page = await hub.deps.store.outbox.readLog(position, 500);
      if (page.length === 0) return out;
      for (const entry of page) out.push(entry.event);
      position = page.at(-1)!.position;
    }
  };
  /** Two calls by one name from the same village with different phones: a pair a machine should not decide. */
  const uncertainPair = async (name: string) => {
    const first = aWorkOrder({ cusName: name });
    const second = aWorkOrder({ cusName: name });
    await ingest('hotline-12345', [first]);
    await ingest('hotline-12345', [second]);
    const [a, b] = [
      await personOf('hotline-12345', first.formId as string),
      await personOf('hotline-12345', second.formId as string),
    ];
    return { a, b, first, second };
  };
  const openPairs = async (): Promise<Json[]> => (await get('/v1/review?kind=person&limit=200')).items;
  const pairOf = async (a: string, b: string) =>
    (await openPairs()).find((i) => [i.leftId, i.rightId].sort().join() === [a, b].sort().join());

  it('queues an uncertain pair with its evidence and both sides, and needs the steward scope', async () => {
    const { a, b } = await uncertainPair('钱国庆');
    expect(a).not.toBe(b);
    const pair = await pairOf(a, b);
    expect(pair, JSON.stringify(await openPairs())).toBeDefined();
    expect(pair.score).toBeGreaterThanOrEqual(pair.thresholds.review);
    expect(pair.score).toBeLessThan(pair.thresholds.link);
    expect(pair.evidence.find((e: Json) => e.field === 'name')).toMatchObject({ level: 'exact' });
    expect(pair.left.id).toBe(pair.leftId);
    expect(pair.right.names[0].asGiven).toBe('钱国庆');
    expect(JSON.stringify(pair)).not.toContain('blindIndex');
    const reader = await hub.createKey(['reader']);
    expect((await hub.request('/v1/review', { key: reader })).status).toBe(403);
  });

  it('remembers "different": the pair leaves the queue and is never proposed again, even as new records arrive', async () => {
    const { a, b } = await uncertainPair('孙丽萍');
    const pair = await pairOf(a, b);
    const res = await post(`/v1/review/${pair.id}`, {
      decision: 'different',
      reason: '身份证不同，家属核实',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).review).toMatchObject({
      status: 'different',
      reason: '身份证不同，家属核实',
    });
    expect(await pairOf(a, b)).toBeUndefined();
    // A third call by the same name: whatever it links to, a and b are never paired again.
    await ingest('hotline-12345', [aWorkOrder({ cusName: '孙丽萍' })]);
    await ingest('hotline-12345', [aWorkOrder({ cusName: '孙丽萍' })]);
    expect(await pairOf(a, b)).toBeUndefined();
    const decided = await get(`/v1/review/${pair.id}`);
    expect(decided.status).toBe('different');
    // Deciding it again is a conflict, not a silent second decision.
    const again = await post(`/v1/review/${pair.id}`, { decision: 'same' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'review-decided' });

    const audit = await get(`/v1/audit?entity=${a}`);
    expect(audit.items).toEqual([
      expect.objectContaining({
        action: 'review.different',
        entityIds: expect.arrayContaining([a, b]),
        actorName: '李科员',
      }),
    ]);
  });

  it('merges on "same": the retired id redirects, the survivor holds both records, and the events carry every id', async () => {
    const { a, b, first, second } = await uncertainPair('周海峰');
    const pair = await pairOf(a, b);
    const res = await post(`/v1/review/${pair.id}`, { decision: 'same', reason: '同一手机号实名登记' });
    expect(res.status).toBe(200);
    const { merged } = (await res.json()) as Json;
    expect([merged.winnerId, ...merged.loserIds].sort()).toEqual([a, b].sort());

    const redirect = await hub.request(`/v1/persons/${merged.loserIds[0]}`, {
      key: steward,
      redirect: 'manual',
    });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe(`/v1/persons/${merged.winnerId}`);
    const survivor = await get(`/v1/persons/${merged.loserIds[0]}`); // fetch follows the redirect
    expect(survivor.id).toBe(merged.winnerId);
    expect(survivor.records.map((r: Json) => r.sourceRecordId).sort()).toEqual(
      [first.formId, second.formId].sort(),
    );
    const moved = survivor.records.find((r: Json) => r.linkedBy.method === 'steward');
    expect(moved.linkedBy).toMatchObject({ decidedBy: 'steward', reason: '同一手机号实名登记' });

    await hub.settled();
    const mergedEvent = (await events()).find(
      (e) => e.type === 'qiao.person.merged' && e.subject === merged.winnerId,
    );
    expect(mergedEvent?.data).toMatchObject({
      entityKind: 'person',
      winnerId: merged.winnerId,
      loserIds: merged.loserIds,
      decidedBy: 'steward',
    });
    // The crosswalk names the survivor for both records.
    const lines = (await (await hub.request('/v1/export/links', { key: steward })).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const id of [first.formId, second.formId]) {
      const line = lines.find((l) => l.sourceRecordId === id);
      expect(line.parties.find((p: Json) => p.name === '周海峰').personId).toBe(merged.winnerId);
    }
  });

  it('splits a merged person, choosing which records go where, and the parts stay apart', async () => {
    const { a, b, second } = await uncertainPair('吴红梅');
    const pair = await pairOf(a, b);
    const { merged } = (await (await post(`/v1/review/${pair.id}`, { decision: 'same' })).json()) as Json;
    const res = await post(`/v1/persons/${merged.winnerId}/split`, {
      groups: [[{ sourceId: 'hotline-12345', sourceRecordId: second.formId }]],
      reason: '合并有误',
    });
    expect(res.status).toBe(200);
    const split = (await res.json()) as Json;
    expect(split.newIds).toHaveLength(1);
    const [newId] = split.newIds;
    const part = await get(`/v1/persons/${newId}`);
    expect(part.records.map((r: Json) => r.sourceRecordId)).toEqual([second.formId]);
    const rest = await get(`/v1/persons/${merged.winnerId}`);
    expect(rest.records.map((r: Json) => r.sourceRecordId)).not.toContain(second.formId);
    expect(await personOf('hotline-12345', second.formId as string)).toBe(newId);

    await hub.settled();
    const splitEvent = (await events()).find((e) => e.type === 'qiao.person.split');
    expect(splitEvent?.data).toMatchObject({
      originalId: merged.winnerId,
      newIds: [newId],
      assignments: [{ sourceId: 'hotline-12345', sourceRecordId: second.formId, entityId: newId }],
    });
    const audit = await get(`/v1/audit?entity=${newId}`);
    expect(audit.items[0]).toMatchObject({ action: 'person.split', reason: '合并有误' });

    // Moving every record out, or a record the person does not have, is refused with the field named.
    const bad = await post(`/v1/persons/${merged.winnerId}/split`, {
      groups: [[{ sourceId: 'hotline-12345', sourceRecordId: 'not-a-record' }]],
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid-split', errors: [{ path: 'groups/0' }] });
  });

  it('lets only one of two stewards deciding the same pair at once win', async () => {
    const { a, b } = await uncertainPair('郑志强');
    const pair = await pairOf(a, b);
    const answers = await Promise.all([
      post(`/v1/review/${pair.id}`, { decision: 'same' }, steward),
      post(`/v1/review/${pair.id}`, { decision: 'different' }, otherSteward),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const audit = await get(`/v1/audit?entity=${a}`);
    expect(audit.items).toHaveLength(1);
  });

  it('knows 林芳 quarrelling again with 周小芳 months later as the same two people, in a dispute of its own', async () => {
    const quarrel = (date: string, subject: string, content: string, type: string) =>
      villageQuarrel({ date, subject, content, type, names: '林芳、周小芳' });
    const may = quarrel('2024-05-11', '东升村借款纠纷', '林芳反映借给周小芳两万元至今未还。', '合同借贷纠纷');
    const november = quarrel('2024-11-14', '东升村通道纠纷', '林芳反映周小芳在通道上堆放杂物。', '邻里纠纷');
    const [first, second] = await ingestOneByOne(may, november);
    expect(second.entities.dispute.id).not.toBe(first.entities.dispute.id);
    const people = (r: Json) => r.entities.persons.map((p: Json) => p.id);
    expect(people(second)).toEqual(expect.arrayContaining(people(first)));
    const named = await Promise.all(people(first).map((id: string) => get(`/v1/persons/${id}`)));
    const lin = named.find((p: Json) => p.names.some((n: Json) => n.asGiven === '林芳'));
    const link = lin.records.find((r: Json) => r.sourceRecordId === november.serialNumber).linkedBy;
    expect(link.rule).toMatch(/between the same people/);
  });

  it('knows the 110 caller 徐小姐 as 徐小琴 among the parties of the same call, but not a caller of the other sex', async () => {
    const call = async (overrides: Record<string, string>) => {
      const id = await ingestPoliceCall({
        BJDH: '13800000000',
        LXDH: '',
        SFDZ: '诸暨市陈宅镇东升村',
        BJNR: '报警人称与邻居因排水沟问题发生争吵',
        ...overrides,
      });
      return (await get(`/v1/records/police-110/${id}`, undefined)).entities.persons.map((p: Json) => p.id);
    };
    // The caller, her phone and the parties as the officer wrote them: she is one of them.
    const herself = await call({ BJRXM: '徐小姐', BJRXB: '2', BJDH: '13812340001', DSR: '徐小琴、李家强' });
    expect(new Set(herself).size).toBe(2);
    const xu = await get(`/v1/persons/${herself[0]}?pii=true`);
    expect(xu.names.map((n: Json) => n.asGiven).sort()).toEqual(['徐小姐', '徐小琴']);
    const link = xu.records.find((r: Json) => r.linkedBy.rule === 'named twice in one record').linkedBy;
    expect(link.score).toBeGreaterThanOrEqual(link.thresholds.link);
    expect(link.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'record', level: 'named-twice' })]),
    );
    // A man calling about 徐晓琴 and 李家明 is someone else (her husband, her brother): three people.
    const other = await call({ BJRXM: '徐先生', BJRXB: '1', BJDH: '13812340002', DSR: '徐晓琴、李家明' });
    expect(new Set(other).size).toBe(3);
    // A caller who says it is her sister's quarrel is not the 徐 the officer listed.
    const sister = await call({
      BJRXM: '徐小姐',
      BJRXB: '2',
      BJDH: '13812340003',
      BJNR: '报警人称其妹妹与邻居因排水沟问题发生争吵',
      DSR: '徐小燕、李家明',
    });
    expect(new Set(sister).size).toBe(3);
    // 胡军 complaining to 12345 of his neighbour 胡某: one surname, two sides, two people.
    const order = aVillageCall('胡军', undefined, {
      contentText: '来电人反映东升村邻居胡某在楼道堆放杂物，多次协商未果，要求处理。',
    });
    await ingest('hotline-12345', [order]);
    const hu = (await get(`/v1/records/hotline-12345/${order.formId}`, undefined)).entities.persons;
    expect(hu).toHaveLength(2);
  });

  it('knows a 110 caller 陈女士 on the phone 陈秀燕 gave 12345 as the 陈秀燕 listed beside 陈雅静', async () => {
    const order = aVillageCall('陈秀燕', '13957506666', {
      cusSex: '女',
      title: '邻居占用楼道',
      contentText: '来电人反映东升村邻居陈雅静在楼道堆放杂物，多次协商未果，要求处理。',
      createTime: '2024-01-22 09:00:00',
    });
    const chen = await callerOf(order);
    const id = await villagePoliceCall({
      BJSJ: '20240131193522',
      BJRXM: '陈女士',
      BJRXB: '2',
      BJDH: '13957506666',
      BJNR: '报警人称与邻居因楼道堆物发生争吵',
      DSR: '陈雅静、陈秀燕',
    });
    const line = (await get(`/v1/records/police-110/${id}`, undefined)).entities.persons.map(
      (p: Json) => p.id,
    );
    // The caller and 陈秀燕 are the 12345 caller; 陈雅静 is someone else.
    expect(new Set(line).size).toBe(2);
    expect(line).toContain(chen);
    const person = await get(`/v1/persons/${chen}?pii=true`);
    expect(person.names.map((n: Json) => n.asGiven)).toEqual(expect.arrayContaining(['陈秀燕', '陈女士']));
  });

  it('knows a 110 caller 张阿姨 on the phone 张欣华 gave 12345 as the one 张 the officer lists, by that full name', async () => {
    // 欣华 tells no sex, so the surname and the record alone fall short: the full name she is known by decides.
    const order = aVillageCall('张欣华', '13957508888', {
      cusSex: '女',
      title: '邻居占用通道',
      contentText: '来电人反映东升村邻居李家强在通道上堆放杂物，多次协商未果，要求处理。',
      createTime: '2024-03-02 09:00:00',
    });
    const zhang = await callerOf(order);
    const id = await villagePoliceCall({
      BJSJ: '20240310193522',
      BJRXM: '张阿姨',
      BJRXB: '2',
      BJDH: '13957508888',
      BJNR: '报警人称与邻居因通道堆物发生争吵',
      DSR: '张欣华、李家强',
    });
    const people = await peopleByName(id);
    expect(people).toMatchObject({ 张阿姨: zhang, 张欣华: zhang });
    expect(people.李家强).not.toBe(zhang);
    const person = await get(`/v1/persons/${zhang}?pii=true`);
    // The call is hers twice over: she called, and the officer listed her.
    const call = person.records.find((r: Json) => r.sourceRecordId === id);
    expect(call.roles).toEqual(expect.arrayContaining(['reporter', 'involved']));
  });

  it('knows an anonymous 110 caller on a known phone and the party the officer listed as one person', async () => {
    const call = aVillageCall('徐春辉', '13957507777', {
      title: '邻居深夜噪音',
      contentText: '来电人反映东升村邻居深夜打麻将噪音扰民，多次协商未果，要求处理。',
      createTime: '2024-08-01 21:00:00',
    });
    await ingest('hotline-12345', [call]);
    const xu = await personOf('hotline-12345', call.formId as string);
    const id = await villagePoliceCall({
      BJSJ: '20240803223000',
      BJRXM: '',
      BJRXB: '1',
      BJDH: '13957507777',
      BJNR: '报警人称邻居深夜噪音扰民，上门理论时发生争吵',
      DSR: '徐春辉、楼建华',
    });
    // The caller (by the phone) and 徐春辉 among the parties (in the quarrel's context) are the 12345 caller.
    const byName = await peopleByName(id);
    expect(byName['']).toBe(xu);
    expect(byName.徐春辉).toBe(xu);
    expect(byName.楼建华).not.toBe(xu);
    const person = await get(`/v1/persons/${xu}?pii=true`);
    const link = person.records.find((r: Json) => r.sourceRecordId === id).linkedBy;
    expect(link.score).toBeGreaterThanOrEqual(link.thresholds.link);
  });

  it('knows 王晓朋 as 王晓鹏 written by ear within one quarrel, not across the county', async () => {
    const report = (date: string, names: string) =>
      villageQuarrel({
        date,
        subject: '东升村排水沟纠纷',
        content: `${names.split('、')[0]}反映邻居${names.split('、')[1]}填平排水沟，雨天积水。`,
        type: '邻里纠纷',
        names,
        cell: 2,
      });
    const first = report('2024-09-02', '王晓鹏、楼小红');
    const second = report('2024-09-09', '王晓朋、楼小红');
    const [a, b] = await ingestOneByOne(first, second);
    expect(b.entities.dispute.id).toBe(a.entities.dispute.id);
    expect(b.entities.persons.map((p: Json) => p.id).sort()).toEqual(
      a.entities.persons.map((p: Json) => p.id).sort(),
    );
    const wang = await get(`/v1/persons/${a.entities.persons[0].id}?pii=true`);
    const link = wang.records.find((r: Json) => r.sourceRecordId === second.serialNumber).linkedBy;
    expect(link.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', level: 'pinyin' }),
        expect.objectContaining({ field: 'dispute', level: 'party-name-sounds-alike' }),
      ]),
    );
    // Outside a quarrel, the same sound in the village is not enough: 王晓朋 calling about a street lamp is new.
    const lamp = aVillageCall('王晓朋', undefined, {
      title: '路灯不亮',
      contentText: '来电人反映东升村路口路灯不亮，要求维修。',
      createTime: '2024-12-01 09:00:00',
    });
    await ingest('hotline-12345', [lamp]);
    expect(await personOf('hotline-12345', lamp.formId as string)).not.toBe(wang.id);
  });

  it('leaves a report after a long silence to a steward, and says so on the new dispute', async () => {
    const report = (date: string) =>
      villageQuarrel({
        date,
        subject: '东升村鸡舍异味纠纷',
        content: '蒋丽华反映邻居何建军家鸡舍异味，影响生活。',
        type: '邻里纠纷',
        names: '蒋丽华、何建军',
        cell: 3,
      });
    const [spring, summer] = [report('2024-03-04'), report('2024-05-20')];
    const [a, b] = await ingestOneByOne(spring, summer);
    expect(b.entities.dispute.id).not.toBe(a.entities.dispute.id);
    const dispute = await get(`/v1/disputes/${b.entities.dispute.id}`);
    const link = dispute.reports[0].linkedBy;
    expect(link.method).toBe('new-entity');
    expect(link.rule).toMatch(/^left to a steward .*77 days away.*1 proposed for review$/);
    expect(link.score).toBeGreaterThanOrEqual(link.thresholds.link);
    const queued = (await get('/v1/review?kind=dispute&limit=200')).items;
    expect(
      queued.some(
        (i: Json) =>
          [i.leftId, i.rightId].sort().join() ===
          [a.entities.dispute.id, b.entities.dispute.id].sort().join(),
      ),
    ).toBe(true);
  });

  it('proposes the parties of two disputes a steward merges that may be one person', async () => {
    // The grid worker records 蒋秀华's complaint of a neighbour's kitchen fumes in February; in late April a 蒋女士
    // calls 12345 about the fumes. Eleven weeks apart, the machine leaves the disputes to a steward, and 蒋女士 stays a
    // person of her own. The steward says the disputes are one: 蒋女士 and 蒋秀华 are then a pair worth a look.
    const grid = complaintOf({
      date: '2024-02-06',
      subject: '东升村油烟纠纷',
      content: '蒋秀华反映邻居何国强家厨房油烟直排其窗口，影响生活，多次协商未果。',
      type: '邻里纠纷',
      names: '蒋秀华、何国强',
      cell: 3,
    });
    await ingest('grid', [grid]);
    const order = aVillageCall('蒋女士', '13957506816', {
      cusSex: '女',
      title: '邻居油烟扰民',
      contentText: '来电人反映东升村邻居家厨房油烟直排其窗口，影响生活，多次协商未果，要求处理。',
      createTime: '2024-04-22 09:00:00',
    });
    await ingest('hotline-12345', [order]);
    const [spring, call] = [
      await get(`/v1/records/grid/${grid.serialNumber}`, undefined),
      await get(`/v1/records/hotline-12345/${order.formId}`, undefined),
    ];
    expect(call.entities.dispute.id).not.toBe(spring.entities.dispute.id);
    const jiang = (await peopleByName(grid.serialNumber as string)).蒋秀华!;
    const caller = await personOf('hotline-12345', order.formId as string);
    expect(caller).not.toBe(jiang);
    expect(await pairOf(caller, jiang)).toBeUndefined();
    const ids = [spring.entities.dispute.id, call.entities.dispute.id].sort().join();
    const queued = (await get('/v1/review?kind=dispute&limit=200')).items;
    const disputes = queued.find((i: Json) => [i.leftId, i.rightId].sort().join() === ids);
    expect(disputes, JSON.stringify(queued)).toBeDefined();
    expect((await post(`/v1/review/${disputes.id}`, { decision: 'same' }, steward)).status).toBe(200);
    const people = await pairOf(caller, jiang);
    expect(people, JSON.stringify(await openPairs())).toMatchObject({
      proposedBecause: 'parties of two disputes a steward merged: possibly one person stored twice',
    });
    expect(people.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'dispute', level: 'party-surname-only' })]),
    );
  });

  /**
   * A man calls 12345 about something else (`earlier`) from his mobile, as `callerName`; months later the grid worker records his
   * quarrel with `other`, writing him `gridName` without a phone (the same name in the village: not enough alone); then
   * he calls 110 about the quarrel from that mobile. The call joins the grid's dispute, where he is already a party:
   * the machine merges the two persons. Returns the survivor and the audit reason.
   */
  const quarrelOfOneManStoredTwice = async (q: {
    callerName: string;
    gridName: string;
    other: string;
    phone: string;
    month: string;
    matter: string;
    cell: 1 | 2 | 3;
    earlier: { title: string; contentText: string; businessTypeChildName: string; createTime: string };
  }) => {
    const early = aVillageCall(q.callerName, q.phone, q.earlier);
    await ingest('hotline-12345', [early]);
    const grid = villageQuarrel({
      date: `2024-${q.month}-03`,
      subject: `东升村${q.matter}纠纷`,
      content: `${q.gridName}与${q.other}因${q.matter}界址发生争执。`,
      type: '邻里纠纷',
      names: `${q.gridName}、${q.other}`,
      cell: q.cell,
    });
    await ingest('grid', [grid]);
    const [caller, named] = [
      await personOf('hotline-12345', early.formId as string),
      await personOf('grid', grid.serialNumber as string),
    ];
    expect(named).not.toBe(caller);
    const call = await villagePoliceCall({
      BJSJ: `2024${q.month}05193522`,
      BJRXM: q.callerName,
      BJRXB: '1',
      BJDH: q.phone,
      BJNR: `报警人称与邻居因${q.matter}界址发生争吵`,
      DSR: q.other,
    });
    const survivor = await personOf('police-110', call);
    expect([caller, named]).toContain(survivor);
    expect(await personOf('grid', grid.serialNumber as string)).toBe(survivor);
    expect(await personOf('hotline-12345', early.formId as string)).toBe(survivor);
    const merges = (await events()).filter((e) => e.type === 'qiao.person.merged');
    expect(merges.map((e) => (e.data as Json).winnerId)).toContain(survivor);
    const audit = await get(`/v1/audit?entity=${survivor}`);
    return audit.items.find((i: Json) => i.actor === 'machine')?.reason as string | undefined;
  };

  it('merges two persons found to be one full name on one side of one quarrel, and says so', async () => {
    const reason = await quarrelOfOneManStoredTwice({
      callerName: '钱正昊',
      gridName: '钱正昊',
      other: '孙丽萍',
      phone: '13957501234',
      month: '06',
      matter: '宅基地',
      cell: 1,
      earlier: {
        title: '路灯不亮',
        contentText: '来电人反映东升村路口路灯不亮，要求维修。',
        businessTypeChildName: '市政设施',
        createTime: '2024-01-05 09:00:00',
      },
    });
    expect(reason).toMatch(/one full name \(exact\)/);
  });

  it('merges two persons of one quarrel whose full names are one by ear (钱正浩, 钱正昊), and says so', async () => {
    const reason = await quarrelOfOneManStoredTwice({
      callerName: '钱正浩',
      gridName: '钱正昊',
      other: '赵美芳',
      phone: '13957505678',
      month: '07',
      matter: '围墙',
      cell: 3,
      earlier: {
        title: '垃圾清运不及时',
        contentText: '来电人反映东升村垃圾清运不及时。',
        businessTypeChildName: '市容环卫',
        createTime: '2024-02-05 09:00:00',
      },
    });
    expect(reason).toMatch(/one full name \(pinyin\)/);
  });

  it('knows the one complained of to the grid worker when he calls 110 himself', async () => {
    // The grid worker fills the form: 孙玉娜 applies, 杨华强 is the one she complains of.
    const grid = complaintOf({
      date: '2024-04-17',
      subject: '建房越界纠纷',
      content: '孙玉娜反映杨华强家翻建房屋时越过界址，占用其宅基地，双方争执不下。',
      type: '宅基地纠纷',
      names: '孙玉娜、杨华强',
      cell: 1,
    });
    await ingest('grid', [grid]);
    const gridRoles = (await get(`/v1/records/grid/${grid.serialNumber}`, undefined)).report;
    expect(JSON.stringify(gridRoles)).toContain('counterparty');
    // 杨华强 calls 110 (the reporter) about the same quarrel three days later, naming 孙玉娜.
    const call = await villagePoliceCall({
      BJSJ: '20240420101010',
      BJRXM: '杨华强',
      BJRXB: '1',
      BJDH: '13857509876',
      BJNR: '报警人称邻居建房越界，双方在工地发生争吵',
      DSR: '孙玉娜',
    });
    const [gridRecord, callRecord] = [
      await get(`/v1/records/grid/${grid.serialNumber}`, undefined),
      await get(`/v1/records/police-110/${call}`, undefined),
    ];
    expect(callRecord.entities.dispute.id).toBe(gridRecord.entities.dispute.id);
    const idsOf = (r: Json) => r.entities.persons.map((p: Json) => p.id).sort();
    expect(idsOf(callRecord)).toEqual(idsOf(gridRecord));
  });

  it('knows the one complained of in a call from the other side as the only party of her surname', async () => {
    // 朱秀雯 calls 110 about her neighbour 李立涛; the grid worker records their quarrel the next day.
    const call = await villagePoliceCall({
      BJSJ: '20240515201000',
      BJRXM: '朱秀雯',
      BJRXB: '2',
      BJDH: '13957502468',
      BJNR: '报警人称与邻居因宅基地界址发生争吵',
      DSR: '李立涛',
    });
    const zhu = await personOf('police-110', call);
    const [grid] = await ingestOneByOne(
      villageQuarrel({
        date: '2024-05-16',
        subject: '东升村宅基地界址纠纷',
        content: '朱秀雯与李立涛因宅基地界址发生争执。',
        type: '宅基地纠纷',
        names: '朱秀雯、李立涛',
        cell: 2,
      }),
    );
    // Then 李立涛 calls 12345, without giving his name, and complains of 朱女士: the quarrel told from his side.
    const order = aVillageCall('', '13957508642', {
      title: '邻居宅基地纠纷',
      contentText: '来电人反映东升村邻居朱女士建房越过宅基地界址，双方多次发生争执，要求处理。',
      createTime: '2024-05-17 09:00:00',
    });
    await ingest('hotline-12345', [order]);
    const record = await get(`/v1/records/hotline-12345/${order.formId}`, undefined);
    expect(record.entities.dispute.id).toBe(grid.entities.dispute.id);
    const byName = await peopleByName(order.formId as string);
    expect(byName.朱女士).toBe(zhu);
    const link = (await get(`/v1/persons/${zhu}`)).records.find(
      (r: Json) => r.sourceRecordId === order.formId,
    ).linkedBy;
    expect(link.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'dispute', level: 'party' })]),
    );
    // A week later he calls again from that phone and gives his surname: the caller known by the phone, now 李师傅,
    // is the one 李 of the quarrel, and the machine merges him into 李立涛, saying why.
    const caller = byName[''];
    const liLitao = grid.entities.persons.find((p: Json) => p.id !== zhu).id;
    expect(caller).not.toBe(liLitao);
    const again = aVillageCall('李师傅', '13957508642', {
      title: '邻居宅基地纠纷',
      contentText: '来电人反映东升村邻居朱女士建房越过宅基地界址，至今未处理，要求处理。',
      createTime: '2024-05-24 09:00:00',
    });
    await ingest('hotline-12345', [again]);
    expect(await personOf('hotline-12345', again.formId as string)).toBe(liLitao);
    expect(await personOf('hotline-12345', order.formId as string)).toBe(liLitao);
    const audit = await get(`/v1/audit?entity=${liLitao}`);
    expect(audit.items.find((i: Json) => i.actor === 'machine')?.reason).toMatch(/party-surname-and-sex/);
  });

  it('keeps a full name complained of apart from the caller known only as 徐先生 on the other side', async () => {
    // 徐先生 calls 110 about noise from upstairs, naming nobody; the next day the grid worker records 林新东's
    // complaint of 徐杰's noise in the same village. A 徐 known by no more than his surname, on the complaining side,
    // is no anchor for the 徐杰 complained of: they stay two people.
    const call = await villagePoliceCall({
      BJSJ: '20240727213000',
      BJRXM: '徐先生',
      BJRXB: '1',
      BJDH: '13957503579',
      BJNR: '报警人称楼上深夜噪音扰民',
      DSR: '',
    });
    const xu = await personOf('police-110', call);
    const grid = complaintOf({
      date: '2024-07-28',
      subject: '东升村噪音纠纷',
      content: '林新东反映楼上徐杰家深夜噪音扰民，多次协商未果。',
      type: '邻里纠纷',
      names: '林新东、徐杰',
      cell: 1,
    });
    await ingest('grid', [grid]);
    const record = await get(`/v1/records/grid/${grid.serialNumber}`, undefined);
    const people = record.entities.persons.map((p: Json) => p.id);
    expect(people).toHaveLength(2);
    expect(people).not.toContain(xu);
  });

  it('does not take a caller known only by the surname of the one complained of for him', async () => {
    // The grid worker records 楼立新's complaint of 徐伟's leak; the next day a 徐先生 calls 12345 about the leak,
    // naming nobody. The call joins the quarrel, but he may be anyone of that surname on 楼立新's side: not 徐伟.
    const grid = complaintOf({
      date: '2024-03-11',
      subject: '东升村漏水纠纷',
      content: '楼立新反映楼上徐伟家卫生间漏水到其家中，多次协商未果。',
      type: '邻里纠纷',
      names: '楼立新、徐伟',
      cell: 2,
    });
    await ingest('grid', [grid]);
    const record = await get(`/v1/records/grid/${grid.serialNumber}`, undefined);
    const order = aVillageCall('徐先生', '13957504680', {
      cusSex: '男',
      title: '楼上漏水',
      contentText: '来电人反映东升村楼上卫生间漏水到其家中，多次协商未果，要求处理。',
      createTime: '2024-03-12 09:00:00',
    });
    await ingest('hotline-12345', [order]);
    const again = await get(`/v1/records/hotline-12345/${order.formId}`, undefined);
    expect(again.entities.dispute.id).toBe(record.entities.dispute.id);
    const people = record.entities.persons.map((p: Json) => p.id);
    expect(people).not.toContain(await personOf('hotline-12345', order.formId as string));
  });

  it('knows a caller 俞先生 as 俞海平, the one 俞 of the quarrel, though the given name tells no sex', async () => {
    // Among the county's other callers, the grid worker records 俞海平's complaint of 楼国英's wall; the next day a
    // 俞先生 calls 12345 about that wall.
    await otherCallers();
    const grid = complaintOf({
      date: '2024-06-18',
      subject: '东升村围墙纠纷',
      content: '俞海平反映邻居楼国英砌围墙占用其家门前通道，多次协商未果。',
      type: '邻里纠纷',
      names: '俞海平、楼国英',
      cell: 3,
    });
    await ingest('grid', [grid]);
    const record = await get(`/v1/records/grid/${grid.serialNumber}`, undefined);
    const named = await Promise.all(record.entities.persons.map((p: Json) => get(`/v1/persons/${p.id}`)));
    const yu = named.find((p: Json) => p.names.some((n: Json) => n.asGiven === '俞海平')).id;
    const order = aVillageCall('俞先生', '13957506813', {
      cusSex: '男',
      title: '邻居围墙纠纷',
      contentText: '来电人反映东升村邻居砌围墙占用其家门前通道，多次协商未果，要求处理。',
      createTime: '2024-06-19 09:00:00',
    });
    await ingest('hotline-12345', [order]);
    expect(await personOf('hotline-12345', order.formId as string)).toBe(yu);
    const link = (await get(`/v1/persons/${yu}`)).records.find(
      (r: Json) => r.sourceRecordId === order.formId,
    ).linkedBy;
    expect(link.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'dispute', level: 'party-surname-only' })]),
    );
  });

  it('proposes to a steward a caller the quarrel’s parties leave in doubt, and remembers the answer', async () => {
    // The grid worker records 王海燕's complaint of 楼国英's wall; the next day a 王先生 calls 12345 about that wall:
    // her husband or son, or a man she would name? Not for the machine to say, but the pair is a steward's to see.
    await otherCallers();
    const grid = complaintOf({
      date: '2024-06-25',
      subject: '东升村围墙纠纷',
      content: '王海燕反映邻居楼国英砌围墙占用其家门前通道，多次协商未果。',
      type: '邻里纠纷',
      names: '王海燕、楼国英',
      cell: 3,
    });
    await ingest('grid', [grid]);
    const wang = (await peopleByName(grid.serialNumber as string)).王海燕!;
    const order = aVillageCall('王先生', '13957506814', {
      cusSex: '男',
      title: '邻居围墙纠纷',
      contentText: '来电人反映东升村邻居砌围墙占用其家门前通道，多次协商未果，要求处理。',
      createTime: '2024-06-26 09:00:00',
    });
    const caller = await callerOf(order);
    expect(caller).not.toBe(wang);
    const pair = await pairOf(caller, wang);
    expect(pair, JSON.stringify(await openPairs())).toMatchObject({
      proposedBecause: 'a party of the same dispute, left in doubt',
    });
    expect(pair.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'dispute', level: 'party-surname-only' })]),
    );
    const decided = await post(`/v1/review/${pair.id}`, { decision: 'different' }, steward);
    expect(decided.status).toBe(200);
    // He calls again: still himself, and the pair is not proposed again.
    const again = aVillageCall('王先生', '13957506814', {
      cusSex: '男',
      title: '邻居围墙纠纷',
      contentText: '来电人再次反映东升村邻居砌围墙占用通道，要求处理。',
      createTime: '2024-06-28 09:00:00',
    });
    await ingest('hotline-12345', [again]);
    expect(await personOf('hotline-12345', again.formId as string)).toBe(caller);
    expect(await pairOf(caller, wang)).toBeUndefined();
  });

  it('proposes to a steward a 110 caller 王先生 and the one 王 the officer lists, when the names leave it in doubt', async () => {
    // A man calls about a quarrel the officer writes down between 王晓燕 and 李家强: she is not him, but he may well
    // speak for her; a steward sees the pair.
    await otherCallers();
    const call = await villagePoliceCall({
      BJSJ: '20240705193000',
      BJRXM: '王先生',
      BJRXB: '1',
      BJDH: '13957506815',
      BJNR: '报警人称与邻居因晾晒衣物发生争吵',
      DSR: '王晓燕、李家强',
    });
    const people = await peopleByName(call);
    expect(people.王先生).not.toBe(people.王晓燕);
    const pair = await pairOf(people.王先生!, people.王晓燕!);
    expect(pair, JSON.stringify(await openPairs())).toMatchObject({
      proposedBecause: 'named twice in one record: possibly one person stored twice',
    });
    expect(pair.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'record', level: 'named-twice' })]),
    );
  });

  it('merges a party known only as 尹某 into 尹小芳 once a report names her in full in that quarrel', async () => {
    // In April the grid worker records 葛芳 and 尹小芳 quarrelling. In October 葛女士 calls 12345 about her neighbour
    // 尹某's rubbish in the passage: months later, a new dispute, and two people known by a surname only.
    const april = villageQuarrel({
      date: '2024-04-02',
      subject: '东升村借款纠纷',
      content: '葛芳反映借给尹小芳两万元至今未还。',
      type: '合同借贷纠纷',
      names: '葛芳、尹小芳',
      cell: 2,
    });
    const [first] = await ingestOneByOne(april);
    const named = await Promise.all(first.entities.persons.map((p: Json) => get(`/v1/persons/${p.id}`)));
    const yin = named.find((p: Json) => p.names.some((n: Json) => n.asGiven === '尹小芳')).id;
    const order = aVillageCall('葛女士', '13957507924', {
      cusSex: '女',
      title: '邻居堆放杂物',
      contentText: '来电人反映东升村邻居尹某在通道上堆放杂物，多次协商未果，要求处理。',
      createTime: '2024-10-20 09:00:00',
    });
    await ingest('hotline-12345', [order]);
    const call = await get(`/v1/records/hotline-12345/${order.formId}`, undefined);
    expect(call.entities.dispute.id).not.toBe(first.entities.dispute.id);
    const yinMou = (await peopleByName(order.formId as string)).尹某;
    expect(yinMou).not.toBe(yin);
    // The next day the grid worker records the quarrel by both full names: 尹小芳 is the party of April, and the 尹某
    // of the call, the one 尹 of this quarrel, is she.
    const [november] = await ingestOneByOne(
      villageQuarrel({
        date: '2024-10-21',
        subject: '东升村通道纠纷',
        content: '葛芳反映尹小芳在通道上堆放杂物。',
        type: '邻里纠纷',
        names: '葛芳、尹小芳',
        cell: 2,
      }),
    );
    expect(november.entities.dispute.id).toBe(call.entities.dispute.id);
    expect(november.entities.persons.map((p: Json) => p.id)).toContain(yin);
    expect((await get(`/v1/persons/${yin}`)).records.map((r: Json) => r.sourceRecordId)).toContain(
      order.formId,
    );
    expect((await peopleByName(order.formId as string)).尹某).toBe(yin);
    const audit = await get(`/v1/audit?entity=${yin}`);
    expect(audit.items.find((i: Json) => i.actor === 'machine')?.reason).toMatch(/bits \(party\)/);
  });

  it('knows the people of a report joined by a reference as the two who quarrelled months before', async () => {
    // In March the grid worker records 柴秀英 and 庞国栋 quarrelling over a loan. In September 柴女士 calls 12345 about
    // her neighbour 庞某 blocking the passage. A week later the grid worker takes the order over (quoting its number)
    // and writes both full names: the two of March, in a quarrel of their own.
    const march = villageQuarrel({
      date: '2024-03-04',
      subject: '东升村借款纠纷',
      content: '柴秀英反映借给庞国栋三万元至今未还。',
      type: '合同借贷纠纷',
      names: '柴秀英、庞国栋',
      cell: 3,
    });
    const [first] = await ingestOneByOne(march);
    const { 柴秀英: chai, 庞国栋: pang } = await peopleByName(march.serialNumber as string);
    const order = aVillageCall('柴女士', '13957508113', {
      cusSex: '女',
      title: '邻居堵塞通道',
      contentText: '来电人反映东升村邻居庞某在通道上堆放建材，多次协商未果，要求处理。',
      createTime: '2024-09-09 09:00:00',
    });
    await ingest('hotline-12345', [order]);
    const call = await get(`/v1/records/hotline-12345/${order.formId}`, undefined);
    expect(call.entities.dispute.id).not.toBe(first.entities.dispute.id);
    const handover: Record<string, unknown> = {
      ...complaintOf({
        date: '2024-09-16',
        subject: '东升村通道纠纷',
        content: '柴秀英反映庞国栋在通道上堆放建材。',
        type: '邻里纠纷',
        names: '柴秀英、庞国栋',
        cell: 3,
      }),
      sourceKind: '热线转办',
      fromSerialNumber: order.busiNumber,
    };
    const [taken] = await ingestOneByOne(handover);
    expect(taken.entities.dispute.id).toBe(call.entities.dispute.id);
    expect(taken.entities.persons.map((p: Json) => p.id).sort()).toEqual([chai, pang].sort());
    // The call's 庞某 and 柴女士, the only 庞 and 柴 of the quarrel, are the two of March too.
    expect(await peopleByName(order.formId as string)).toEqual({ 柴女士: chai, 庞某: pang });
    const dispute = await get(`/v1/disputes/${call.entities.dispute.id}`);
    const report = dispute.reports.find((r: Json) => r.sourceRecordId === handover.serialNumber);
    expect(report.linkedBy.method).toBe('explicit-reference');
    // A loan in March and a passage in September: another quarrel of theirs, not the one stored twice.
    const disputePairs: Json[] = (await get('/v1/review?kind=dispute&limit=200')).items;
    expect(
      disputePairs.filter((i) =>
        [i.leftId, i.rightId].every((id) =>
          [call.entities.dispute.id, first.entities.dispute.id].includes(id),
        ),
      ),
    ).toEqual([]);
  });

  it('proposes the 110 call a report joined by a reference also matches, and remembers the answer', async () => {
    // 蔡先生 calls 12345 from the family landline about 晏某某 building over the line of their plot; a week later 蔡女士
    // calls 110 from her mobile about the same quarrel (a dispute of its own: no one named in common). Two days on the
    // grid worker takes the order over, quoting its number, and writes 蔡丽娟 (that mobile) against 晏华强: the 110
    // call's dispute is perhaps this one stored twice, for a steward.
    const order = aVillageCall('蔡先生', '0575-80793672', {
      cusSex: '男',
      title: '建房占用宅基地',
      contentText:
        '来电人反映东升村邻居晏某某建房时越过界址占用了其家宅基地约6平方米，双方争执不下，要求处理。',
      busiAddress: '东升村1组57号',
      createTime: '2024-04-07 09:27:00',
    });
    await ingest('hotline-12345', [order]);
    const call = await villagePoliceCall({
      BJSJ: '20240415184807',
      BJRXM: '蔡女士',
      BJRXB: '2',
      BJDH: '18801415203',
      SFDZ: '诸暨市陈宅镇东升村一组57号',
      BJNR: '报警人称邻居建房越界，双方在工地发生争吵',
      BJXL: '200205',
      DSR: '',
    });
    const disputeOf = async (sourceId: string, id: string) =>
      (await get(`/v1/records/${sourceId}/${id}`, undefined)).entities.dispute.id;
    const [ordered, called] = [
      await disputeOf('hotline-12345', order.formId as string),
      await disputeOf('police-110', call),
    ];
    expect(called).not.toBe(ordered);
    const openDisputePairs = async (): Promise<Json[]> =>
      (await get('/v1/review?kind=dispute&limit=200')).items;
    const pairOfDisputes = async () =>
      (await openDisputePairs()).find(
        (i) => [i.leftId, i.rightId].sort().join() === [ordered, called].sort().join(),
      );
    expect(await pairOfDisputes()).toBeUndefined();
    const handover: Record<string, unknown> = {
      ...complaintOf({
        date: '2024-04-17',
        subject: '建房越界纠纷',
        content: '蔡丽娟反映晏华强家翻建房屋时越过界址，占用其宅基地，双方争执不下。',
        type: '房屋宅基地纠纷',
        names: '蔡丽娟、晏华强',
      }),
      occurLocation: '东升村1组57号',
      sourceKind: '热线转办',
      fromSerialNumber: order.busiNumber,
    };
    (handover.parties as Json[])[0].phone = '18801415203';
    await ingest('grid', [handover]);
    expect(await disputeOf('grid', handover.serialNumber as string)).toBe(ordered);
    const pair = await pairOfDisputes();
    expect(pair, JSON.stringify(await openDisputePairs())).toMatchObject({
      proposedBecause: 'this record also matches it: possibly one dispute stored twice',
      // At stake: the order and the grid worker's record on one side, the call on the other.
      records: 3,
      sourceIds: ['grid', 'hotline-12345', 'police-110'],
    });
    expect((await post(`/v1/review/${pair.id}`, { decision: 'different', reason: '两起纠纷' })).status).toBe(
      200,
    );
    // The petition quotes the order too: the pair is not proposed again.
    const petition = aPetition({
      xfrq: '2024-04-25',
      xfr: [{ xm: '蔡丽娟', xb: '女', lxdh: '18801415203', xzz: '陈宅镇东升村1组57号', sfzy: true }],
      bxfr: [{ xm: '晏华强', xb: '男' }],
      xfsq: '反映邻居晏华强建房占用其宅基地，村里调解未果，要求依法处理。',
      wtsd: { dz: '诸暨市陈宅镇东升村', qhdm: '330681120240' },
      work_id: order.busiNumber,
    });
    await ingest('petition', [petition]);
    expect(await disputeOf('petition', petition.xfjbh as string)).toBe(ordered);
    expect(await pairOfDisputes()).toBeUndefined();
  });

  it('knows the 王女士 a caller complained of as the 王 a petition names beside the caller, known by her ID', async () => {
    // 王某 calls 12345 (giving her ID number) about water leaking from 王女士 upstairs. Her petition names her in full as
    // 王雅倩, the same ID, complaining of 王芳. Two 王 in the petition, but 王雅倩 is the caller, named beside 王女士 in the
    // call: 王芳 is the 王女士 complained of.
    const order = aWorkOrder({
      cusName: '王某',
      cusSex: '女',
      cusIdCard: '330681196311225245',
      cusPhone: '13970976281',
      incomingPhone: '13970976281',
      areaName: '诸暨市陈宅镇',
      busiAddress: '东升村8组21号',
      title: '楼上漏水不维修',
      contentText: '来电人反映东升村楼上邻居王女士家卫生间漏水到其家中，对方不肯维修，要求协调。',
      createTime: '2024-01-02 14:14:00',
    });
    await ingest('hotline-12345', [order]);
    const called = await peopleByName(order.formId as string);
    expect(Object.keys(called).sort()).toEqual(['王女士', '王某']);
    const petition = aPetition({
      xfrq: '2024-02-21',
      xfr: [
        {
          xm: '王雅倩',
          xb: '女',
          sfzh: '330681196311225245',
          lxdh: '13970976281',
          xzz: '陈宅镇东升村8组21号',
          sfzy: true,
        },
      ],
      bxfr: [{ xm: '王芳', xb: '女' }],
      xfsq: '反映楼上王芳家漏水多次未修，要求赔偿损失。',
      wtsd: { dz: '诸暨市陈宅镇东升村', qhdm: '330681120240' },
      work_id: order.busiNumber,
    });
    await ingest('petition', [petition]);
    const petitioned = await peopleByName(petition.xfjbh as string);
    expect(petitioned.王雅倩).toBe(called.王某);
    expect(petitioned.王芳).toBe(called.王女士);
  });

  it('leaves the 王女士 a caller complained of to neither of two new 王 a petition names beside the caller', async () => {
    // As above, but the petition complains of 王丽萍 and 王丽芬: either may be the 王女士 of the call.
    const order = aWorkOrder({
      cusName: '王某',
      cusSex: '女',
      cusIdCard: '330681197208113024',
      cusPhone: '13970970412',
      incomingPhone: '13970970412',
      areaName: '诸暨市陈宅镇',
      busiAddress: '东升村9组3号',
      title: '楼上漏水不维修',
      contentText: '来电人反映东升村楼上邻居王女士家卫生间漏水到其家中，对方不肯维修，要求协调。',
      createTime: '2024-01-05 10:00:00',
    });
    await ingest('hotline-12345', [order]);
    const called = await peopleByName(order.formId as string);
    const petition = aPetition({
      xfrq: '2024-02-23',
      xfr: [{ xm: '王淑敏', xb: '女', sfzh: '330681197208113024', lxdh: '13970970412', sfzy: true }],
      bxfr: [
        { xm: '王丽萍', xb: '女' },
        { xm: '王丽芬', xb: '女' },
      ],
      xfsq: '反映楼上王丽萍、王丽芬家漏水多次未修，要求赔偿损失。',
      wtsd: { dz: '诸暨市陈宅镇东升村', qhdm: '330681120240' },
      work_id: order.busiNumber,
    });
    await ingest('petition', [petition]);
    const petitioned = await peopleByName(petition.xfjbh as string);
    expect(petitioned.王淑敏).toBe(called.王某);
    expect([petitioned.王丽萍, petitioned.王丽芬]).not.toContain(called.王女士);
  });

  it('does not take a caller known only as 李先生 for either of two 李 a later report of the quarrel names', async () => {
    // 李先生 calls 110 about a quarrel over a parking space; the next day the grid worker records it between 李涛 and
    // 李建成. The caller may be either (or a relative): neither is taken for him.
    const call = await villagePoliceCall({
      BJSJ: '20240812193000',
      BJRXM: '李先生',
      BJRXB: '1',
      BJDH: '13957501357',
      BJNR: '报警人称与邻居因停车位发生争吵',
      DSR: '',
    });
    const caller = await personOf('police-110', call);
    const [grid] = await ingestOneByOne(
      villageQuarrel({
        date: '2024-08-13',
        subject: '东升村停车位纠纷',
        content: '李涛与李建成因停车位发生争吵，双方情绪激动。',
        type: '邻里纠纷',
        names: '李涛、李建成',
        cell: 3,
      }),
    );
    const record = await get(`/v1/records/police-110/${call}`, undefined);
    expect(grid.entities.dispute.id).toBe(record.entities.dispute.id);
    expect(grid.entities.persons.map((p: Json) => p.id)).not.toContain(caller);
  });

  it('keeps 苏某, named beside 苏丽华 in one call, apart from her when a later report names her in full', async () => {
    // 苏丽华 calls 12345 about the noise of her neighbour 苏某; the grid worker then records her complaint. One record
    // named the two side by side: two people, however well 苏某 fits her.
    const order = aVillageCall('苏丽华', '13957502581', {
      cusSex: '女',
      title: '邻居装修噪音',
      contentText: '来电人反映东升村邻居苏某家装修噪音扰民，多次协商未果，要求处理。',
      createTime: '2024-09-03 09:00:00',
    });
    await ingest('hotline-12345', [order]);
    const before = await peopleByName(order.formId as string);
    expect(before.苏某).not.toBe(before.苏丽华);
    const [grid] = await ingestOneByOne(
      villageQuarrel({
        date: '2024-09-04',
        subject: '东升村装修噪音纠纷',
        content: '苏丽华反映邻居家装修噪音扰民，多次协商未果。',
        type: '邻里纠纷',
        names: '苏丽华',
        cell: 1,
      }),
    );
    const call = await get(`/v1/records/hotline-12345/${order.formId}`, undefined);
    expect(grid.entities.dispute.id).toBe(call.entities.dispute.id);
    expect(grid.entities.persons.map((p: Json) => p.id)).toContain(before.苏丽华);
    const after = await peopleByName(order.formId as string);
    expect(after.苏某).not.toBe(after.苏丽华);
  });

  it('leaves to a steward, not the machine, an anonymous 110 caller who calls again as 胡先生 beside the 胡建军 listed', async () => {
    // An anonymous caller reports 胡建军 quarrelling with his neighbour; two days later the same phone calls as 胡先生.
    // He fits 胡建军, the quarrel's one 胡, but the officer listed 胡建军 beside the anonymous caller: perhaps his son.
    const first = await villagePoliceCall({
      BJSJ: '20240903201000',
      BJRXM: '',
      BJRXB: '',
      BJDH: '13957506240',
      BJNR: '报警人称胡建军与邻居因楼道堆放杂物发生争吵',
      DSR: '胡建军',
    });
    const anonymous = await personOf('police-110', first);
    const record = await get(`/v1/records/police-110/${first}`, undefined);
    const hu = record.entities.persons.map((p: Json) => p.id).find((id: string) => id !== anonymous);
    expect(hu).toBeDefined();
    const again = await villagePoliceCall({
      BJSJ: '20240905193000',
      BJRXM: '胡先生',
      BJRXB: '1',
      BJDH: '13957506240',
      BJNR: '报警人称与邻居因楼道堆放杂物再次发生争吵',
      DSR: '',
    });
    const later = await get(`/v1/records/police-110/${again}`, undefined);
    expect(later.entities.dispute.id).toBe(record.entities.dispute.id);
    const caller = await personOf('police-110', again);
    expect(caller).toBe(anonymous);
    expect(caller).not.toBe(hu);
    expect(await pairOf(caller, hu)).toBeDefined();
  });

  it('knows the court’s masked 裘某某 as 裘娜 of the quarrel, the case placed only in the county', async () => {
    // Among the county's other callers, 裘娜 calls 110 about her neighbour 俞国强; the court's case entrusted from
    // that call masks both names and gives no address, so the case lies only in the county.
    await otherCallers();
    const call = await villagePoliceCall({
      BJSJ: '20241102193000',
      BJRXM: '裘娜',
      BJRXB: '2',
      BJDH: '13957508135',
      BJNR: '报警人称与邻居俞国强因排水沟堵塞发生争吵',
      DSR: '俞国强',
    });
    const qiu = await personOf('police-110', call);
    const court = aCourtCase({
      laay: '相邻关系纠纷',
      larq: '2024-11-20',
      wpdjh: call,
      dsr: [
        { mc: '裘某某', ssdw: '申请人', lx: '自然人', dz: '', lxdh: '' },
        { mc: '俞某', ssdw: '被申请人', lx: '自然人', dz: '', lxdh: '' },
      ],
      ajxx: '申请人与被申请人因排水沟堵塞发生纠纷。',
    });
    await ingest('court', [court]);
    const record = await get(`/v1/records/court/${court.ajbs}`, undefined);
    expect(record.entities.dispute.id).toBe(
      (await get(`/v1/records/police-110/${call}`, undefined)).entities.dispute.id,
    );
    expect((await peopleByName(court.ajbs as string)).裘某某).toBe(qiu);
    const link = (await get(`/v1/persons/${qiu}`)).records.find(
      (r: Json) => r.sourceRecordId === court.ajbs,
    ).linkedBy;
    expect(link.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'division', level: 'village' })]),
    );
  });

  it('knows a party of a quarrel by the full name the court gives, though he lives in another town', async () => {
    // The grid worker records 周家林 and 楼国英 quarrelling over a wall in 东升村, and 楼国英 calls 110 about it.
    const [grid] = await ingestOneByOne(
      villageQuarrel({
        date: '2024-10-08',
        subject: '东升村围墙纠纷',
        content: '周家林与楼国英因围墙界址发生争执。',
        type: '邻里纠纷',
        names: '周家林、楼国英',
        cell: 3,
      }),
    );
    const zhou = grid.entities.persons[0].id;
    expect((await get(`/v1/persons/${zhou}?pii=true`)).names[0].asGiven).toBe('周家林');
    const call = await villagePoliceCall({
      BJSJ: '20241009193000',
      BJRXM: '楼国英',
      BJRXB: '2',
      BJDH: '13957501357',
      BJNR: '报警人称与邻居周家林因围墙界址发生争吵',
      DSR: '周家林',
    });
    // The court's case, entrusted to mediation from that call, gives 周家林's own address: another town.
    const court = aCourtCase({
      laay: '相邻关系纠纷',
      larq: '2024-10-20',
      wpdjh: call,
      dsr: [
        { mc: '楼国英', ssdw: '申请人', lx: '自然人', dz: '诸暨市陈宅镇东升村5组8号', lxdh: '13957501357' },
        { mc: '周家林', ssdw: '被申请人', lx: '自然人', dz: '诸暨市枫桥镇枫源村3组14号', lxdh: '' },
      ],
      ajxx: '申请人与被申请人因围墙界址发生纠纷。',
    });
    await ingest('court', [court]);
    const record = await get(`/v1/records/court/${court.ajbs}`, undefined);
    expect(record.entities.dispute.id).toBe(grid.entities.dispute.id);
    const courtPeople = record.entities.persons.map((p: Json) => p.id);
    expect(courtPeople).toContain(zhou);
    // Where the quarrel is says nothing of where he lives; the full name among its parties decides, and says so.
    const link = (await get(`/v1/persons/${zhou}`)).records.find(
      (r: Json) => r.sourceRecordId === court.ajbs,
    ).linkedBy;
    expect(link.rule).toMatch(/by the same full name$/);
    expect(link.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', level: 'exact' }),
        expect.objectContaining({ field: 'division', level: 'missing' }),
      ]),
    );
  });

  it('joins the five systems’ reports of one quarrel into one dispute, and splits one back out', async () => {
    // Reports of one quarrel arrive over two weeks: each is resolved against what came before.
    await ingest('grid', [JSON.parse(example('grid.json').toString())]);
    await ingest('hotline-12345', [JSON.parse(example('hotline-12345.json').toString())]);
    const csv = await hub.request('/v1/sources/police-110/records', {
      method: 'POST',
      body: example('police-110.csv'),
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(csv.status).toBe(202);
    await hub.settled();
    await ingest('court', [JSON.parse(example('court.json').toString())]);
    await ingest('petition', [JSON.parse(example('petition.json').toString())]);
    const grid = await get('/v1/records/grid/WG3306811092900032024030500007', undefined);
    const disputeId = grid.entities.dispute.id;
    const dispute = await get(`/v1/disputes/${disputeId}`);
    expect(dispute.channels).toEqual(['grid', 'hotline-12345', 'police-110', 'court', 'petition']);
    expect(dispute.reports.map((r: Json) => r.linkedBy.method)).toEqual([
      'new-entity',
      'score',
      'score',
      'explicit-reference',
      'explicit-reference',
    ]);
    const hotlineLink = dispute.reports[1].linkedBy;
    expect(hotlineLink.score).toBeGreaterThanOrEqual(hotlineLink.thresholds.link);
    expect(hotlineLink.evidence.map((e: Json) => e.field)).toEqual(
      expect.arrayContaining(['parties', 'division', 'time', 'category', 'narrative']),
    );
    // People in the dispute's context: the 12345 call's masked 李某 is the grid's 李强; the 110 call's 张伟 is the grid's.
    const gridPeople = (await get('/v1/records/grid/WG3306811092900032024030500007', undefined)).entities
      .persons;
    const hotlinePeople = (await get('/v1/records/hotline-12345/F20240306000381', undefined)).entities
      .persons;
    const policePeople = (await get('/v1/records/police-110/3306812024031300456', undefined)).entities
      .persons;
    const ids = (list: Json[]) => list.map((p: Json) => p.id);
    expect(ids(hotlinePeople)).toEqual(expect.arrayContaining([ids(gridPeople)[1]]));
    expect(ids(policePeople)).toEqual(expect.arrayContaining(ids(gridPeople)));
    const li = await get(`/v1/persons/${ids(gridPeople)[1]}`);
    const joined = li.records.find((r: Json) => r.sourceId === 'hotline-12345').linkedBy;
    expect(joined.rule).toBe(`a party of dispute ${disputeId}, which this record joined`);
    expect(joined.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'dispute', level: 'party' })]),
    );
    // The caller 张先生 is the grid's 张伟: the one party of his surname and sex on his side of the quarrel. The
    // court's 张伟 then comes in on the caller's phone.
    const caller = await personOf('hotline-12345', 'F20240306000381');
    expect(caller).toBe(await personOf('grid', 'WG3306811092900032024030500007'));
    expect(await personOf('court', '330620249901000825')).toBe(caller);
    const zhang = await get(`/v1/persons/${caller}`);
    const callerLink = zhang.records.find((r: Json) => r.sourceId === 'hotline-12345').linkedBy;
    expect(callerLink.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'dispute', level: 'party-surname-and-sex' })]),
    );

    const res = await post(`/v1/disputes/${disputeId}/split`, {
      groups: [[{ sourceId: 'grid', sourceRecordId: 'WG3306811092900032024030500007' }]],
      reason: '网格事件另案处理',
    });
    expect(res.status).toBe(200);
    const { newIds } = (await res.json()) as Json;
    const moved = await get('/v1/records/grid/WG3306811092900032024030500007', undefined);
    expect(moved.entities.dispute.id).toBe(newIds[0]);
    const rest = await get(`/v1/disputes/${disputeId}`);
    expect(rest.channels).toEqual(['hotline-12345', 'police-110', 'court', 'petition']);
    const part = await get(`/v1/disputes/${newIds[0]}`);
    expect(part.channels).toEqual(['grid']);
  });
});
