/**
 * The figures a 综治中心 runs on, as maintained counters: every dispute version contributes counts, a change adds the
 * difference between its new and old contributions (`statsDelta`), and a full recount sums the contributions of the
 * latest versions (`recount`). Applying the deltas of any sequence of versions therefore equals the recount.
 *
 * A counter key is `<scope>/<period>/<metric>`: scope `all` or a division prefix (`county:330681`, `town:330681109`,
 * `village:330681109290`), period `all` or the Beijing month of the first report (`2024-03`), metric such as
 * `disputes`, `category:邻里`, `channel:grid`, `status:resolved`, `supervision:red`, `risk:3`, `resolvedLevel:town`,
 * `records`, `records:grid`, `resolutionSeconds:sum`, `resolutionSeconds:count`. The store can keep one item per
 * scope and period and ADD to its attributes, so figures never need a scan.
 */
import type { Dispute } from '../../schemas/generated/types.js';
import { instantOf } from '../deadlines/working-day-offsets.js';

export type Counters = Record<string, number>;
export type ResolvedLevel = 'village' | 'town' | 'county' | 'unknown';

const SETTLED = new Set(['resolved', 'closed']);
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * Markers of the level of the unit that resolved a dispute, in a unit's name; the one appearing last wins
 * (`诸暨市枫桥镇人民政府` is a town, `枫桥镇枫源村` a village). 派出所 and 司法所 work at town level; a basic people's court
 * (人民法院) at county level.
 */
export const UNIT_LEVEL_MARKERS: readonly (readonly [marker: string, level: ResolvedLevel])[] = [
  ['村', 'village'],
  ['社区', 'village'],
  ['居委会', 'village'],
  ['网格', 'village'],
  ['小区', 'village'],
  ['乡', 'town'],
  ['镇', 'town'],
  ['街道', 'town'],
  ['派出所', 'town'],
  ['司法所', 'town'],
  ['县', 'county'],
  ['区', 'county'],
  ['市', 'county'],
  ['人民法院', 'county'],
];

/** The counter changes that turn `before` (undefined for a new dispute) into `after`; zero changes left out. */
export function statsDelta(before: Dispute | undefined, after: Dispute): Counters {
  const delta: Counters = {};
  for (const [key, n] of Object.entries(contributions(after))) add(delta, key, n);
  if (before) for (const [key, n] of Object.entries(contributions(before))) add(delta, key, -n);
  return withoutZeros(delta);
}

/** The counters of a full recount over the latest version of every dispute. */
export function recount(disputes: Iterable<Dispute>): Counters {
  const total: Counters = {};
  for (const dispute of disputes) applyDelta(total, contributions(dispute));
  return total;
}

/** Adds a delta to counters in place (what the store does with ADD) and drops counters that reach zero. */
export function applyDelta(counters: Counters, delta: Counters): Counters {
  // Only the keys the delta touches can reach zero: linear in the delta, whatever the size of the counters.
  for (const [key, n] of Object.entries(delta)) {
    add(counters, key, n);
    if (counters[key] === 0) delete counters[key];
  }
  return counters;
}

/** What one dispute version counts for: each metric once in every scope and period it belongs to. */
export function contributions(dispute: Dispute): Counters {
  // A merged dispute redirects to the winner, which holds its reports: counting both would count them twice.
  if (dispute.mergedInto) return {};
  const metrics = metricsOf(dispute);
  const counters: Counters = {};
  for (const scope of scopesOf(dispute)) {
    for (const period of ['all', monthOf(dispute.firstReportedAt)]) {
      for (const [metric, n] of metrics) add(counters, `${scope}/${period}/${metric}`, n);
    }
  }
  return withoutZeros(counters);
}

function metricsOf(dispute: Dispute): [string, number][] {
  const open = !SETTLED.has(dispute.status.code);
  const channels = [...new Set(dispute.reports.map((r) => r.channel))];
  const metrics: [string, number][] = [
    ['disputes', 1],
    [`category:${dispute.category.code}`, 1],
    [`status:${dispute.status.code}`, 1],
    ...channels.map((c): [string, number] => [`channel:${c}`, 1]),
    // How many source records folded into how many disputes.
    ['records', dispute.reports.length],
    ...dispute.reports.map((r): [string, number] => [`records:${r.channel}`, 1]),
  ];
  // Supervision and risk describe what is still owed: only open disputes count.
  if (open && dispute.supervisionLevel && dispute.supervisionLevel !== 'none') {
    metrics.push([`supervision:${dispute.supervisionLevel}`, 1]);
  }
  if (open && dispute.riskLevel) metrics.push([`risk:${dispute.riskLevel}`, 1]);
  if (!open) {
    metrics.push([`resolvedLevel:${resolvedLevelOf(dispute)}`, 1]);
    const seconds = resolutionSeconds(dispute);
    if (seconds !== undefined) {
      metrics.push(['resolutionSeconds:sum', seconds], ['resolutionSeconds:count', 1]);
    }
  }
  return metrics;
}

/** `all` and each division prefix the dispute's location names (a padded code names only its real levels). */
export function scopesOf(dispute: Dispute): string[] {
  const code = dispute.location?.divisionCode ?? '';
  const scopes = ['all'];
  if (code.length >= 6 && code.slice(4, 6) !== '00') scopes.push(`county:${code.slice(0, 6)}`);
  if (code.length >= 9 && code.slice(6, 9) !== '000') scopes.push(`town:${code.slice(0, 9)}`);
  if (code.length >= 12 && code.slice(9, 12) !== '000') scopes.push(`village:${code.slice(0, 12)}`);
  return scopes;
}

/** The level of the unit of the latest resolve (else close) step in the merged timeline. */
export function resolvedLevelOf(dispute: Dispute): ResolvedLevel {
  const step =
    dispute.steps.filter((s) => s.action === 'resolve').at(-1) ??
    dispute.steps.filter((s) => s.action === 'close').at(-1);
  const unit = step?.fromUnit ?? step?.toUnit;
  if (unit === undefined) return 'unknown';
  let found: { at: number; level: ResolvedLevel } | undefined;
  for (const [marker, level] of UNIT_LEVEL_MARKERS) {
    const at = unit.lastIndexOf(marker);
    if (at >= 0 && (found === undefined || at + marker.length > found.at))
      found = { at: at + marker.length, level };
  }
  return found?.level ?? 'unknown';
}

function resolutionSeconds(dispute: Dispute): number | undefined {
  if (dispute.resolvedAt === undefined) return undefined;
  const seconds = Math.round((instantOf(dispute.resolvedAt) - instantOf(dispute.firstReportedAt)) / 1000);
  return seconds >= 0 ? seconds : undefined;
}

/** The parts of a counter key (`<scope>/<period>/<metric>`; scopes and periods hold no `/`). */
export function splitCounterKey(key: string): { scope: string; period: string; metric: string } {
  const first = key.indexOf('/');
  const second = key.indexOf('/', first + 1);
  if (first < 0 || second < 0) throw new Error(`counter key "${key}" is not <scope>/<period>/<metric>`);
  return { scope: key.slice(0, first), period: key.slice(first + 1, second), metric: key.slice(second + 1) };
}

/**
 * The counter scope of a division code prefix: `county:`, `town:` or `village:` by its length (6, 9 or 12 digits,
 * padding zeros read as the level above, as `scopesOf` files them); `all` for none; undefined for any other prefix.
 */
export function scopeOfDivision(prefix: string | undefined): string | undefined {
  if (prefix === undefined || prefix === '') return 'all';
  if (!/^\d+$/.test(prefix)) return undefined;
  let code = prefix;
  if (code.length === 12 && code.endsWith('000')) code = code.slice(0, 9);
  if (code.length === 9 && code.endsWith('000')) code = code.slice(0, 6);
  const levels: Record<number, string> = { 6: 'county', 9: 'town', 12: 'village' };
  const level = levels[code.length];
  if (level === undefined || (code.length === 6 && code.endsWith('00'))) return undefined;
  return `${level}:${code}`;
}

function monthOf(iso: string): string {
  return new Date(instantOf(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 7);
}

function add(counters: Counters, key: string, n: number): void {
  counters[key] = (counters[key] ?? 0) + n;
}

function withoutZeros(counters: Counters): Counters {
  return Object.fromEntries(Object.entries(counters).filter(([, n]) => n !== 0));
}

export interface Figures {
  disputes: number;
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  byStatus: Record<string, number>;
  /** Source records folded into `disputes` disputes. */
  records: number;
  /** The silo-duplication ratio: source records per unified dispute (absent with no disputes). */
  recordsPerDispute?: number;
  recordsByChannel: Record<string, number>;
  /** Resolved (or closed) disputes by the level of the unit that resolved them, and their shares. */
  resolvedByLevel: Record<string, number>;
  resolvedShareByLevel: Record<string, number>;
  /** Open disputes by supervision level (normal, yellow, red). */
  bySupervisionLevel: Record<string, number>;
  /** Open disputes by risk level (1–4). */
  byRiskLevel: Record<string, number>;
  averageResolutionSeconds?: number;
}

/** The figures of one scope and period (`GET /v1/stats`), read from the counters alone. */
export function figuresOf(counters: Counters, scope = 'all', period = 'all'): Figures {
  const prefix = `${scope}/${period}/`;
  const group = (name: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [key, n] of Object.entries(counters)) {
      if (key.startsWith(`${prefix}${name}:`)) out[key.slice(prefix.length + name.length + 1)] = n;
    }
    return out;
  };
  const get = (metric: string) => counters[`${prefix}${metric}`] ?? 0;
  const resolvedByLevel = group('resolvedLevel');
  const resolved = Object.values(resolvedByLevel).reduce((a, b) => a + b, 0);
  const count = get('resolutionSeconds:count');
  const records = group('records');
  return {
    disputes: get('disputes'),
    byCategory: group('category'),
    byChannel: group('channel'),
    byStatus: group('status'),
    records: get('records'),
    ...(get('disputes') > 0 ? { recordsPerDispute: get('records') / get('disputes') } : {}),
    recordsByChannel: records,
    resolvedByLevel,
    resolvedShareByLevel: Object.fromEntries(
      Object.entries(resolvedByLevel).map(([level, n]) => [level, n / resolved]),
    ),
    bySupervisionLevel: group('supervision'),
    byRiskLevel: group('risk'),
    ...(count > 0 ? { averageResolutionSeconds: get('resolutionSeconds:sum') / count } : {}),
  };
}
