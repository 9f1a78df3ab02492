/** Pairwise precision, recall and F1 (bench/quality/pairwise.ts), on small clusterings checked by hand. */
import { describe, expect, it } from 'vitest';
import {
  clusterErrors,
  keySharingRecall,
  pairwiseScores,
  scoresByTag,
} from '../../../bench/quality/pairwise.js';

interface Item {
  id: string;
  truth: string;
  predicted?: string;
  side?: 'a' | 'b';
  tags?: string[];
  keys?: string[];
}

const truthOf = (i: Item) => i.truth;
const predictedOf = (i: Item) => i.predicted;

/** Items from `truth:predicted` pairs, e.g. `A:1 A:1 B:2` (`-` for no prediction). */
const items = (spec: string): Item[] =>
  spec.split(' ').map((s, n) => {
    const [truth, predicted] = s.split(':') as [string, string];
    return { id: `r${n}`, truth, ...(predicted === '-' ? {} : { predicted }) };
  });

describe('pairwise scores', () => {
  it('is perfect when the clusters are the truth', () => {
    const r = pairwiseScores(items('A:1 A:1 A:1 B:2 B:2 C:3'), truthOf, predictedOf);
    // A: 3 pairs, B: 1 pair.
    expect(r).toMatchObject({ items: 6, truePairs: 4, predictedPairs: 4, truePositivePairs: 4 });
    expect([r.precision, r.recall, r.f1]).toEqual([1, 1, 1]);
  });

  it('counts a false merge against precision only', () => {
    // Predicted {A,A,B}: pairs AA (right), AB, AB (wrong). True pairs: AA only.
    const r = pairwiseScores(items('A:1 A:1 B:1'), truthOf, predictedOf);
    expect(r).toMatchObject({ truePairs: 1, predictedPairs: 3, truePositivePairs: 1 });
    expect(r.precision).toBeCloseTo(1 / 3);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo(0.5);
  });

  it('counts a missed link against recall only', () => {
    // True {A,A,A,A}: 6 pairs; predicted {A,A,A} and {A}: 3 pairs, all right.
    const r = pairwiseScores(items('A:1 A:1 A:1 A:2'), truthOf, predictedOf);
    expect(r).toMatchObject({ truePairs: 6, predictedPairs: 3, truePositivePairs: 3 });
    expect(r.precision).toBe(1);
    expect(r.recall).toBe(0.5);
    expect(r.f1).toBeCloseTo(2 / 3);
  });

  it('mixes both: P = R = 1/3', () => {
    // Truth: A={0,1,2}, B={3}. Predicted: 1={0,1,3}, 2={2}.
    // True pairs: 01 02 12 (3). Predicted pairs: 01 03 13 (3). Correct: 01 (1).
    const r = pairwiseScores(items('A:1 A:1 A:2 B:1'), truthOf, predictedOf);
    expect(r).toMatchObject({ truePairs: 3, predictedPairs: 3, truePositivePairs: 1 });
    expect(r.precision).toBeCloseTo(1 / 3);
    expect(r.recall).toBeCloseTo(1 / 3);
    expect(r.f1).toBeCloseTo(1 / 3);
  });

  it('puts an item without a prediction in a cluster of its own (never merged with another unresolved one)', () => {
    const r = pairwiseScores(items('A:- A:- A:1 A:1'), truthOf, predictedOf);
    expect(r).toMatchObject({ truePairs: 6, predictedPairs: 1, truePositivePairs: 1 });
    expect(r.recall).toBeCloseTo(1 / 6);
  });

  it('scores 1 when there is nothing to find and nothing claimed', () => {
    const r = pairwiseScores(items('A:1 B:2 C:3'), truthOf, predictedOf);
    expect([r.truePairs, r.predictedPairs, r.precision, r.recall, r.f1]).toEqual([0, 0, 1, 1, 1]);
    expect(pairwiseScores([], truthOf, predictedOf).f1).toBe(1);
  });

  it('counts only pairs across the sides for record linkage', () => {
    // Entity A: a0, a1 (side a), b2 (side b) → across pairs a0-b2, a1-b2 = 2. Entity B: a3, b4 → 1.
    // Predicted: {a0, b2, b4}, {a1}, {a3}: across pairs a0-b2 (right), a0-b4 (wrong).
    const linkage: Item[] = [
      { id: 'a0', truth: 'A', predicted: '1', side: 'a' },
      { id: 'a1', truth: 'A', predicted: '2', side: 'a' },
      { id: 'b2', truth: 'A', predicted: '1', side: 'b' },
      { id: 'a3', truth: 'B', predicted: '3', side: 'a' },
      { id: 'b4', truth: 'B', predicted: '1', side: 'b' },
    ];
    const r = pairwiseScores(linkage, truthOf, predictedOf, { sideOf: (i) => i.side });
    expect(r).toMatchObject({ truePairs: 3, predictedPairs: 2, truePositivePairs: 1 });
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBeCloseTo(1 / 3);
    expect(r.f1).toBeCloseTo(0.4);
  });
});

describe('pairs by hard case', () => {
  it('scores the pairs that involve a tagged item', () => {
    // Truth A={0,1,2}; predicted 1={0,1}, 2={2}. Item 2 carries the tag "homophone".
    const list = items('A:1 A:1 A:2');
    list[2]!.tags = ['homophone'];
    const byTag = scoresByTag(list, truthOf, predictedOf, (i) => i.tags ?? []);
    // Pairs involving item 2: 0-2 and 1-2, both true, neither predicted.
    expect(byTag.homophone).toMatchObject({
      items: 1,
      truePairs: 2,
      predictedPairs: 0,
      truePositivePairs: 0,
    });
    expect(byTag.homophone!.recall).toBe(0);
    expect(byTag.homophone!.precision).toBe(1);
  });

  it('finds the false merges a tag is involved in', () => {
    // Two namesakes merged: truth A={0}, B={1}; predicted both 1.
    const list = items('A:1 B:1 C:2');
    list[0]!.tags = ['namesake'];
    list[1]!.tags = ['namesake'];
    const byTag = scoresByTag(list, truthOf, predictedOf, (i) => i.tags ?? []);
    expect(byTag.namesake).toMatchObject({
      truePairs: 0,
      predictedPairs: 1,
      truePositivePairs: 0,
      precision: 0,
    });
  });
});

describe('blocking recall', () => {
  it('is the share of true pairs sharing a key', () => {
    const list: Item[] = [
      { id: '0', truth: 'A', keys: ['phone:1', 'name:zw'] },
      { id: '1', truth: 'A', keys: ['name:zw'] },
      { id: '2', truth: 'A', keys: ['phone:9'] },
      { id: '3', truth: 'B', keys: ['name:zw'] },
    ];
    // True pairs 0-1 (share name), 0-2 (none), 1-2 (none): 1/3. The B item sharing a key is no true pair.
    expect(keySharingRecall(list, truthOf, (i) => i.keys ?? [])).toBeCloseTo(1 / 3);
    expect(keySharingRecall(list.slice(3), truthOf, (i) => i.keys ?? [])).toBe(1);
  });
});

describe('cluster errors', () => {
  it('lists false merges and missed links, worst first', () => {
    // Truth: A={0,1,2}, B={3}, C={4,5}. Predicted: 1={0,1,3}, 2={2}, 3={4}, 4={5}.
    const list = items('A:1 A:1 A:2 B:1 C:3 C:4');
    const errors = clusterErrors(list, truthOf, predictedOf);
    expect(errors.falseMerges).toHaveLength(1);
    expect(errors.falseMerges[0]).toMatchObject({ key: '1', pairs: 2 });
    expect(errors.falseMerges[0]!.groups.map((g) => [g.key, g.items.map((i) => i.id)])).toEqual([
      ['A', ['r0', 'r1']],
      ['B', ['r3']],
    ]);
    // A: 3 true pairs, 1 found → 2 missed; C: 1 missed.
    expect(errors.missedLinks.map((e) => [e.key, e.pairs])).toEqual([
      ['A', 2],
      ['C', 1],
    ]);
    expect(clusterErrors(list, truthOf, predictedOf, { limit: 1 }).missedLinks).toHaveLength(1);
  });
});
