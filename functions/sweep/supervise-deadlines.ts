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
import { splitCounterKey, statsDelta } from '../supervision/stats.js';
import {
  DEFAULT_SUPERVISION_POLICY,
  type SupervisionAssessment,
  type SupervisionPolicy,
  supervisionCrossings,
} from '../supervision/supervision.js';

type SweepDeps = Pick<HubDeps, 'store' | 'clock' | 'eventSource'>;

export interface SupervisionSweepOptions {
  /** Disputes read per page of the index. @default 500 */
  pageSize?: number;
  /** Transactions in flight at once. @default 4 */
  concurrency?: number;
  /** Disputes saved in one transaction (fewer when their items would pass DynamoDB's 100). @default 20 */
  perTransaction?: number;
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
  /** Transactions committed. */
  transactions: number;
  /** Whether due entries were left because the budget ran out. */
  more: boolean;
  ms: number;
}

/** A dispute with something to record: the level it should be at now, and the crossings to announce. */
interface Change {
  dispute: StoredDispute;
  next: StoredDispute;
  assessment: SupervisionAssessment;
  /** The counter items (scope and period) its save moves. */
  counters: string[];
}

const maxItems = 100;

/**
 * 1. Take the sweep's now from the clock, once: every dispute is judged at the same instant.
 * 2. Page through the disputes due at now, earliest first; judge each (pure: `supervisionCrossings`).
 * 3. Save the changed ones in transactions of several disputes, each conditioned on its version, with one event per
 *    crossing; their counter moves coalesce.
 * 4. A transaction that loses a race is redone one dispute at a time, each judged again on fresh state once; one that
 *    loses again is left to the next run.
 */
export async function superviseDeadlines(
  deps: SweepDeps,
  options: SupervisionSweepOptions = {},
): Promise<SupervisionSweepResult> {
  const started = Date.now();
  const now = deps.clock.now().toISOString();
  const policy = options.policy ?? DEFAULT_SUPERVISION_POLICY;
  const perTransaction = options.perTransaction ?? 20;
  const result: SupervisionSweepResult = {
    due: 0,
    raised: 0,
    events: 0,
    lowered: 0,
    deferred: 0,
    transactions: 0,
    more: false,
    ms: 0,
  };
  const count = (change: Change) => {
    if (change.assessment.lowered) result.lowered++;
    else {
      result.raised++;
      result.events += change.assessment.crossings.length;
    }
  };
  let after: Record<string, unknown> | undefined;
  do {
    if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) {
      result.more = true;
      break;
    }
    const page = await deps.store.entities.listSupervisionDue(now, options.pageSize ?? 500, after);
    result.due += page.disputes.length;
    // Neighbours first: disputes of one village and month move the same counter items, which then coalesce.
    const changes = page.disputes
      .flatMap((dispute) => {
        const change = changeOf(dispute, now, policy);
        return change ? [change] : [];
      })
      .sort((a, b) => placeOf(a).localeCompare(placeOf(b)));
    await inParallel(groupsOf(changes, perTransaction), options.concurrency ?? 4, async (group) => {
      try {
        await commit(deps, group);
        result.transactions++;
        group.forEach(count);
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
        for (const change of group) {
          const done = await superviseAlone(deps, change, now, policy);
          if (done === 'deferred') result.deferred++;
          else if (done) {
            result.transactions++;
            count(done);
          }
        }
      }
    });
    after = page.next;
  } while (after);
  result.ms = Date.now() - started;
  return result;
}

function changeOf(dispute: StoredDispute, now: string, policy: SupervisionPolicy): Change | undefined {
  if (dispute.mergedInto) return undefined;
  const assessment = supervisionCrossings(dispute, now, policy);
  if (assessment.crossings.length === 0 && !assessment.lowered) return undefined;
  const next: StoredDispute = { ...dispute, version: dispute.version + 1 };
  if (assessment.level === 'none') delete next.supervisionLevel;
  else next.supervisionLevel = assessment.level;
  const counters = new Set(
    Object.keys(statsDelta(dispute, next)).map((key) => {
      const { scope, period } = splitCounterKey(key);
      return `${scope}/${period}`;
    }),
  );
  return { dispute, next, assessment, counters: [...counters] };
}

const placeOf = (change: Change) =>
  `${change.dispute.location?.divisionCode ?? ''}#${change.dispute.firstReportedAt.slice(0, 7)}`;

/**
 * Transactions of up to `perTransaction` disputes whose items stay within DynamoDB's limit: each dispute's save and
 * events, and each counter item once (a transaction's moves of one counter item are summed into one update).
 */
function groupsOf(changes: Change[], perTransaction: number): Change[][] {
  const groups: Change[][] = [];
  let own = 0;
  let counters = new Set<string>();
  for (const change of changes) {
    const items = 1 + change.assessment.crossings.length;
    const added = change.counters.filter((c) => !counters.has(c)).length;
    const last = groups.at(-1);
    if (!last || last.length >= perTransaction || own + items + counters.size + added > maxItems) {
      groups.push([change]);
      own = items;
      counters = new Set(change.counters);
    } else {
      last.push(change);
      own += items;
      for (const c of change.counters) counters.add(c);
    }
  }
  return groups;
}

/** Saves the group's new levels and their crossings' events in one transaction. */
async function commit(deps: SweepDeps, group: Change[]): Promise<void> {
  const uow = deps.store.unitOfWork();
  for (const { dispute, next, assessment } of group) {
    deps.store.entities.saveDispute(uow, next, dispute.version, dispute);
    for (const crossing of assessment.crossings) uow.emit(overdueEvent(deps, next, crossing));
  }
  await uow.commit();
}

/** One dispute on its own, after its group lost a race: as seen, then once more on the stored version. */
async function superviseAlone(
  deps: SweepDeps,
  change: Change,
  now: string,
  policy: SupervisionPolicy,
): Promise<Change | 'deferred' | undefined> {
  let current: Change | undefined = change;
  for (let attempt = 1; current; attempt++) {
    try {
      await commit(deps, [current]);
      return current;
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      if (attempt >= 2) return 'deferred';
      // The index may lag the table, or ingest saved the dispute meanwhile: judge the stored version.
      const stored = await deps.store.entities.getDispute(current.dispute.id);
      current = stored && changeOf(stored, now, policy);
    }
  }
  return undefined;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
