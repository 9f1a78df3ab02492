/**
 * Person-resolution quality on FEBRL, resolved incrementally as the hub resolves (bench/quality/febrl.ts). The floors
 * are what the current model measured, rounded down (4a+4b: F1 0.9998, 3: F1 0.9996, precision 1.0 on both, with the
 * soc_sec_id observable only as equal or not): a change that loses quality fails here.
 */
import { describe, expect, it } from 'vitest';
import { evaluateFebrl } from '../../../bench/quality/febrl.js';

describe('person resolution on FEBRL', () => {
  it('links FEBRL 4a to 4b with F1 ≥ 0.999, seeing the soc_sec_id only through its blind index', () => {
    const r = evaluateFebrl({ dataset: '4', socSecId: 'exact-only' });
    expect(r.records).toBe(10_000);
    expect(r.truePairs).toBe(5000);
    expect(r.precision).toBeGreaterThanOrEqual(0.999);
    expect(r.f1).toBeGreaterThanOrEqual(0.999);
    expect(r.blockingRecall).toBeGreaterThanOrEqual(0.999);
    expect(r.comparisonsPerRecord).toBeLessThan(5);
  });

  it('deduplicates FEBRL 3 with F1 ≥ 0.999 and no wrong link', () => {
    const r = evaluateFebrl({ dataset: '3', socSecId: 'exact-only' });
    expect(r.truePairs).toBe(6538);
    expect(r.wrongLinks).toBe(0);
    expect(r.f1).toBeGreaterThanOrEqual(0.999);
    expect(r.candidateRecall).toBeGreaterThanOrEqual(0.999);
  });

  it('keeps F1 ≥ 0.999 with the records as the FEBRL adapter maps them (no surname field, postcode mid-address)', () => {
    expect(evaluateFebrl({ dataset: '4', mapping: 'adapter' }).f1).toBeGreaterThanOrEqual(0.999);
  });
});
