/**
 * 督办 sweep: raises the supervision level of open disputes as their deadlines approach and pass, one
 * `qiao.dispute.overdue` per crossing. It reads only the disputes due (the sparse index `saveDispute` keeps, by the next
 * threshold above each dispute's recorded level), never the whole table.
 *
 * Exactly once per crossing, however often or late it runs: each dispute is saved conditioned on the version read,
 * with its crossings' events in the same transaction; a second run (or a concurrent one) either finds the level
 * already recorded and nothing left to cross, or loses the condition and re-reads. The events' ids are the crossings'
 * own, so even a replayed commit could only mint the same events again.
 */
import { overdueEvent } from '../events/domain-events.js';
import type { HubDeps } from '../runtime/deps.js';
import type { StoredDispute } from '../store/entity-repository.js';
import { ConcurrentChangeError } from '../store/unit-of-work.js';
import {
  DEFAULT_SUPERVISION_POLICY,
  type SupervisionPolicy,
  supervisionCrossings,
} from '../supervision/supervision.js';

type SweepDeps = Pick<HubDeps, 'store' | 'clock' | 'eventSource'>;

export interface SupervisionSweepOptions {
  /** Disputes read per page of the index. @default 100 */
  pageSize?: number;
  /** Disputes saved at once. @default 8 */
  concurrency?: number;
  /** Stop starting new pages after this long; the next run carries on (a Lambda's time is bounded). */
  budgetMs?: number;
  policy?: SupervisionPolicy;
}

export interface SupervisionSweepResult {
  /** Index entries due at the sweep's now that it looked at. */
  due: number;
  /** Disputes whose level went up, and the overdue events emitted for them. */
  raised: number;
  events: number;
  /** Disputes whose level went down (the deadline moved later): recorded, no event. */
  lowered: number;
  /** Disputes changed by someone else meanwhile and still changing: left to the next run. */
  deferred: number;
  /** Whether due entries were left because the budget ran out. */
  more: boolean;
  ms: number;
}

/**
 * 1. Take the sweep's now from the clock, once: every dispute is judged at the same instant.
 * 2. Page through the disputes due at now, earliest first.
 * 3. For each: the crossings since its recorded level; save the new level and emit one event per crossing, together.
 * 4. On a lost race, judge the fresh version once more; if that races too, the next run will.
 */
export async function superviseDeadlines(
  deps: SweepDeps,
  options: SupervisionSweepOptions = {},
): Promise<SupervisionSweepResult> {
  const started = Date.now();
  const now = deps.clock.now().toISOString();
  const policy = options.policy ?? DEFAULT_SUPERVISION_POLICY;
  const result: SupervisionSweepResult = {
    due: 0,
    raised: 0,
    events: 0,
    lowered: 0,
    deferred: 0,
    more: false,
    ms: 0,
  };
  let after: Record<string, unknown> | undefined;
  do {
    if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) {
      result.more = true;
      break;
    }
    const page = await deps.store.entities.listSupervisionDue(now, options.pageSize ?? 100, after);
    result.due += page.disputes.length;
    await inParallel(page.disputes, options.concurrency ?? 8, async (dispute) => {
      const outcome = await superviseOne(deps, dispute, now, policy);
      if (outcome === 'deferred') result.deferred++;
      else if (outcome === 'lowered') result.lowered++;
      else if (outcome > 0) {
        result.raised++;
        result.events += outcome;
      }
    });
    after = page.next;
  } while (after);
  result.ms = Date.now() - started;
  return result;
}

/** Records the level the dispute should be at now; the number of crossings emitted, or what happened instead. */
async function superviseOne(
  deps: SweepDeps,
  seen: StoredDispute,
  now: string,
  policy: SupervisionPolicy,
): Promise<number | 'lowered' | 'deferred'> {
  let dispute: StoredDispute | undefined = seen;
  for (let attempt = 1; dispute && !dispute.mergedInto; attempt++) {
    const assessment = supervisionCrossings(dispute, now, policy);
    if (assessment.crossings.length === 0 && !assessment.lowered) return 0;
    const next: StoredDispute = { ...dispute, version: dispute.version + 1 };
    if (assessment.level === 'none') delete next.supervisionLevel;
    else next.supervisionLevel = assessment.level;
    const uow = deps.store.unitOfWork();
    deps.store.entities.saveDispute(uow, next, dispute.version, dispute);
    for (const crossing of assessment.crossings) uow.emit(overdueEvent(deps, next, crossing));
    try {
      await uow.commit();
      return assessment.lowered ? 'lowered' : assessment.crossings.length;
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      if (attempt >= 2) return 'deferred';
      // The index may lag the table, or ingest saved the dispute meanwhile: judge the stored version.
      dispute = await deps.store.entities.getDispute(dispute.id);
    }
  }
  return 0;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
