// The store side of supervision and figures on DynamoDB Local: the supervision index kept with every dispute save,
// the counters moved in the save's transaction, and the sweep working off what is due.
import { beforeEach, describe, expect, it } from 'vitest';
import type { SourceRecordState } from '../../functions/ingest/source-record.js';
import { newPerson } from '../../functions/resolution/person-profile.js';
import type { StoredDispute } from '../../functions/resolution/stored-entities.js';
import { ConcurrentChangeError } from '../../functions/store/unit-of-work.js';
import { assessDispute } from '../../functions/supervision/assess-dispute.js';
import { personHistories } from '../../functions/supervision/person-histories.js';
import { recount } from '../../functions/supervision/stats.js';
import { superviseDeadlines } from '../../functions/sweep/supervise-deadlines.js';
import { createTestDeps, type TestDeps } from '../support/hub-deps.js';
import { disputeOf, PARTY_ZHANG, reportFrom } from '../unit/supervision/support.js';

const DUE = '2024-03-13T18:00:00+08:00';

/** An open dispute due at DUE, numbered so several can be stored. */
const aDispute = (n: number, overrides: Partial<StoredDispute> = {}): StoredDispute => ({
  ...disputeOf([reportFrom('hotline-12345')]),
  id: `dsp_01TEST${String(n).padStart(6, '0')}`,
  deadline: { dueAt: DUE, basis: { kind: 'explicit', sourceField: 'planTime' } },
  version: 1,
  ...overrides,
});

describe('the supervision index and the figures’ counters', () => {
  let deps: TestDeps;
  beforeEach(async () => {
    deps = await createTestDeps();
  });

  const save = async (dispute: StoredDispute, expected?: number, before?: StoredDispute) => {
    const uow = deps.store.unitOfWork();
    deps.store.entities.saveDispute(uow, dispute, expected, before);
    await uow.commit();
  };
  const stored = async () => {
    const out: StoredDispute[] = [];
    for await (const d of deps.store.entities.scanDisputes()) out.push(d);
    return out;
  };

  it('files an open dispute under its next threshold and drops it once settled', async () => {
    await save(aDispute(1));
    const due = async (now: string) =>
      (await deps.store.entities.listSupervisionDue(now, 10)).disputes.map((d) => d.id);
    expect(await due('2024-03-10T15:59:59.000Z')).toEqual([]);
    expect(await due('2024-03-10T16:00:00.000Z')).toEqual(['dsp_01TEST000001']); // 00:00 on Monday the 11th
    const listed = (await deps.store.entities.listSupervisionDue('2024-03-20T00:00:00.000Z', 10))
      .disputes[0]!;
    expect(Object.keys(listed).filter((k) => /^(pk|sk|gsi)/.test(k))).toEqual([]);

    const settled = aDispute(1, {
      status: { code: 'resolved', sourceValue: '已办结', since: '2024-03-12T10:00:00+08:00' },
      resolvedAt: '2024-03-12T10:00:00+08:00',
      version: 2,
    });
    await save(settled, 1);
    expect(await due('2024-03-20T00:00:00.000Z')).toEqual([]);
    expect(await deps.store.stats.scanAll()).toEqual(recount(await stored()));
  });

  it('reads the version a save replaces when the caller does not hold it, and fails if it moved', async () => {
    const first = aDispute(2);
    await save(first);
    await save({ ...first, supervisionLevel: 'normal', version: 2 }, 1); // read at commit: counted exactly
    expect(await deps.store.stats.scanAll()).toEqual(recount(await stored()));

    const counters = await deps.store.stats.scanAll();
    await expect(save({ ...first, riskLevel: 3, version: 3 }, 1)).rejects.toBeInstanceOf(
      ConcurrentChangeError,
    );
    expect(await deps.store.stats.scanAll()).toEqual(counters);
  });

  it('sums the moves of several disputes on one counter item into one update', async () => {
    const uow = deps.store.unitOfWork();
    for (let n = 10; n < 30; n++) deps.store.entities.saveDispute(uow, aDispute(n), undefined);
    await uow.commit();
    const all = await deps.store.stats.read('village:330681109290', ['all']);
    expect(all['village:330681109290/all/disputes']).toBe(20);
    expect(await deps.store.stats.scanAll()).toEqual(recount(await stored()));
  });

  it('raises each dispute due once however many sweeps run at once, and stops at its budget', async () => {
    for (let n = 40; n < 52; n++) await save(aDispute(n));
    deps.setNow('2024-03-14T01:00:00Z');
    const runs = await Promise.all([
      superviseDeadlines(deps, { concurrency: 4 }),
      superviseDeadlines(deps, { concurrency: 4 }),
      superviseDeadlines(deps, { concurrency: 4 }),
    ]);
    expect(runs.reduce((n, r) => n + r.events, 0)).toBe(12 * 3);
    const overdue = (await deps.store.outbox.listPending(500)).filter(
      (e) => e.type === 'qiao.dispute.overdue',
    );
    expect(new Set(overdue.map((e) => e.id)).size).toBe(12 * 3);
    expect((await stored()).every((d) => d.supervisionLevel === 'red' && d.version === 2)).toBe(true);
    expect(await deps.store.stats.scanAll()).toEqual(recount(await stored()));
    expect(await superviseDeadlines(deps)).toMatchObject({ due: 0, events: 0 });

    await save(aDispute(60));
    expect(await superviseDeadlines(deps, { budgetMs: -1 })).toMatchObject({ due: 0, more: true });
  });

  it('lowers the level at the next change, without an event, once the deadline moved later', async () => {
    deps.setNow('2024-03-14T01:00:00Z');
    const extended = aDispute(70, {
      supervisionLevel: 'red',
      deadline: { dueAt: '2024-04-30T18:00:00+08:00', basis: { kind: 'explicit' } },
    });
    const assessed = await assessDispute(deps, { dispute: extended, reports: [reportFrom('hotline-12345')] });
    expect(assessed.dispute).not.toHaveProperty('supervisionLevel');
    expect(assessed.events).toEqual([]);
    deps.setNow('2024-04-29T01:00:00Z'); // within the last three working days of the new deadline
    const later = await assessDispute(deps, { dispute: extended, reports: [reportFrom('hotline-12345')] });
    expect(later.dispute.supervisionLevel).toBe('normal');
  });

  it('builds a party’s history across disputes: merged ones counted once, petitions they lodged, 110 calls naming them', async () => {
    const call = (id: string, time: string) => reportFrom('police-110', { JJDBH: id, BJSJ: time });
    const records: Array<[ReturnType<typeof reportFrom>, string]> = [
      [call('3306812024031300001', '20240301100000'), 'dsp_01OTHER'],
      [call('3306812024031300002', '20240305100000'), 'dsp_01MERGEDAWAY'],
      [reportFrom('petition', { xfjbh: '330681-2024-900001' }), 'dsp_01SURVIVOR'],
    ];
    const uow = deps.store.unitOfWork();
    for (const [report, disputeId] of records) {
      const state: SourceRecordState = {
        sourceId: report.sourceId,
        sourceRecordId: report.sourceRecordId,
        status: 'processed',
        latestRevision: 1,
        finishedRevision: 1,
        stateVersion: 1,
        firstReceivedAt: report.reportedAt,
        updatedAt: report.reportedAt,
        attempts: 1,
        report,
        entities: { disputeId, partyPersonIds: [], personIds: [PARTY_ZHANG] },
      };
      deps.store.records.saveState(uow, state, undefined);
    }
    deps.store.entities.saveDispute(
      uow,
      aDispute(80, { id: 'dsp_01MERGEDAWAY', mergedInto: 'dsp_01SURVIVOR' }),
      undefined,
    );
    await uow.commit();

    const own = reportFrom('grid');
    const link = (r: ReturnType<typeof reportFrom>, roles: string[]) => ({
      sourceId: r.sourceId,
      sourceRecordId: r.sourceRecordId,
      roles: roles as never,
      linkedBy: { method: 'new-entity' as const, decidedBy: 'machine' as const, decidedAt: r.reportedAt },
    });
    const person = {
      ...newPerson(PARTY_ZHANG),
      records: [
        link(records[0]![0], ['reporter']),
        link(records[1]![0], ['involved']),
        link(records[2]![0], ['petitioner']),
        link(own, ['involved']),
      ],
    };
    const dispute = aDispute(81, { id: 'dsp_01CURRENT' });
    const [history] = await personHistories(deps, { dispute, reports: [own], persons: [person] });
    expect(history!.disputes.map((d) => d.disputeId).sort()).toEqual(
      ['dsp_01CURRENT', 'dsp_01OTHER', 'dsp_01SURVIVOR'].sort(),
    );
    // The 110 call of the merged-away dispute and the petition are one dispute, at the earlier of the two.
    expect(history!.disputes.find((d) => d.disputeId === 'dsp_01SURVIVOR')!.at).toBe(
      records[1]![0].reportedAt,
    );
    expect(history!.policeCalls.map((c) => c.disputeId)).toEqual(['dsp_01OTHER', 'dsp_01SURVIVOR']);
    expect(history!.petitions.map((p) => p.sourceRecordId)).toEqual(['330681-2024-900001']);

    const respondent = { ...person, records: [link(records[2]![0], ['respondent'])] };
    const [other] = await personHistories(deps, { dispute, reports: [own], persons: [respondent] });
    expect(other!.petitions).toEqual([]);
  });
});
