/**
 * Pairwise clustering metrics for entity resolution, pure: items (records, party mentions) each carry a true entity and
 * the entity a resolver put them in; a pair of items is a true pair when they share the true entity and a predicted pair
 * when they share the predicted one. Precision = correct predicted pairs / predicted pairs, recall = correct predicted
 * pairs / true pairs. Deduplication counts every pair within a cluster (n·(n−1)/2); record linkage (items carrying a
 * side, `a` or `b`) counts only pairs across the sides (a·b).
 * @see Christen, "Data Matching" (Springer 2012), ch. 7: measuring data matching quality
 */

export type Side = 'a' | 'b';

export interface PairwiseOptions<T> {
  /** For linkage: which file the item came from; pairs are counted across sides only. */
  sideOf?: (item: T) => Side | undefined;
}

export interface PairCounts {
  truePairs: number;
  predictedPairs: number;
  truePositivePairs: number;
}

export interface PairwiseScores extends PairCounts {
  items: number;
  /** 1 when nothing was predicted (no pair claimed, none wrong). */
  precision: number;
  /** 1 when there is no true pair to find. */
  recall: number;
  f1: number;
}

/** An item with no predicted entity (not resolved, not found) is a cluster of its own. */
type PredictedOf<T> = (item: T, index: number) => string | undefined;

interface Tally {
  n: number;
  a: number;
  b: number;
}

function tally<T>(
  items: readonly T[],
  groupOf: (item: T, index: number) => string,
  sideOf: ((item: T) => Side | undefined) | undefined,
): Map<string, Tally> {
  const groups = new Map<string, Tally>();
  items.forEach((item, index) => {
    const key = groupOf(item, index);
    const t = groups.get(key) ?? { n: 0, a: 0, b: 0 };
    t.n++;
    const side = sideOf?.(item);
    if (side === 'a') t.a++;
    if (side === 'b') t.b++;
    groups.set(key, t);
  });
  return groups;
}

const pairsOf = (t: Tally, linkage: boolean) => (linkage ? t.a * t.b : (t.n * (t.n - 1)) / 2);

function isLinkage<T>(items: readonly T[], options: PairwiseOptions<T>): boolean {
  const { sideOf } = options;
  return sideOf !== undefined && items.some((item) => sideOf(item) !== undefined);
}

/** A key no real entity id takes: an unresolved item's own cluster. */
const singleton = (index: number) => `\u0000unresolved\u0000${index}`;

/** True, predicted and correctly predicted pairs. */
export function pairCounts<T>(
  items: readonly T[],
  truthOf: (item: T) => string,
  predictedOf: PredictedOf<T>,
  options: PairwiseOptions<T> = {},
): PairCounts {
  const linkage = isLinkage(items, options);
  const predicted = (item: T, index: number) => predictedOf(item, index) ?? singleton(index);
  const sum = (groups: Map<string, Tally>) => {
    let pairs = 0;
    for (const t of groups.values()) pairs += pairsOf(t, linkage);
    return pairs;
  };
  return {
    truePairs: sum(tally(items, truthOf, options.sideOf)),
    predictedPairs: sum(tally(items, predicted, options.sideOf)),
    truePositivePairs: sum(
      tally(items, (item, index) => `${predicted(item, index)}\u0000${truthOf(item)}`, options.sideOf),
    ),
  };
}

export function scoresOf(counts: PairCounts, items: number): PairwiseScores {
  const precision = counts.predictedPairs === 0 ? 1 : counts.truePositivePairs / counts.predictedPairs;
  const recall = counts.truePairs === 0 ? 1 : counts.truePositivePairs / counts.truePairs;
  return {
    items,
    ...counts,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/** Pairwise precision, recall and F1 of the predicted clusters against the true ones. */
export function pairwiseScores<T>(
  items: readonly T[],
  truthOf: (item: T) => string,
  predictedOf: PredictedOf<T>,
  options: PairwiseOptions<T> = {},
): PairwiseScores {
  return scoresOf(pairCounts(items, truthOf, predictedOf, options), items.length);
}

/**
 * Scores restricted to the pairs that involve at least one item with each tag (a hard case: a homophone typo, a shared
 * phone): all pairs minus the pairs among the items without the tag.
 */
export function scoresByTag<T>(
  items: readonly T[],
  truthOf: (item: T) => string,
  predictedOf: PredictedOf<T>,
  tagsOf: (item: T) => readonly string[],
  options: PairwiseOptions<T> = {},
): Record<string, PairwiseScores> {
  const indexed = items.map((item, index) => ({ item, index }));
  const all = pairCounts(
    indexed,
    (x) => truthOf(x.item),
    (x) => predictedOf(x.item, x.index) ?? singleton(x.index),
    wrapSides(options),
  );
  const tags = [...new Set(items.flatMap((item) => tagsOf(item)))].sort();
  const out: Record<string, PairwiseScores> = {};
  for (const tag of tags) {
    const without = indexed.filter((x) => !tagsOf(x.item).includes(tag));
    const rest = pairCounts(
      without,
      (x) => truthOf(x.item),
      (x) => predictedOf(x.item, x.index) ?? singleton(x.index),
      wrapSides(options),
    );
    out[tag] = scoresOf(
      {
        truePairs: all.truePairs - rest.truePairs,
        predictedPairs: all.predictedPairs - rest.predictedPairs,
        truePositivePairs: all.truePositivePairs - rest.truePositivePairs,
      },
      items.length - without.length,
    );
  }
  return out;
}

function wrapSides<T>(options: PairwiseOptions<T>): PairwiseOptions<{ item: T; index: number }> {
  const { sideOf } = options;
  return sideOf ? { sideOf: (x) => sideOf(x.item) } : {};
}

/**
 * Share of true pairs whose items share at least one key (blocking recall: the pairs a resolver looking candidates up
 * by these keys can find directly). 1 when there is no true pair.
 */
export function keySharingRecall<T>(
  items: readonly T[],
  truthOf: (item: T) => string,
  keysOf: (item: T) => Iterable<string>,
  options: PairwiseOptions<T> = {},
): number {
  const linkage = isLinkage(items, options);
  const byTruth = new Map<string, Array<{ side: Side | undefined; keys: Set<string> }>>();
  for (const item of items) {
    const list = byTruth.get(truthOf(item)) ?? [];
    list.push({ side: options.sideOf?.(item), keys: new Set(keysOf(item)) });
    byTruth.set(truthOf(item), list);
  }
  let pairs = 0;
  let shared = 0;
  for (const list of byTruth.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const x = list[i]!;
        const y = list[j]!;
        if (linkage && x.side === y.side) continue;
        pairs++;
        for (const k of x.keys) {
          if (y.keys.has(k)) {
            shared++;
            break;
          }
        }
      }
    }
  }
  return pairs === 0 ? 1 : shared / pairs;
}

export interface ClusterError<T> {
  /** The cluster's key: the predicted entity of a false merge, the true entity of a missed link. */
  key: string;
  /** Wrong pairs inside the predicted cluster (false merge), or true pairs it left apart (missed link). */
  pairs: number;
  /** The cluster split by the other side: by true entity (false merge) or by predicted entity (missed link). */
  groups: Array<{ key: string; items: T[] }>;
}

export interface ClusterErrors<T> {
  /** Predicted clusters holding more than one true entity, most wrong pairs first. */
  falseMerges: ClusterError<T>[];
  /** True entities spread over more than one predicted cluster, most missed pairs first. */
  missedLinks: ClusterError<T>[];
}

/** The clusters behind the lost precision and recall, worst first: what a developer looks at to see what fails. */
export function clusterErrors<T>(
  items: readonly T[],
  truthOf: (item: T) => string,
  predictedOf: PredictedOf<T>,
  options: PairwiseOptions<T> & { limit?: number } = {},
): ClusterErrors<T> {
  const linkage = isLinkage(items, options);
  const predicted = (item: T, index: number) => predictedOf(item, index) ?? singleton(index);
  const nest = (outer: (item: T, index: number) => string, inner: (item: T, index: number) => string) => {
    const clusters = new Map<string, Map<string, T[]>>();
    items.forEach((item, index) => {
      const o = outer(item, index);
      const groups = clusters.get(o) ?? new Map<string, T[]>();
      const i = inner(item, index);
      groups.set(i, [...(groups.get(i) ?? []), item]);
      clusters.set(o, groups);
    });
    const errors: ClusterError<T>[] = [];
    for (const [key, groups] of clusters) {
      if (groups.size < 2) continue;
      const count = (list: T[]) => countOf(list, options.sideOf);
      const whole = count([...groups.values()].flat());
      const within = [...groups.values()].reduce((s, list) => s + pairsOf(count(list), linkage), 0);
      const pairs = pairsOf(whole, linkage) - within;
      if (pairs === 0) continue;
      errors.push({ key, pairs, groups: [...groups].map(([k, list]) => ({ key: k, items: list })) });
    }
    return errors.sort((x, y) => y.pairs - x.pairs).slice(0, options.limit ?? Number.POSITIVE_INFINITY);
  };
  return {
    falseMerges: nest(predicted, (item) => truthOf(item)),
    missedLinks: nest(
      (item) => truthOf(item),
      (item, index) => predictedOf(item, index) ?? `(unresolved ${index})`,
    ),
  };
}

function countOf<T>(list: readonly T[], sideOf: ((item: T) => Side | undefined) | undefined): Tally {
  const t: Tally = { n: list.length, a: 0, b: 0 };
  for (const item of list) {
    const side = sideOf?.(item);
    if (side === 'a') t.a++;
    if (side === 'b') t.b++;
  }
  return t;
}
