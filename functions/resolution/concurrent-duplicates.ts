/**
 * Two workers resolving records of one new person (or dispute) at the same moment each see nothing and each create
 * one. Exact identifiers are protected by claims (the second commit fails and re-resolves); for the rest, each worker
 * re-scores what it created right after committing, when the other's index entries are visible. A link that was not
 * there before can only come from such a twin: the two are merged at once, by the machine, with an audit entry and a
 * merged event, so subscribers are told. The same goes for persons the plan found to be one person stored twice (the
 * same full name on the same side of one dispute).
 */
import type { Report } from '../../schemas/generated/types.js';
import type { HubDeps } from '../runtime/deps.js';
import { ConcurrentChangeError } from '../store/unit-of-work.js';
import { disputeBlockingKeys } from './blocking-keys.js';
import {
  partiesOfMergedTwin,
  placed,
  type ResolutionPlan,
  scoreDispute,
  scorePerson,
} from './resolve-report.js';
import { mergeConcurrentPair } from './steward-operations.js';

type Deps = Pick<HubDeps, 'store' | 'clock' | 'eventSource'>;

export async function mergeConcurrentDuplicates(
  deps: Deps,
  plan: ResolutionPlan,
  report: Report,
): Promise<number> {
  let merged = 0;
  const created = new Set(plan.persons.filter((p) => p.isNew).map((p) => p.entity.id));
  const ids = plan.entities.partyPersonIds;
  for (const [i, mention] of report.parties.entries()) {
    const self = ids[i];
    if (!self || !created.has(self)) continue;
    const others = new Set(ids.filter((p): p is string => Boolean(p)));
    const { decision } = await scorePerson(deps, placed(mention, report.location), others);
    if (decision.outcome === 'link' && decision.personId !== self) {
      merged += await attempt(() =>
        mergeConcurrentPair(deps, {
          kind: 'person',
          aId: self,
          bId: decision.personId,
          explanation: decision.explanation,
        }),
      );
    }
  }
  for (const pair of plan.machineMerges) merged += await attempt(() => mergeConcurrentPair(deps, pair));
  if (plan.dispute.isNew) {
    const self = plan.dispute.entity.id;
    const { decision } = await scoreDispute(
      deps,
      { report, partyPersonIds: ids },
      queryKeysOf(plan, report),
      new Set([self]),
    );
    if (decision.outcome === 'link' && decision.disputeId !== self) {
      const twin = await attempt(() =>
        mergeConcurrentPair(deps, {
          kind: 'dispute',
          aId: self,
          bId: decision.disputeId,
          explanation: decision.explanation,
        }),
      );
      merged += twin;
      // Had the worker seen the twin, the record's new people would have joined its parties: they do now.
      const dispute = twin ? await deps.store.entities.currentDispute(self) : undefined;
      const joins = dispute
        ? await partiesOfMergedTwin(deps, { report, partyPersonIds: ids, created, dispute })
        : [];
      for (const join of joins) {
        merged += await attempt(() =>
          mergeConcurrentPair(deps, {
            kind: 'person',
            aId: join.from,
            bId: join.to,
            explanation: join.explanation,
            because: {
              rule: `${join.where}, found after merging it with its concurrent twin`,
              reason: 'a party of the same dispute, stored at the same moment by another worker',
            },
          }),
        );
      }
    }
  }
  return merged;
}

function queryKeysOf(plan: ResolutionPlan, report: Report) {
  return disputeBlockingKeys(report, plan.entities.partyPersonIds).query;
}

/**
 * The twin's worker may be merging the same pair, or another pair touching one of the two (a third report's twin, the
 * people of a merged dispute): a lost race is tried again on fresh state, where a pair already merged is nothing to do.
 */
async function attempt(merge: () => Promise<unknown>, tries = 5): Promise<number> {
  for (let i = 1; ; i++) {
    try {
      return (await merge()) ? 1 : 0;
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      if (i >= tries) return 0;
    }
  }
}
