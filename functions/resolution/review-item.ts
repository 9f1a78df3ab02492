/**
 * A candidate pair for a steward: two persons or two disputes the matcher could not settle. The pair's id comes from
 * the two entity ids, so the same pair is never queued twice; its priority orders the queue by how much deciding it
 * matters (how many records hang on it, how close the score sits between the thresholds).
 */
import { createHash } from 'node:crypto';
import type { FieldEvidence, MatchExplanation } from './match-weights.js';

export type EntityKind = 'person' | 'dispute';
export type ReviewStatus = 'open' | 'same' | 'different' | 'superseded';

export interface ReviewItem {
  id: string;
  kind: EntityKind;
  /** The entity the triggering record created or joined. */
  leftId: string;
  /** The stored candidate it may be the same as. */
  rightId: string;
  /** Why it was proposed, in words. */
  proposedBecause: string;
  score: number;
  thresholds: { link: number; review: number };
  evidence: FieldEvidence[];
  trigger?: { sourceId: string; sourceRecordId: string };
  /** Records hanging on the decision (both sides). */
  records: number;
  priority: number;
  sourceIds: string[];
  divisionCode?: string;
  status: ReviewStatus;
  createdAt: string;
  decidedAt?: string;
  decidedBy?: string;
  reason?: string;
}

export function reviewId(kind: EntityKind, a: string, b: string): string {
  const [x, y] = [a, b].sort();
  return `rev_${kind === 'person' ? 'p' : 'd'}${createHash('sha256').update(`${x}|${y}`).digest('hex').slice(0, 24)}`;
}

/**
 * Impact times uncertainty: a pair deciding many records, scored right between the thresholds, comes first. Dispute
 * pairs count double: a wrong dispute merge moves supervision and warnings.
 */
export function reviewPriority(kind: EntityKind, explanation: MatchExplanation, records: number): number {
  const { link, review } = explanation.thresholds;
  const middle = (link + review) / 2;
  const half = Math.max(1, (link - review) / 2);
  const uncertainty = Math.max(0, 1 - Math.abs(explanation.total - middle) / (half * 2));
  const impact = Math.log2(1 + Math.max(1, records)) * (kind === 'dispute' ? 2 : 1);
  return Math.round(impact * (1 + uncertainty) * 1000);
}

export function newReviewItem(input: {
  kind: EntityKind;
  leftId: string;
  rightId: string;
  explanation: MatchExplanation;
  proposedBecause: string;
  records: number;
  sourceIds: string[];
  divisionCode?: string;
  trigger?: { sourceId: string; sourceRecordId: string };
  createdAt: string;
}): ReviewItem {
  const { explanation } = input;
  return {
    id: reviewId(input.kind, input.leftId, input.rightId),
    kind: input.kind,
    leftId: input.leftId,
    rightId: input.rightId,
    proposedBecause: input.proposedBecause,
    score: explanation.total,
    thresholds: { link: explanation.thresholds.link, review: explanation.thresholds.review },
    evidence: explanation.fields,
    ...(input.trigger ? { trigger: input.trigger } : {}),
    records: input.records,
    priority: reviewPriority(input.kind, explanation, input.records),
    sourceIds: [...new Set(input.sourceIds)].sort(),
    ...(input.divisionCode ? { divisionCode: input.divisionCode } : {}),
    status: 'open',
    createdAt: input.createdAt,
  };
}

export interface AuditEntry {
  id: string;
  at: string;
  /** API key id of the steward (or `machine`). */
  actor: string;
  actorName?: string;
  action:
    | 'review.same'
    | 'review.different'
    | 'person.split'
    | 'dispute.split'
    | 'person.merge'
    | 'dispute.merge';
  entityKind: EntityKind;
  /** Every id involved: winner and losers, original and new. */
  entityIds: string[];
  reviewId?: string;
  reason?: string;
  /** What changed, for the record: moved records, the score the pair had. */
  details?: Record<string, unknown>;
}
