import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceAdapter } from '../../adapters/engine/adapter.js';
import { hotline12345Adapter } from '../../adapters/hotline-12345/index.js';
import { acceptRecords } from '../../functions/ingest/accept.js';
import { ingestMessage } from '../../functions/ingest/ingest-message.js';
import { replayRecords } from '../../functions/ingest/replay.js';
import { publicDispute } from '../../functions/resolution/stored-entities.js';
import { ConcurrentChangeError } from '../../functions/store/unit-of-work.js';
import { recoverStuckRecords } from '../../functions/sweep/recover-stuck-records.js';
import { aGridEvent, aWorkOrder } from '../support/builders.js';
import { createTestDeps, type TestDeps } from '../support/hub-deps.js';

async function accept(deps: TestDeps, records: unknown[], sourceId = 'hotline-12345') {
  return acceptRecords(deps, { sourceId, apiKeyId: 'key_test', contentType: 'application/json', records });
}

async function processSent(deps: TestDeps) {
  const messages = deps.sent.splice(0);
  return Promise.all(messages.map((m) => ingestMessage(deps, m)));
}

describe('ingest pipeline', () => {
  it('changes nothing when the same queue message is processed twice', async () => {
    const deps = await createTestDeps();
    await accept(deps, [aWorkOrder()]);
    const [message] = deps.sent.splice(0);
    expect(await ingestMessage(deps, message!)).toBe('processed');
    const state = await deps.store.records.get(message!.sourceId, message!.sourceRecordId);
    const pending = await deps.store.outbox.listPending(100);
    expect(await ingestMessage(deps, message!)).toBe('skipped');
    expect(await deps.store.records.get(message!.sourceId, message!.sourceRecordId)).toEqual(state);
    expect(await deps.store.outbox.listPending(100)).toEqual(pending);
  });

  it('writes exactly the events of the state it committed', async () => {
    const deps = await createTestDeps();
    await accept(deps, [aWorkOrder({ cusIdCard: '330681198203150011' })]);
    await processSent(deps);
    const events = await deps.store.outbox.listPending(100);
    const disputeEvents = events.filter((e) => e.type.startsWith('qiao.dispute.'));
    expect(disputeEvents.map((e) => e.type)).toEqual(['qiao.dispute.created']);
    const stored = await deps.store.entities.getDispute(disputeEvents[0]!.subject);
    expect(disputeEvents[0]!.sequence).toBe(String(stored!.version).padStart(12, '0'));
    expect((disputeEvents[0]!.data as { dispute: unknown }).dispute).toEqual(
      JSON.parse(JSON.stringify(publicDispute(stored!))),
    );
    const personEvents = events.filter((e) => e.type === 'qiao.person.created');
    for (const e of personEvents) expect(await deps.store.entities.getPerson(e.subject)).toBeDefined();
    // Blind indexes are match keys: they never leave the hub in an event.
    expect(JSON.stringify(events)).not.toContain('blindIndex');
  });

  it('writes no event when the state change it belongs to fails', async () => {
    const deps = await createTestDeps();
    await accept(deps, [aWorkOrder()]);
    const [message] = deps.sent.splice(0);
    const state = (await deps.store.records.get(message!.sourceId, message!.sourceRecordId))!;
    const stale = deps.store.unitOfWork();
    deps.store.records.saveState(
      stale,
      { ...state, status: 'processed', stateVersion: state.stateVersion + 1 },
      state,
    );
    stale.emit({
      specversion: '1.0',
      id: 'evt-that-must-not-exist',
      source: 'test',
      type: 'qiao.dispute.updated',
      subject: 'dsp_X',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      dataschema: 'x',
      sequence: '000000000001',
      data: {},
    });
    await ingestMessage(deps, message!); // moves the state on, so the stale unit of work's condition fails
    await expect(stale.commit()).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await deps.store.outbox.listPending(100)).map((e) => e.id)).not.toContain(
      'evt-that-must-not-exist',
    );
  });

  it('creates one person when two workers resolve records of the same new person at once', async () => {
    const deps = await createTestDeps();
    for (let round = 0; round < 5; round++) {
      const id = [
        '330681198203150011',
        '330681197907220036',
        '11010519491231002X',
        '440524188001010014',
        '330681199001010015',
      ][round]!;
      await accept(deps, [
        aWorkOrder({ cusIdCard: id, cusPhone: '', incomingPhone: '' }),
        aWorkOrder({ cusIdCard: id, cusPhone: '', incomingPhone: '' }),
      ]);
      const messages = deps.sent.splice(0);
      await Promise.all(messages.map((m) => ingestMessage(deps, m)));
      const states = await Promise.all(
        messages.map((m) => deps.store.records.get(m.sourceId, m.sourceRecordId)),
      );
      const callers = states.map(
        (s) => s!.entities!.partyPersonIds[s!.report!.parties.findIndex((p) => p.residentId)],
      );
      expect(callers[0]).toBeDefined();
      expect(callers[1], `round ${round}`).toBe(callers[0]);
      const person = await deps.store.entities.getPerson(callers[0]!);
      expect(person!.records).toHaveLength(2);
    }
    // Each round is a deliberate race: the loser re-resolves on fresh state, so it takes a few passes.
  }, 120_000);

  it('ends with one dispute and one person per party when two workers resolve two reports of one quarrel at once', async () => {
    const deps = await createTestDeps();
    for (let round = 0; round < 3; round++) {
      const [a, b] = [
        ['蔡晓芳', '郑国伟'],
        ['蒋美玲', '童建军'],
        ['葛丽萍', '楼志明'],
      ][round] as [string, string];
      const report = (worker: string, hour: string) =>
        aGridEvent({
          subject: '楼上漏水纠纷',
          issueContent: `${a}反映楼上${b}家卫生间漏水，天花板发霉，${b}拒绝维修。`,
          issueType: '邻里纠纷',
          occurDate: `2024-02-0${round + 1} ${hour}:00:00`,
          occurOrgCode: '330681117001008',
          occurOrgName: '华南社区第八网格',
          occurLocation: '安华镇华南社区33号楼2单元1402',
          mainCharacters: `${a}、${b}`,
          lat: undefined,
          lon: undefined,
          reporter: { name: worker, mobile: '13894134268' },
          steps: [
            {
              action: '受理',
              time: `2024-02-0${round + 1} ${hour}:30:00`,
              org: '华南社区',
              user: worker,
              comment: '',
            },
          ],
        });
      await accept(deps, [report('宣秋萍', '09'), report('王丽', '10')], 'grid');
      const messages = deps.sent.splice(0);
      // Both workers see nothing of the other: each creates a dispute and two people, then finds the twin.
      await Promise.all(messages.map((m) => ingestMessage(deps, m)));
      const states = await Promise.all(
        messages.map((m) => deps.store.records.get(m.sourceId, m.sourceRecordId)),
      );
      const current = async (id: string) => (await deps.store.entities.currentPerson(id))!.id;
      const disputes = await Promise.all(
        states.map(async (s) => (await deps.store.entities.currentDispute(s!.entities!.disputeId!))!.id),
      );
      expect(disputes[1], `round ${round}`).toBe(disputes[0]);
      const people = await Promise.all(
        states.map((s) => Promise.all(s!.entities!.partyPersonIds.map((p) => current(p!)))),
      );
      expect(people[1], `round ${round}`).toEqual(people[0]);
    }
  }, 120_000);

  it('knows the one complained of in a call from the other side as the party, when both calls come at once', async () => {
    const deps = await createTestDeps();
    // 郭刚 complains of his neighbour 朱某's leak; 朱先生, at the same moment, complains of his neighbour 郭某. Each
    // worker creates a dispute, finds the other's, and scores its new people against the merged dispute's parties.
    const call = (cusName: string, phone: string, neighbour: string, formId: string) =>
      aWorkOrder({
        formId,
        cusName,
        cusSex: '男',
        cusPhone: phone,
        incomingPhone: phone,
        title: '楼上漏水纠纷',
        contentText: `来电人反映楼上邻居${neighbour}家卫生间漏水到其家中，天花板发霉，双方多次争吵，要求处理。`,
        businessTypeChildName: '邻里纠纷',
        areaName: '诸暨市安华镇',
        busiAddress: '华南社区33号楼',
        createTime: '2024-02-06 09:00:00',
      });
    await accept(deps, [
      call('郭刚', '13957500101', '朱某', 'FTWINGUO000001'),
      call('朱先生', '13957500202', '郭某', 'FTWINZHU000001'),
    ]);
    await Promise.all(deps.sent.splice(0).map((m) => ingestMessage(deps, m)));
    const state = async (id: string) => (await deps.store.records.get('hotline-12345', id))!;
    const [guoCall, zhuCall] = [await state('FTWINGUO000001'), await state('FTWINZHU000001')];
    const current = async (id: string | null | undefined) =>
      (await deps.store.entities.currentPerson(id!))!.id;
    const dispute = async (s: typeof guoCall) =>
      (await deps.store.entities.currentDispute(s.entities!.disputeId!))!.id;
    expect(await dispute(zhuCall)).toBe(await dispute(guoCall));
    const named = (s: typeof guoCall, name: string) =>
      s.entities!.partyPersonIds[s.report!.parties.findIndex((p) => p.name?.asGiven === name)];
    // 郭某, complained of by 朱先生, is 郭刚 who called: the only 郭 of the quarrel, told from the other side.
    expect(await current(named(zhuCall, '郭某'))).toBe(await current(named(guoCall, '郭刚')));
  }, 60_000);

  it('counts no person merged away or never stored: the 12345 call’s 李某 joins 李强 after the other reports came at once', async () => {
    const deps = await createTestDeps();
    const example = (name: string) =>
      JSON.parse(readFileSync(new URL(`../../../shared/sources/examples/${name}`, import.meta.url), 'utf8'));
    // The grid worker, the court and the petition office report the quarrel at once: each worker stores a 李强 (some
    // only in an attempt that loses a race and is retried), and the twins are merged by the machine.
    await accept(deps, [example('grid.json')], 'grid');
    await accept(deps, [example('court.json')], 'court');
    await accept(deps, [example('petition.json')], 'petition');
    await Promise.all(deps.sent.splice(0).map((m) => ingestMessage(deps, m)));
    const grid = (await deps.store.records.get('grid', 'WG3306811092900032024030500007'))!;
    const current = async (id: string | null | undefined) =>
      (await deps.store.entities.currentPerson(id!))!.id;
    const liQiang = await current(grid.entities!.partyPersonIds[1]);
    const court = (await deps.store.records.get('court', '330620249901000825'))!;
    expect(await Promise.all(court.entities!.partyPersonIds.map(current))).toContain(liQiang);
    // 李 counts once, for the one 李强: the 12345 call's 李某 in the same quarrel weighs as it would have.
    const surname = (await deps.store.valueIndex.read(['f:surname:李'])).get('f:surname:李')!;
    expect(surname.count).toBe(1);
    await accept(deps, [example('hotline-12345.json')]);
    await processSent(deps);
    const call = (await deps.store.records.get('hotline-12345', 'F20240306000381'))!;
    const li = call.report!.parties.findIndex((p) => p.name?.asGiven === '李某');
    expect(await current(call.entities!.partyPersonIds[li])).toBe(liQiang);
  }, 60_000);

  it('replays quarantined records through a newer adapter version', async () => {
    const failing: SourceAdapter = {
      ...hotline12345Adapter,
      sourceId: 'test-source',
      version: '1',
      sourceSchema: undefined,
      recordIdOf: (raw) => hotline12345Adapter.recordIdOf(raw),
      map: () => ({
        ok: false,
        errors: [{ path: 'contentText', message: 'mapping v1 cannot read this' }],
        warnings: [],
      }),
    };
    const deps = await createTestDeps([failing]);
    const order = aWorkOrder();
    await accept(deps, [order], 'test-source');
    expect(await processSent(deps)).toEqual(['quarantined']);
    const quarantined = await deps.store.records.get('test-source', String(order.formId));
    expect(quarantined).toMatchObject({
      status: 'quarantined',
      adapterVersion: '1',
      errors: [expect.objectContaining({ path: 'contentText' })],
    });

    deps.adapters.register({
      ...failing,
      version: '2',
      map: (raw, ctx) => {
        const result = hotline12345Adapter.map(raw, ctx);
        return result.ok ? { ...result, report: { ...result.report, sourceId: 'test-source' } } : result;
      },
    });
    expect(await replayRecords(deps, { sourceId: 'test-source', status: 'quarantined' })).toEqual({
      replayed: 1,
      skipped: 0,
    });
    expect(await processSent(deps)).toEqual(['processed']);
    const replayed = await deps.store.records.get('test-source', String(order.formId));
    expect(replayed).toMatchObject({ status: 'processed', adapterVersion: '2', latestRevision: 1 });
    expect(await deps.store.records.countByStatus('test-source')).toEqual({
      received: 0,
      processing: 0,
      processed: 1,
      quarantined: 0,
    });
  });

  it('re-queues records that were accepted but never queued', async () => {
    const deps = await createTestDeps();
    deps.queue = { send: async () => Promise.reject(new Error('queue down')) };
    const [result] = await accept(deps, [aWorkOrder()]);
    expect(result!.status).toBe('accepted');
    expect((await deps.store.records.get('hotline-12345', result!.sourceRecordId))!.status).toBe('received');
    const sent: unknown[] = [];
    deps.queue = { send: async (m) => void sent.push(...m) };
    expect(await recoverStuckRecords(deps, { olderThanMs: 0 })).toBe(1);
    expect(sent).toEqual([
      { sourceId: 'hotline-12345', sourceRecordId: result!.sourceRecordId, revision: 1 },
    ]);
  });
});
