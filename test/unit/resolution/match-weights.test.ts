import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import {
  explainMatch,
  type FrequencyAdjustment,
  frequencyAdjustment,
  levelWeight,
  type MatchModel,
  toLinkDecision,
  weighObservation,
} from '../../../functions/resolution/match-weights.js';
import type { Person } from '../../../schemas/generated/types.js';

const aPopulationAdjustment = (overrides: Partial<FrequencyAdjustment> = {}): FrequencyAdjustment => ({
  kind: 'population',
  table: 'name',
  typicalShare: 1e-4,
  maxDown: 6,
  maxUp: 2,
  ...overrides,
});

const aModel = (): MatchModel => ({
  name: {
    levels: {
      exact: { m: 0.8, u: 0.01, why: 'test', frequency: aPopulationAdjustment() },
      different: { m: 0.05, u: 0.8, why: 'test' },
    },
  },
  phone: {
    levels: {
      exact: {
        m: 0.8,
        u: 0.001,
        why: 'test',
        frequency: { kind: 'personal', table: 'phone', maxDown: 10, maxUp: 0 },
      },
    },
  },
});

describe('levelWeight', () => {
  it('is log2(m/u) in bits', () => {
    expect(levelWeight(aModel(), 'name', 'exact')).toBeCloseTo(Math.log2(80));
    expect(levelWeight(aModel(), 'name', 'different')).toBeCloseTo(-4);
  });

  it('weighs a missing value 0', () => {
    expect(levelWeight(aModel(), 'name', 'missing')).toBe(0);
  });

  it('fails for a level the model does not know, naming the known ones', () => {
    expect(() => levelWeight(aModel(), 'name', 'pinyin')).toThrow(
      /"pinyin" of field "name"; known levels: exact, different/,
    );
  });
});

describe('frequencyAdjustment', () => {
  it('lowers the weight of a common value and raises a rare one', () => {
    const common = frequencyAdjustment(aPopulationAdjustment(), 1000, 1_000_000);
    const rare = frequencyAdjustment(aPopulationAdjustment(), 1, 1_000_000);
    expect(common).toBeCloseTo(-3.32, 1);
    expect(rare).toBeGreaterThan(0);
    expect(rare).toBeLessThanOrEqual(2);
  });

  it('stays near neutral while few entities are stored', () => {
    expect(Math.abs(frequencyAdjustment(aPopulationAdjustment(), 1, 10))).toBeLessThan(0.5);
  });

  it('is bounded by maxDown', () => {
    expect(frequencyAdjustment(aPopulationAdjustment({ maxDown: 3 }), 900_000, 1_000_000)).toBe(-3);
  });

  it('divides the odds of a personal identifier by the number of further people holding it', () => {
    const personal: FrequencyAdjustment = { kind: 'personal', table: 'phone', maxDown: 10, maxUp: 0 };
    expect(frequencyAdjustment(personal, 1, 1000)).toBeCloseTo(0);
    expect(frequencyAdjustment(personal, 2, 1000)).toBeCloseTo(0);
    expect(frequencyAdjustment(personal, 40, 1000)).toBeCloseTo(-Math.log2(39));
    expect(frequencyAdjustment(personal, 5000, 1_000_000)).toBe(-10);
  });

  it('loses evidence faster for a phone when told to: seen holders suggest unseen ones', () => {
    const steep: FrequencyAdjustment = {
      kind: 'personal',
      table: 'phone',
      maxDown: 12,
      maxUp: 0,
      bitsPerDoubling: 2,
    };
    expect(frequencyAdjustment(steep, 2, 1000)).toBeCloseTo(0);
    expect(frequencyAdjustment(steep, 5, 1000)).toBeCloseTo(-4);
  });

  it('changes nothing when the count is unknown', () => {
    expect(frequencyAdjustment(aPopulationAdjustment(), 0, 1000)).toBe(0);
  });
});

describe('weighObservation', () => {
  it('adds the frequency adjustment of the agreed value and says so in the detail', () => {
    const evidence = weighObservation(
      aModel(),
      { field: 'phone', level: 'exact', agreedValue: 'shop-phone' },
      {
        frequencyOf: (table, value) => (table === 'phone' && value === 'shop-phone' ? 40 : 0),
        population: 1000,
      },
    );
    expect(evidence.weight).toBeCloseTo(Math.log2(800) - Math.log2(39), 1);
    expect(evidence.detail).toMatch(/40 stored entities hold this value/);
  });
});

describe('explainMatch', () => {
  const thresholds = { link: 10, review: 5 };

  it('links at or above the link threshold, reviews between, and leaves the rest', () => {
    expect(explainMatch([{ field: 'a', level: 'x', weight: 10 }], thresholds).decision).toBe('link');
    expect(explainMatch([{ field: 'a', level: 'x', weight: 7 }], thresholds).decision).toBe('review');
    expect(explainMatch([{ field: 'a', level: 'x', weight: 4.99 }], thresholds).decision).toBe('none');
  });

  it('lets a veto override any total', () => {
    const e = explainMatch([{ field: 'a', level: 'x', weight: 40 }], thresholds, 'two verified ID numbers');
    expect(e).toMatchObject({ total: 40, decision: 'none', veto: 'two verified ID numbers' });
  });

  it('stores as a LinkDecision a Person record accepts (design principle 4)', () => {
    const explanation = explainMatch(
      [
        { field: 'name', level: 'exact', weight: 7.6, detail: '张伟' },
        { field: 'phone', level: 'exact', weight: 8.6 },
      ],
      thresholds,
    );
    const linkedBy = toLinkDecision(explanation, '2024-03-06T02:02:00.000Z', 'person score');
    expect(linkedBy).toMatchObject({ method: 'score', score: 16.2, thresholds: { link: 10, review: 5 } });
    const person: Person = {
      id: 'per_1',
      names: [],
      residentIds: [],
      phones: [],
      records: [{ sourceId: 'hotline-12345', sourceRecordId: 'F1', linkedBy }],
      version: 1,
    };
    expect(validateAgainst('person', person)).toEqual([]);
  });
});
