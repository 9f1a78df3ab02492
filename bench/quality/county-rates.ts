/**
 * How often a name known only by its surname (张先生, 张某) is the one person of that surname its quarrel names in
 * full, counted on the county generator's truth. The person model's `dispute: party-surname-only` weight cites these
 * counts: `npx tsx bench/quality/county-rates.ts --disputes 1000 --seed 20240305`.
 *
 * - in the dispute: a partial name whose quarrel's earlier reports name exactly one person of its surname in full, its
 *   own record naming no one else of that surname;
 * - in one record: a partial name beside exactly one full name of its surname in the same record (110's caller and
 *   the parties the officer lists).
 */
import { parseArgs } from 'node:util';
import { generateCounty, type RecordTruth, type TruthParty, truthKey } from './county-generator.js';

const isPartial = (p: TruthParty) => p.tags.includes('surname-only') || p.tags.includes('masked-name');
const isFull = (p: TruthParty) => p.kind === 'person' && p.name !== '' && !isPartial(p);
const surnameOf = (p: TruthParty) => [...p.name.trim()][0];
const formOf = (p: TruthParty) => (p.tags.includes('surname-only') ? 'surname-only' : 'masked');

export function countyRates(disputes: number, seed: number): Record<string, { same: number; other: number }> {
  const county = generateCounty({ disputes, seed });
  const counts: Record<string, { same: number; other: number }> = {};
  const count = (key: string, same: boolean) => {
    const c = counts[key] ?? { same: 0, other: 0 };
    counts[key] = c;
    if (same) c.same++;
    else c.other++;
  };
  const byDispute = new Map<string, Array<{ receivedAt: string; truth: RecordTruth }>>();
  for (const r of county.records) {
    const truth = county.truth.get(truthKey(r.sourceId, r.sourceRecordId))!;
    byDispute.set(truth.disputeId, [
      ...(byDispute.get(truth.disputeId) ?? []),
      { receivedAt: r.receivedAt, truth },
    ]);
  }
  for (const reports of byDispute.values()) {
    for (const { receivedAt, truth } of reports) {
      for (const p of truth.parties.filter(isPartial)) {
        const here = truth.parties.filter(
          (q) => q !== p && q.kind === 'person' && surnameOf(q) === surnameOf(p),
        );
        const fullHere = here.filter(isFull);
        if (fullHere.length === 1 && here.length === 1)
          count(`in one ${truth.sourceId} record, ${formOf(p)}`, fullHere[0]!.personId === p.personId);
        const earlier = new Set(
          reports
            .filter((o) => o.receivedAt < receivedAt)
            .flatMap((o) => o.truth.parties)
            .filter((q) => isFull(q) && surnameOf(q) === surnameOf(p))
            .map((q) => q.personId),
        );
        if (earlier.size === 1 && here.length === 0)
          count(`in the dispute, ${formOf(p)}`, earlier.has(p.personId));
      }
    }
  }
  return counts;
}

if (process.argv[1]?.endsWith('county-rates.ts')) {
  const { values } = parseArgs({
    options: { disputes: { type: 'string', default: '1000' }, seed: { type: 'string', default: '20240305' } },
  });
  const counts = countyRates(Number(values.disputes), Number(values.seed));
  for (const [key, { same, other }] of Object.entries(counts).sort())
    console.log(
      `${key}: ${same} the person, ${other} someone else (${((100 * other) / (same + other)).toFixed(1)}%)`,
    );
}
