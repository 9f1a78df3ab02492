/**
 * The labelled county (bench/quality/county-generator.ts): every record is a raw export its built-in adapter accepts and
 * maps into a valid report, the truth names exactly the party mentions the adapter reads, explicit references point only
 * inside the true dispute, and the same seed gives the same county.
 */
import { describe, expect, it } from 'vitest';
import type { ClearReport, MapResult } from '../../../adapters/engine/adapter.js';
import { AdapterRegistry, builtinAdapters } from '../../../adapters/registry.js';
import {
  type County,
  type CountyRecord,
  generateCounty,
  matchTruthParties,
  type RecordTruth,
  SOURCE_IDS,
  truthKey,
} from '../../../bench/quality/county-generator.js';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import { createBlindIndexer } from '../../../functions/privacy/blind-index.js';
import { protectReport } from '../../../functions/privacy/protect-report.js';

const registry = new AdapterRegistry(builtinAdapters());
const adapters = new Map(builtinAdapters().map((a) => [a.sourceId, a]));
const indexer = createBlindIndexer('county-generator-test-key-0123456789abcdef');

function mapRecord(record: CountyRecord): MapResult {
  const adapter = adapters.get(record.sourceId);
  if (!adapter) throw new Error(`no built-in adapter for ${record.sourceId}`);
  return adapter.map(record.raw, { receivedAt: record.receivedAt }) as MapResult;
}

const truthOf = (county: County, record: CountyRecord): RecordTruth => {
  const truth = county.truth.get(truthKey(record.sourceId, record.sourceRecordId));
  if (!truth) throw new Error(`no truth for ${record.sourceId}/${record.sourceRecordId}`);
  return truth;
};

/** The mentions of a mapped report as the truth names them: a person's name as given, an organisation's name. */
const foundParties = (report: ClearReport) =>
  report.parties.map((p) => ({
    kind: p.kind,
    name: p.kind === 'organization' ? p.organizationName : p.name?.asGiven,
  }));

describe('the labelled county generator', () => {
  const county = generateCounty({ disputes: 200, seed: 20240305 });

  it('makes a county of 1–5 records per dispute, in arrival order, with unique record ids', () => {
    expect(county.stats.disputes).toBe(200);
    expect(county.records.length).toBe(county.truth.size);
    expect(county.records.length).toBeGreaterThan(300);
    const perDispute = new Map<string, number>();
    for (const record of county.records) {
      const d = truthOf(county, record).disputeId;
      perDispute.set(d, (perDispute.get(d) ?? 0) + 1);
    }
    expect(perDispute.size).toBe(200);
    expect(Math.max(...perDispute.values())).toBeLessThanOrEqual(5);
    const arrival = county.records.map((r) => Date.parse(r.receivedAt));
    expect(arrival).toEqual([...arrival].sort((a, b) => a - b));
    for (const source of SOURCE_IDS) expect(county.stats.bySource[source]).toBeGreaterThan(0);
  });

  it('gives records every built-in adapter accepts, maps without errors and the hub would not quarantine', () => {
    const failures: string[] = [];
    for (const record of county.records) {
      const adapter = adapters.get(record.sourceId)!;
      expect(adapter.recordIdOf(record.raw)).toBe(record.sourceRecordId);
      const rejected = registry.validateSource(adapter, record.raw);
      const mapped = mapRecord(record);
      const invalid = mapped.ok ? validateAgainst('report', protectReport(mapped.report, indexer)) : [];
      if (rejected.length || !mapped.ok || invalid.length) {
        failures.push(
          `${record.sourceId}/${record.sourceRecordId}: ${JSON.stringify({
            rejected,
            errors: mapped.ok ? [] : mapped.errors,
            invalid,
          })}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('names exactly the party mentions the adapter reads, each by its name as given', () => {
    const problems: string[] = [];
    for (const record of county.records) {
      const mapped = mapRecord(record);
      if (!mapped.ok) continue;
      const truth = truthOf(county, record);
      const found = foundParties(mapped.report);
      const matched = matchTruthParties(truth.parties, found);
      truth.parties.forEach((party, i) => {
        const at = matched[i];
        // The name as given, exactly: '' for a caller who gave a phone but no name.
        if (at === undefined || (found[at]!.name ?? '') !== party.name)
          problems.push(
            `${record.sourceId}/${record.sourceRecordId}: "${party.name}" not among ${JSON.stringify(found)}`,
          );
        if (party.kind === 'person' && !party.personId)
          problems.push(`${record.sourceRecordId}: a person without id`);
        if (party.kind !== 'person' && party.personId)
          problems.push(`${record.sourceRecordId}: an organisation with a person id`);
      });
      // Every person the adapter reads is labelled (nothing the hub resolves goes unscored).
      const persons = found.filter((f) => f.kind === 'person').length;
      const labelled = truth.parties.filter((p) => p.kind === 'person').length;
      if (persons !== labelled)
        problems.push(
          `${record.sourceId}/${record.sourceRecordId}: ${persons} persons mapped, ${labelled} labelled`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('quotes explicit references only to earlier records of the same dispute, and only on some records', () => {
    const referenceOf = (r: CountyRecord) =>
      String(
        r.sourceId === 'hotline-12345'
          ? r.raw.busiNumber
          : r.sourceId === 'petition'
            ? r.raw.xfjbh
            : r.sourceId === 'police-110'
              ? r.raw.JJDBH
              : r.sourceId === 'grid'
                ? r.raw.serialNumber
                : r.raw.ajbs,
      );
    const byReference = new Map(county.records.map((r, i) => [referenceOf(r), { record: r, index: i }]));
    let linked = 0;
    county.records.forEach((record, index) => {
      const mapped = mapRecord(record);
      if (!mapped.ok) return;
      for (const link of mapped.report.links) {
        linked++;
        const target = byReference.get(link.value);
        expect(target, `${record.sourceRecordId} → ${link.value}`).toBeDefined();
        expect(truthOf(county, target!.record).disputeId).toBe(truthOf(county, record).disputeId);
        expect(target!.index).toBeLessThan(index);
      }
    });
    expect(linked).toBeGreaterThan(10);
    expect(linked).toBeLessThan(county.records.length / 2);
  });

  it('writes a legacy 15-digit ID number only for people born in the 1900s, so it upgrades to their own number', () => {
    // A 15-digit number has a two-digit year of the 1900s; one written for a person born in 2003 would upgrade to a
    // stranger born in 1903. County 1,000 of this seed had one (a court case's 周佳英).
    const large = generateCounty({ disputes: 1000, seed: 20240305 });
    const idsOf = new Map<string, { upgraded: Set<string>; full: Set<string> }>();
    let legacy = 0;
    for (const record of large.records) {
      const mapped = mapRecord(record);
      if (!mapped.ok) continue;
      const truth = truthOf(large, record);
      const found = foundParties(mapped.report);
      matchTruthParties(truth.parties, found).forEach((at, i) => {
        const id = at === undefined ? undefined : mapped.report.parties[at]!.residentId;
        const person = truth.parties[i]!.personId;
        if (!person || !id?.value) return;
        const ids = idsOf.get(person) ?? { upgraded: new Set(), full: new Set() };
        idsOf.set(person, ids);
        if (id.status === 'upgraded') {
          legacy++;
          ids.upgraded.add(id.value);
        } else if (id.status === 'valid') ids.full.add(id.value);
      });
    }
    expect(legacy).toBeGreaterThan(10);
    const strangers = [...idsOf].flatMap(([person, { upgraded, full }]) =>
      [...upgraded].filter((id) => full.size > 0 && !full.has(id)).map((id) => `${person}: ${id}`),
    );
    expect(strangers).toEqual([]);
  });

  it('is deterministic for a seed, and another seed gives another county', () => {
    const again = generateCounty({ disputes: 200, seed: 20240305 });
    expect(again.records).toEqual(county.records);
    expect([...again.truth]).toEqual([...county.truth]);
    const other = generateCounty({ disputes: 200, seed: 7 });
    expect(other.records.map((r) => r.raw)).not.toEqual(county.records.map((r) => r.raw));
  });

  it('carries every hard case at a controlled rate in a larger county', () => {
    const large = generateCounty({ disputes: 1500, seed: 11 });
    const { tags } = large.stats;
    for (const tag of [
      'homophone',
      'traditional',
      'typo',
      'surname-only',
      'masked-name',
      'masked-id',
      'masked-phone',
      'shop-phone',
      'worker-phone',
      'household-phone',
      'namesake',
      'free-text',
      'no-name',
      'relative-caller',
      'repeat-pair',
      'same-building',
      'frequent-caller',
      'linked',
    ]) {
      expect(tags[tag] ?? 0, tag).toBeGreaterThan(0);
    }
    // Homophones are a few percent of the mentions, not most of them.
    expect(tags.homophone! / large.stats.mentions).toBeLessThan(0.1);
    // Shared phones: one phone among several true people.
    const truthByRecord = [...large.truth.values()];
    const shopPhoneOwners = new Set(
      truthByRecord.flatMap((t) =>
        t.parties.filter((p) => p.tags.includes('shop-phone')).map((p) => p.personId),
      ),
    );
    expect(shopPhoneOwners.size).toBeGreaterThan(3);
    // Repeat disputes of the same two people are different disputes.
    const repeatDisputes = new Set(
      truthByRecord.filter((t) => t.tags.includes('repeat-pair')).map((t) => t.disputeId),
    );
    expect(repeatDisputes.size).toBeGreaterThan(20);
    // People are seen by several sources.
    const sourcesOf = new Map<string, Set<string>>();
    for (const t of truthByRecord)
      for (const p of t.parties)
        if (p.personId) sourcesOf.set(p.personId, (sourcesOf.get(p.personId) ?? new Set()).add(t.sourceId));
    expect([...sourcesOf.values()].filter((s) => s.size >= 3).length).toBeGreaterThan(50);
  });
});
