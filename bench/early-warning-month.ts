/**
 * Early-warning rules over a generated month of county data: what each rule fires on. A month of 诸暨市 disputes
 * (bench/quality/county-generator.ts, BENCH_WARNING_DISPUTES, default 1500) is mapped by the built-in adapters, joined
 * into disputes and people by the generator's truth (so the figures are the rules', not the resolution's), and every
 * dispute is assessed as the hub assesses it at ingest, at the end of the month and again a month later.
 */
import { builtinAdapters } from '../adapters/registry.js';
import type { JoinedReport } from '../functions/resolution/dispute-summary.js';
import { summariseDispute } from '../functions/resolution/dispute-summary.js';
import {
  assessRisk,
  DEFAULT_EARLY_WARNING_POLICY,
  type PersonHistory,
} from '../functions/supervision/early-warning.js';
import type { Dispute, Report } from '../schemas/generated/types.js';
import { generateCounty, matchTruthParties, truthKey } from './quality/county-generator.js';

export interface EarlyWarningMonthOptions {
  disputes: number;
  seed: number;
  /** The month the disputes start in (YYYY-MM). */
  month: string;
  log: (line: string) => void;
}

export const defaultEarlyWarningOptions = (
  env: NodeJS.ProcessEnv = process.env,
): EarlyWarningMonthOptions => ({
  disputes: intFrom(env.BENCH_WARNING_DISPUTES, 1500),
  seed: intFrom(env.BENCH_SEED, 12345),
  month: env.BENCH_WARNING_MONTH ?? '2024-03',
  log: (line) => process.stderr.write(`${line}\n`),
});

interface RuleFigures {
  level: number;
  why: string;
  /** Open disputes it fired on, at each evaluation time. */
  fired: Record<string, number>;
  /** One dispute it fired on, in words. */
  example?: string;
}

export interface EarlyWarningMonthResult {
  records: number;
  mapped: number;
  disputes: number;
  multiChannel: number;
  /** Per evaluation time: disputes settled (level 0 by design), and open disputes by level. */
  at: Record<string, { settled: number; byLevel: Record<string, number> }>;
  rules: Record<string, RuleFigures>;
  ms: number;
}

export async function runEarlyWarningMonth(
  options: EarlyWarningMonthOptions,
): Promise<EarlyWarningMonthResult> {
  const started = Date.now();
  const county = generateCounty({
    disputes: options.disputes,
    seed: options.seed,
    from: `${options.month}-01`,
    days: daysIn(options.month),
  });
  options.log(`${county.records.length} records of ${county.stats.disputes} disputes generated`);
  const adapters = new Map(builtinAdapters().map((a) => [a.sourceId, a]));

  // 1. Map every record; place each party by the truth's person.
  const byDispute = new Map<string, JoinedReport[]>();
  let mapped = 0;
  for (const record of county.records) {
    const truth = county.truth.get(truthKey(record.sourceId, record.sourceRecordId));
    const result = await adapters.get(record.sourceId)!.map(record.raw, { receivedAt: record.receivedAt });
    if (!truth || !result.ok) continue;
    mapped++;
    const report = result.report as unknown as Report;
    const found = matchTruthParties(
      truth.parties,
      report.parties.map((p) => ({ kind: p.kind, name: p.name?.asGiven ?? p.organizationName })),
    );
    const partyPersonIds: Array<string | null> = report.parties.map(() => null);
    truth.parties.forEach((party, i) => {
      const at = found[i];
      if (at !== undefined && party.personId) partyPersonIds[at] = personIdOf(party.personId);
    });
    const joined: JoinedReport = {
      ref: {
        sourceId: report.sourceId,
        sourceRecordId: report.sourceRecordId,
        channel: report.channel,
        reportedAt: report.reportedAt,
        linkedBy: { method: 'explicit-reference', decidedBy: 'machine', decidedAt: record.receivedAt },
      },
      report,
      partyPersonIds,
    };
    byDispute.set(truth.disputeId, [...(byDispute.get(truth.disputeId) ?? []), joined]);
  }

  // 2. The unified disputes, and each person's history across them.
  const disputes = [...byDispute].map(([id, joined]) => ({
    dispute: summariseDispute({ id: `dsp_${id.replace(/[^0-9A-Za-z]/g, '')}`, version: 1 }, joined),
    joined,
  }));
  const histories = new Map<string, PersonHistory>();
  const historyOf = (personId: string) => {
    const h = histories.get(personId) ?? { personId, disputes: [], policeCalls: [], petitions: [] };
    histories.set(personId, h);
    return h;
  };
  for (const { dispute, joined } of disputes) {
    for (const j of joined) {
      j.partyPersonIds.forEach((personId, i) => {
        if (!personId) return;
        const h = historyOf(personId);
        if (!h.disputes.some((d) => d.disputeId === dispute.id))
          h.disputes.push({ disputeId: dispute.id, at: dispute.firstReportedAt });
        const ref = { at: j.report.reportedAt, sourceRecordId: j.ref.sourceRecordId, disputeId: dispute.id };
        if (j.ref.channel === 'police-110') h.policeCalls.push(ref);
        if (j.ref.channel === 'petition' && j.report.parties[i]?.roles.includes('petitioner'))
          h.petitions.push(ref);
      });
    }
  }

  // 3. Assess every dispute at the end of the month and a month later.
  const [year, month] = options.month.split('-').map(Number) as [number, number];
  const times = {
    'end of month': isoMonthStart(year, month + 1),
    'a month later': isoMonthStart(year, month + 2),
  };
  const rules: Record<string, RuleFigures> = Object.fromEntries(
    DEFAULT_EARLY_WARNING_POLICY.rules.map((r) => [r.id, { level: r.level, why: r.why, fired: {} }]),
  );
  const at: EarlyWarningMonthResult['at'] = {};
  for (const [label, now] of Object.entries(times)) {
    const figures = { settled: 0, byLevel: {} as Record<string, number> };
    for (const { dispute, joined } of disputes) {
      const persons = [...new Set(joined.flatMap((j) => j.partyPersonIds))]
        .filter((p): p is string => Boolean(p))
        .map((p) => histories.get(p)!);
      const risk = assessRisk({ dispute, reports: joined.map((j) => j.report), persons, now });
      if (risk.settled) figures.settled++;
      else figures.byLevel[risk.level] = (figures.byLevel[risk.level] ?? 0) + 1;
      for (const reason of risk.reasons) {
        const rule = rules[reason.rule]!;
        rule.fired[label] = (rule.fired[label] ?? 0) + 1;
        rule.example ??= `${describe(dispute)}: ${reason.detail}`;
      }
    }
    at[label] = figures;
  }
  return {
    records: county.records.length,
    mapped,
    disputes: disputes.length,
    multiChannel: disputes.filter((d) => new Set(d.joined.map((j) => j.ref.channel)).size > 1).length,
    at,
    rules,
    ms: Date.now() - started,
  };
}

export function formatEarlyWarningMonth(r: EarlyWarningMonthResult): string {
  const labels = Object.keys(r.at);
  const lines = [
    `${r.records} records (${r.mapped} mapped) → ${r.disputes} disputes, ${r.multiChannel} reported through more than one channel`,
    ...labels.map(
      (l) => `${l}: ${r.at[l]!.settled} settled (level 0); open by level ${JSON.stringify(r.at[l]!.byLevel)}`,
    ),
    '',
    `| rule | level | ${labels.join(' | ')} | example |`,
    `| --- | --- | ${labels.map(() => '---').join(' | ')} | --- |`,
    ...Object.entries(r.rules).map(
      ([id, f]) =>
        `| ${id} | ${f.level} | ${labels.map((l) => f.fired[l] ?? 0).join(' | ')} | ${f.example ?? '—'} |`,
    ),
  ];
  return lines.join('\n');
}

function describe(dispute: Dispute): string {
  return `${dispute.firstReportedAt.slice(0, 10)} ${dispute.category.code} ${dispute.location?.divisionName ?? ''} (${dispute.channels?.join(' → ')})`;
}

/** Person ids of the generator, made into hub-shaped ids. */
const personIdOf = (id: string) => `per_${id.replace(/[^0-9A-Za-z]/g, '')}`;

function isoMonthStart(year: number, month: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-01T00:00:00+08:00`;
}

function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function intFrom(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
