/**
 * Fellegi–Sunter match weights: for each field and comparison level an m probability (the level is seen when the two
 * records are the same entity) and a u probability (seen when they are not), giving the weight log2(m/u) in bits. The
 * weights of the fields add up; two thresholds split the total into link, review and no link. Agreement on a value
 * is worth less when many stored entities share it (a common name, a shop phone) and more when it is rare.
 * @see Fellegi & Sunter, "A Theory for Record Linkage", JASA 64 (1969)
 * @see Winkler, "Using the EM algorithm for weight computation in the Fellegi-Sunter model" (1988), §5 value-specific u
 */
import type { LinkDecision } from '../../schemas/generated/types.js';

export interface LevelParameters {
  /** P(level | same entity). */
  m: number;
  /** P(level | different entities), before any frequency adjustment. */
  u: number;
  /** Why these values, in a few words (shown to engineers tuning the model, not stored with links). */
  why: string;
  /** How the frequency of the agreed value moves this level's weight; absent: it does not. */
  frequency?: FrequencyAdjustment;
}

/**
 * How the frequency of an agreed value adjusts a level's weight:
 * - `population`: the value is an attribute people share by chance (a name, a postcode). The weight gains
 *   log2(typicalShare / share), where share is the value's share of the stored population (smoothed towards
 *   `typicalShare` while the population is small): a value twice as common as typical loses one bit.
 * - `personal`: the value should belong to one person (a phone, an ID number). From the third holder on it loses
 *   `bitsPerDoubling` (default 1) for every doubling of the further holders: a shop phone held by 40 people loses
 *   log2(39) bits at 1, twice that at 2. A second holder costs nothing: it is most often the same person stored twice
 *   (awaiting a merge) or a spouse, and when it is really another person of the same description the matcher sees
 *   two close candidates that conflict and asks for review.
 */
export interface FrequencyAdjustment {
  kind: 'population' | 'personal';
  /** Frequency table the value is counted in (see `FrequencyOf`). */
  table: string;
  /** `population` only: the share of the population holding a typical agreed value. */
  typicalShare?: number;
  /** Most bits a common value may lose. */
  maxDown: number;
  /** Most bits a rare value may gain (0 for personal identifiers). */
  maxUp: number;
  /** `personal` only: bits lost per doubling of the holders beyond the first two. Default 1. */
  bitsPerDoubling?: number;
}

export interface FieldModel {
  levels: Readonly<Record<string, LevelParameters>>;
}

export type MatchModel = Readonly<Record<string, FieldModel>>;

export interface Thresholds {
  /** At or above: link automatically. */
  link: number;
  /** At or above (and below `link`): propose to a steward. */
  review: number;
}

/** Number of stored entities holding `value` for `field` (the candidate included); 0 when unknown. */
export type FrequencyOf = (field: string, value: string) => number;

export interface FrequencyContext {
  frequencyOf?: FrequencyOf;
  /** Number of stored entities of the kind being matched. */
  population?: number;
}

/** One field's contribution to a match score, as `LinkDecision.evidence` stores it. */
export interface FieldEvidence {
  field: string;
  level: string;
  weight: number;
  detail?: string;
}

export interface MatchExplanation {
  /** Sum of the field weights, in bits. */
  total: number;
  thresholds: Thresholds;
  decision: 'link' | 'review' | 'none';
  fields: FieldEvidence[];
  /** A rule that forbids the link whatever the total (two different verified ID numbers, …). */
  veto?: string;
}

/** The level every field takes when one side has no value: it weighs nothing. */
export const MISSING = 'missing';

/**
 * Prior count for smoothing value frequencies: a value's share is estimated as (count + 3) / (population + 3 /
 * typicalShare), so until the population is large enough to tell, every value counts as typical.
 */
export const FREQUENCY_PRIOR_COUNT = 3;

/** log2(m/u) of a level, in bits. */
export function levelWeight(model: MatchModel, field: string, level: string): number {
  if (level === MISSING) return 0;
  const params = model[field]?.levels[level];
  if (params === undefined) {
    const known = Object.keys(model[field]?.levels ?? {}).join(', ');
    throw new Error(
      `no weight for level "${level}" of field "${field}"; known levels: ${known || 'none (unknown field)'}`,
    );
  }
  return Math.log2(params.m / params.u);
}

/**
 * Bits to add to a level's weight for the frequency of the agreed value (negative for a common value), bounded by
 * `maxDown` and `maxUp`. 0 when the count is unknown (0).
 */
export function frequencyAdjustment(
  adjustment: FrequencyAdjustment,
  count: number,
  population: number,
): number {
  if (!(count > 0)) return 0;
  let bits: number;
  if (adjustment.kind === 'personal') {
    bits = -(adjustment.bitsPerDoubling ?? 1) * Math.log2(Math.max(1, count - 1));
  } else {
    const typical = adjustment.typicalShare ?? 0;
    if (!(typical > 0)) return 0;
    const share =
      (count + FREQUENCY_PRIOR_COUNT) / (Math.max(population, count) + FREQUENCY_PRIOR_COUNT / typical);
    bits = Math.log2(typical / share);
  }
  return Math.max(-adjustment.maxDown, Math.min(adjustment.maxUp, bits));
}

export interface Observation {
  field: string;
  level: string;
  detail?: string;
  /** The value both sides agree on, counted in the level's frequency table (a blind index, a name, a postcode). */
  agreedValue?: string;
}

/** The evidence of one observed level: its base weight plus the frequency adjustment when the level has one. */
export function weighObservation(
  model: MatchModel,
  observation: Observation,
  context: FrequencyContext,
): FieldEvidence {
  const { field, level, detail, agreedValue } = observation;
  let weight = levelWeight(model, field, level);
  let note = detail;
  const adjustment = model[field]?.levels[level]?.frequency;
  if (adjustment && agreedValue !== undefined && context.frequencyOf) {
    const count = context.frequencyOf(adjustment.table, agreedValue);
    const bits = frequencyAdjustment(adjustment, count, context.population ?? 0);
    if (bits !== 0) {
      weight += bits;
      const shared = `${count} stored ${count === 1 ? 'entity holds' : 'entities hold'} this value`;
      note = `${note ? `${note}; ` : ''}${shared} (${bits > 0 ? '+' : ''}${round(bits)})`;
    }
  }
  return { field, level, weight: round(weight), ...(note ? { detail: note } : {}) };
}

/** Adds the field weights up and decides against the thresholds; a veto forces `none`. */
export function explainMatch(
  fields: FieldEvidence[],
  thresholds: Thresholds,
  veto?: string,
): MatchExplanation {
  const total = round(fields.reduce((sum, f) => sum + f.weight, 0));
  const decision = veto
    ? 'none'
    : total >= thresholds.link
      ? 'link'
      : total >= thresholds.review
        ? 'review'
        : 'none';
  return { total, thresholds, decision, fields, ...(veto ? { veto } : {}) };
}

/** The explanation as the `linkedBy` a person's or dispute's record keeps (design principle 4). */
export function toLinkDecision(explanation: MatchExplanation, decidedAt: string, rule: string): LinkDecision {
  return {
    method: 'score',
    decidedBy: 'machine',
    decidedAt,
    rule: explanation.veto ? `${rule}; vetoed: ${explanation.veto}` : rule,
    score: explanation.total,
    thresholds: { link: explanation.thresholds.link, review: explanation.thresholds.review },
    evidence: explanation.fields.map((f) => ({
      field: f.field,
      level: f.level,
      weight: f.weight,
      ...(f.detail ? { detail: f.detail } : {}),
    })),
  };
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}
