/**
 * 限期办理: the deadline a unified dispute is under now, from the deadline rules of the sources that reported it.
 * A policy is data (per source: whether the source's own deadline wins, rules by category / urgency / appeal type,
 * the date counted from, whether extensions move the date); the default one is the sources' contracts
 * (/work/shared/sources/*.md). Dates are counted on the Chinese working-day calendar in Beijing time.
 */

import type { CategoryCode, Deadline, Dispute, Report } from '../../schemas/generated/types.js';
import { addCalendarDays, addHours, addWorkingDays } from '../deadlines/working-day-calendar.js';
import { beijingIso, instantOf } from '../deadlines/working-day-offsets.js';

export type CountKind = 'working-days' | 'calendar-days' | 'hours';

/**
 * The date a rule counts from, tried in the order a rule lists them:
 * `reported` the report's reportedAt (12345 createTime, court larq); `accepted` the report's first `accept` step;
 * `source-basis` the date the adapter itself counted from (the petition's slrq, which has no other canonical home).
 */
export type Anchor = 'reported' | 'accepted' | 'source-basis';

export interface DeadlineRule {
  /** Stable id, reported with the deadline (`hotline-12345/complaint`). */
  id: string;
  /** Where the rule comes from, in words: it becomes the deadline's `basis.rule`. */
  doc: string;
  /** All listed conditions must hold; an absent condition always holds. */
  when?: {
    categories?: CategoryCode[];
    urgencies?: NonNullable<Report['urgency']>[];
    /** 诉求类型 / 信访性质 / the court's case class name (诉前调解), as the report's appealType. */
    appealTypes?: string[];
  };
  kind: CountKind;
  amount: number;
  from: Anchor[];
}

export interface ExtensionPolicy {
  /** Whether the report's `deadline.extensions` move the date (granted 信访 extensions do; 12345 requests do not). */
  counted: boolean;
  unit: 'calendar-days' | 'working-days';
  /** Most days counted in all, whatever the source says. */
  maxTotalDays?: number;
  doc: string;
}

export interface SourceDeadlinePolicy {
  /** A deadline the source states itself (planTime, bjqx, sx, deadLine) wins over the rules. */
  explicitWins: boolean;
  /** The first rule whose conditions hold applies. */
  rules: DeadlineRule[];
  /** With no explicit deadline and no rule: use the deadline the adapter derived, if any. */
  adapterFallback: boolean;
  extensions: ExtensionPolicy;
}

export interface DeadlinePolicy {
  /** By sourceId, else by channel (a declarative source reporting on a known channel). */
  sources: Record<string, SourceDeadlinePolicy>;
  /** For any other source: its adapter's deadline as given. */
  otherSources: SourceDeadlinePolicy;
}

export interface CurrentDeadline {
  /** When it is due, extensions counted: `YYYY-MM-DDTHH:mm:ss+08:00`. */
  dueAt: string;
  /** The policy rule that gave it: a rule id, `<source>/explicit` or `<source>/adapter`. */
  rule: string;
  sourceId: string;
  sourceRecordId: string;
  basis: Deadline['basis'];
  /** The date before extensions, when extensions moved it. */
  baseDueAt?: string;
  /** The extensions counted (as the source stated them). */
  extensions?: NonNullable<Deadline['extensions']>;
}

const SETTLED = new Set(['resolved', 'closed']);

const NO_EXTENSIONS: ExtensionPolicy = {
  counted: false,
  unit: 'calendar-days',
  doc: 'the contract grants no extensions',
};

/** The default policy: the five sources' contracts, line by line (see each `doc`). */
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  sources: {
    'hotline-12345': {
      explicitWins: true, // hotline-12345.md l.10 planTime 计划完成时间; l.33 "when planTime is missing, …"
      rules: [
        {
          id: 'hotline-12345/critical',
          doc: '12345 contract (hotline-12345.md l.33–34): a 特急 work order without planTime is due 2 hours after createTime',
          when: { urgencies: ['critical'] },
          kind: 'hours',
          amount: 2,
          from: ['reported'],
        },
        {
          id: 'hotline-12345/consultation',
          doc: '12345 contract (hotline-12345.md l.33): a 咨询 work order without planTime is due 1 working day after createTime',
          when: { appealTypes: ['咨询'] },
          kind: 'working-days',
          amount: 1,
          from: ['reported'],
        },
        {
          id: 'hotline-12345/request-complaint-report',
          doc: '12345 contract (hotline-12345.md l.33): a 求助/投诉/举报 work order without planTime is due 5 working days after createTime',
          when: { appealTypes: ['求助', '投诉', '举报'] },
          kind: 'working-days',
          amount: 5,
          from: ['reported'],
        },
        {
          id: 'hotline-12345/default',
          doc: 'hub default (adapters/README.md, 12345 Deadline): the contract names no rule for this appeal type, so 5 working days after createTime',
          kind: 'working-days',
          amount: 5,
          from: ['reported'],
        },
      ],
      adapterFallback: false,
      extensions: {
        counted: false,
        unit: 'working-days',
        doc: 'a 延期申请 step (hotline-12345.md l.28) is a request that may be refused; the contract records no approval',
      },
    },
    petition: {
      explicitWins: true, // petition.md l.20 bjqx 办结期限
      rules: [
        {
          id: 'petition/sixty-days',
          doc: 'petition contract (petition.md l.20, 信访工作条例 第三十二条): without bjqx, due 60 days after the date accepted (slrq)',
          kind: 'calendar-days',
          amount: 60,
          from: ['source-basis', 'accepted'],
        },
      ],
      adapterFallback: false,
      extensions: {
        counted: true,
        unit: 'calendar-days',
        maxTotalDays: 30,
        doc: 'petition contract (petition.md l.27): yq is an extension of yqts days, at most 30',
      },
    },
    court: {
      explicitWins: true, // court.md l.21 sx 调解期限
      rules: [
        {
          id: 'court/pre-filing-mediation',
          doc: 'court contract (court.md l.21): a pre-filing mediation (诉前调解) without sx is due 30 days after larq',
          when: { appealTypes: ['诉前调解'] },
          kind: 'calendar-days',
          amount: 30,
          from: ['reported'],
        },
      ],
      adapterFallback: false,
      extensions: NO_EXTENSIONS,
    },
    grid: {
      explicitWins: true, // grid.md l.26 deadLine "deadline, when set": no rule otherwise
      rules: [],
      adapterFallback: false,
      extensions: NO_EXTENSIONS,
    },
    'police-110': {
      explicitWins: true, // police-110.md: a 接警单 carries no deadline and the contract sets none
      rules: [],
      adapterFallback: false,
      extensions: NO_EXTENSIONS,
    },
  },
  otherSources: { explicitWins: true, rules: [], adapterFallback: true, extensions: NO_EXTENSIONS },
};

/**
 * The deadline the dispute is under now: the earliest one still owed by a report that is not resolved or closed
 * (the nearest obligation someone has not met yet). None when the dispute itself is resolved or closed, or when no
 * open report has a deadline. `reports` are the canonical Reports of `dispute.reports`; others are ignored.
 */
export function currentDeadline(
  dispute: Dispute,
  reports: readonly Report[],
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): CurrentDeadline | undefined {
  if (SETTLED.has(dispute.status.code)) return undefined;
  const joined = new Set(dispute.reports.map((r) => `${r.sourceId}\u0000${r.sourceRecordId}`));
  const owed = reports
    .filter((r) => joined.has(`${r.sourceId}\u0000${r.sourceRecordId}`) && !SETTLED.has(r.status.code))
    .flatMap((r) => {
      const deadline = reportDeadline(r, policy);
      return deadline ? [{ deadline, reportedAt: r.reportedAt }] : [];
    });
  owed.sort(
    (a, b) =>
      instantOf(a.deadline.dueAt) - instantOf(b.deadline.dueAt) ||
      instantOf(a.reportedAt) - instantOf(b.reportedAt) ||
      a.deadline.sourceId.localeCompare(b.deadline.sourceId) ||
      a.deadline.sourceRecordId.localeCompare(b.deadline.sourceRecordId),
  );
  return owed[0]?.deadline;
}

/** The deadline one report is under by the policy, whatever its status. */
export function reportDeadline(
  report: Report,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): CurrentDeadline | undefined {
  const source = policy.sources[report.sourceId] ?? policy.sources[report.channel] ?? policy.otherSources;
  const base = baseDeadline(report, source);
  return base && withExtensions(base, report, source.extensions);
}

function baseDeadline(report: Report, source: SourceDeadlinePolicy): CurrentDeadline | undefined {
  const ids = { sourceId: report.sourceId, sourceRecordId: report.sourceRecordId };
  const given = report.deadline;
  if (given && given.basis.kind === 'explicit' && source.explicitWins) {
    return { dueAt: inBeijing(given.dueAt), rule: `${report.sourceId}/explicit`, ...ids, basis: given.basis };
  }
  for (const rule of source.rules) {
    if (!matches(rule, report)) continue;
    const from = anchorOf(rule.from, report);
    if (from === undefined) continue; // a rule that cannot be counted lets the next one try
    return {
      dueAt: add(rule.kind, from, rule.amount),
      rule: rule.id,
      ...ids,
      basis: { kind: rule.kind, amount: rule.amount, from, rule: rule.doc },
    };
  }
  if (given && source.adapterFallback) {
    return { dueAt: inBeijing(given.dueAt), rule: `${report.sourceId}/adapter`, ...ids, basis: given.basis };
  }
  return undefined;
}

function withExtensions(base: CurrentDeadline, report: Report, policy: ExtensionPolicy): CurrentDeadline {
  const extensions = report.deadline?.extensions ?? [];
  if (!policy.counted || extensions.length === 0) return base;
  const asked = extensions.reduce((sum, e) => sum + e.days, 0);
  const days = Math.min(asked, policy.maxTotalDays ?? asked);
  const dueAt =
    policy.unit === 'working-days' ? addWorkingDays(base.dueAt, days) : addCalendarDays(base.dueAt, days);
  const capped = days < asked ? ` (${asked} asked, capped at ${days})` : '';
  return {
    ...base,
    dueAt,
    baseDueAt: base.dueAt,
    extensions,
    basis: {
      ...base.basis,
      rule: `${base.basis.rule ?? base.rule}; extended by ${days} ${policy.unit}${capped}`,
    },
  };
}

function matches(rule: DeadlineRule, report: Report): boolean {
  const when = rule.when ?? {};
  return (
    (when.categories === undefined || when.categories.includes(report.category.code)) &&
    (when.urgencies === undefined ||
      (report.urgency !== undefined && when.urgencies.includes(report.urgency))) &&
    (when.appealTypes === undefined ||
      (report.appealType !== undefined && when.appealTypes.includes(report.appealType)))
  );
}

function anchorOf(anchors: readonly Anchor[], report: Report): string | undefined {
  for (const anchor of anchors) {
    const at = anchorValue(anchor, report);
    if (at !== undefined) return at;
  }
  return undefined;
}

function anchorValue(anchor: Anchor, report: Report): string | undefined {
  if (anchor === 'reported') return report.reportedAt;
  if (anchor === 'accepted') {
    return report.steps
      .filter((s) => s.action === 'accept')
      .map((s) => s.at)
      .sort((a, b) => instantOf(a) - instantOf(b))[0];
  }
  const basis = report.deadline?.basis;
  return basis && basis.kind !== 'explicit' ? basis.from : undefined;
}

const inBeijing = (iso: string) => beijingIso(instantOf(iso));

function add(kind: CountKind, from: string, amount: number): string {
  if (kind === 'hours') return addHours(from, amount);
  if (kind === 'calendar-days') return addCalendarDays(from, amount);
  return addWorkingDays(from, amount);
}

/** The current deadline as the Dispute entity holds it (`dueAt` with extensions counted; they are listed). */
export function toDisputeDeadline(current: CurrentDeadline): Deadline {
  return {
    dueAt: current.dueAt,
    basis: current.basis,
    ...(current.extensions ? { extensions: current.extensions } : {}),
  };
}
