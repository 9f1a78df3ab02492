/**
 * 预警: early-warning rules over the unified data. Each rule is data (its kind, thresholds and windows, a level from
 * 1 blue to 4 red, and why it exists) evaluated purely over a Situation: the dispute, its canonical reports, and the
 * histories of the people in it. The dispute's level is the highest level of the rules that fire, each fired rule a
 * machine-readable reason with its evidence; a settled dispute is at 0.
 */

import type { Channel, Dispute, Location, Report, RiskRaisedData } from '../../schemas/generated/types.js';
import { instantOf } from '../deadlines/working-day-offsets.js';

export type RiskLevel = 1 | 2 | 3 | 4;

interface RuleBase {
  id: string;
  level: RiskLevel;
  /** Why the rule exists: what it has seen go wrong. */
  why: string;
}

/** Counting events of a person: the densest `windowDays` among the events of the last `lookbackDays` before now. */
interface Burst {
  minCount: number;
  windowDays: number;
  lookbackDays: number;
}

export type WarningRule =
  | (RuleBase & {
      kind: 'channel-escalation';
      /** Channels in escalation order; an unranked channel is neither a step up nor down. */
      ranks: Partial<Record<Channel, number>>;
      minChannels: number;
      windowDays: number;
    })
  | (RuleBase & { kind: 'person-disputes' } & Burst)
  | (RuleBase & { kind: 'person-police-calls' } & Burst)
  | (RuleBase & { kind: 'repeat-petition'; useSourceFlag: boolean } & Burst)
  | (RuleBase & {
      kind: 'skip-level-petition';
      /** lodgedAtLevelCode values above the competent level. */
      lodgedAbove: string[];
      /** Division levels whose matters belong to the county (or lower). */
      localLevels: NonNullable<Location['divisionLevel']>[];
    })
  | (RuleBase & { kind: 'group-petition'; minPetitioners: number })
  | (RuleBase & { kind: 'group-incident'; channels: Channel[] })
  | (RuleBase & {
      kind: 'violence-on-known-dispute';
      channels: Channel[];
      /** Category codes as the source gives them in `category.sourceValue` (110: `BJLB / BJLX / BJXL`). */
      codes: string[];
      /** Words in the narrative or step comments (not after a negation such as 未, 没, 无, 不). */
      keywords: string[];
      /** Reports of the same dispute before the violent one, for it to count as "already known". */
      minEarlierReports: number;
    })
  | (RuleBase & { kind: 'mediation-failed'; phrases: string[] })
  | (RuleBase & { kind: 'callback-dissatisfied' });

export interface EarlyWarningPolicy {
  rules: WarningRule[];
  /** A resolved/closed status does not settle the dispute when its last resolution carries one of these. */
  unsettledBy: { outcomePhrases: string[]; dissatisfied: boolean };
}

export interface TimedRef {
  at: string;
  sourceRecordId?: string;
  disputeId?: string;
}

/** What the hub knows about one person in the dispute, across every dispute and record. */
export interface PersonHistory {
  personId: string;
  /** Disputes the person is a party to (this one may be left out), each at its first report. */
  disputes: { disputeId: string; at: string }[];
  /** 110 calls naming the person (as caller or party). */
  policeCalls: TimedRef[];
  /** Petitions the person lodged. */
  petitions: TimedRef[];
}

export interface Situation {
  dispute: Dispute;
  /** The canonical Reports of `dispute.reports`. */
  reports: Report[];
  /** Histories of the dispute's parties (by personId; others are ignored). */
  persons: PersonHistory[];
  /** Evaluation time: later events are not seen yet. */
  now: string;
}

export interface Evidence {
  sourceId?: string;
  sourceRecordId?: string;
  channel?: Channel;
  personId?: string;
  disputeId?: string;
  /** The canonical field that carried the signal (`outcome`, `sourceAttributes.skipLevel`, …). */
  field?: string;
  value?: string | number | boolean;
  at?: string;
}

export interface RiskReason {
  rule: string;
  level: RiskLevel;
  detail: string;
  evidence: Evidence[];
}

export interface RiskAssessment {
  level: 0 | RiskLevel;
  reasons: RiskReason[];
  settled: boolean;
}

const DAY_MS = 86_400_000;
const FAILED_MEDIATION = ['调解不成', '调解未成', '调解失败', '未达成调解协议'];

export const DEFAULT_EARLY_WARNING_POLICY: EarlyWarningPolicy = {
  unsettledBy: { outcomePhrases: FAILED_MEDIATION, dissatisfied: true },
  rules: [
    {
      id: 'channel-escalation',
      kind: 'channel-escalation',
      level: 2,
      why: 'The same dispute climbing from the grid to 12345 to 110 to the petition office means each lower level failed to settle it; every step up raises the chance of 越级访 or of the parties settling it themselves.',
      ranks: { grid: 1, 'hotline-12345': 2, 'police-110': 3, petition: 4 },
      minChannels: 3,
      windowDays: 180,
    },
    {
      id: 'channel-escalation-full',
      kind: 'channel-escalation',
      level: 3,
      why: 'The whole ladder, grid to petition, climbed by one dispute: every channel below the petition office has been tried and failed.',
      ranks: { grid: 1, 'hotline-12345': 2, 'police-110': 3, petition: 4 },
      minChannels: 4,
      windowDays: 180,
    },
    {
      id: 'person-repeat-disputes',
      kind: 'person-disputes',
      level: 1,
      why: 'A person party to several disputes in a year is a 矛盾多发户: the quarrels tend to feed each other and recur.',
      minCount: 3,
      windowDays: 365,
      lookbackDays: 730,
    },
    {
      id: 'person-repeat-police-calls',
      kind: 'person-police-calls',
      level: 2,
      why: 'Many 110 calls from or about one person in a short time (重复警情) show that each police visit calmed the scene without settling anything.',
      minCount: 3,
      windowDays: 30,
      lookbackDays: 365,
    },
    {
      id: 'repeat-petition',
      kind: 'repeat-petition',
      level: 2,
      why: '重复信访: a petitioner who comes back about a matter thinks the answer did not settle it, and repeat petitions tend to go up a level next.',
      useSourceFlag: true,
      minCount: 2,
      windowDays: 365,
      lookbackDays: 730,
    },
    {
      id: 'skip-level-petition',
      kind: 'skip-level-petition',
      level: 3,
      why: '越级访: a village or town matter taken above the county means the petitioner no longer trusts the competent level; it is counted against the county and often precedes a group or Beijing petition.',
      lodgedAbove: ['city', 'province', 'national'],
      localLevels: ['town', 'village'],
    },
    {
      id: 'group-petition',
      kind: 'group-petition',
      level: 3,
      why: '集体访: five or more petitioners at once (petition contract, xfrs) is the threshold of a group incident (群体性事件) risk.',
      minPetitioners: 5,
    },
    {
      id: 'group-incident',
      kind: 'group-incident',
      level: 3,
      why: 'A group incident reported by the police (110 code 700100 聚众上访) or a grid worker (群体性事件): many people already act together.',
      channels: ['police-110', 'grid'],
    },
    {
      id: 'violence-on-known-dispute',
      kind: 'violence-on-known-dispute',
      level: 4,
      why: '民转刑: a fight (110 code 200100 打架斗殴) or domestic violence (200600 家庭暴力) on a dispute already known is how civil disputes turn into criminal cases.',
      channels: ['police-110'],
      codes: ['200100', '200600'],
      keywords: [],
      minEarlierReports: 1,
    },
    {
      id: 'violence-words-on-known-dispute',
      kind: 'violence-on-known-dispute',
      level: 3,
      why: 'Officers code many scuffles as 纠纷 (the shared example: 推搡 under 200201 邻里纠纷); the words of the call still show the dispute turned physical.',
      channels: ['police-110'],
      codes: [],
      keywords: ['推搡', '打架', '斗殴', '殴打', '打人', '动手', '持刀', '砍伤', '受伤', '家暴', '家庭暴力'],
      minEarlierReports: 1,
    },
    {
      id: 'mediation-failed',
      kind: 'mediation-failed',
      level: 2,
      why: 'A failed mediation (调解不成) uses up the cheap, consensual route; the parties move on to litigation, petitions or self-help.',
      phrases: FAILED_MEDIATION,
    },
    {
      id: 'callback-dissatisfied',
      kind: 'callback-dissatisfied',
      level: 1,
      why: 'A 不满意 call-back sends a 12345 order back for re-handling: the caller does not accept the answer and is likely to call again or go higher.',
    },
  ],
};

/** The dispute's early-warning level and its reasons. */
export function assessRisk(
  situation: Situation,
  policy: EarlyWarningPolicy = DEFAULT_EARLY_WARNING_POLICY,
): RiskAssessment {
  if (isSettled(situation, policy)) return { level: 0, reasons: [], settled: true };
  const now = instantOf(situation.now);
  const seen: Situation = {
    ...situation,
    reports: situation.reports.filter((r) => instantOf(r.reportedAt) <= now),
  };
  const reasons = policy.rules.flatMap((rule) => {
    const fired = evaluate(rule, seen);
    return fired ? [{ rule: rule.id, level: rule.level, ...fired }] : [];
  });
  const level = Math.max(0, ...reasons.map((r) => r.level)) as 0 | RiskLevel;
  return { level, reasons, settled: false };
}

/** The data of a `qiao.risk.raised` event when the level changed (a raise, or a lowering to 0), else undefined. */
export function riskChange(
  disputeId: string,
  previousLevel: number,
  assessment: RiskAssessment,
): RiskRaisedData | undefined {
  if (assessment.level === previousLevel) return undefined;
  return {
    disputeId,
    level: assessment.level,
    previousLevel,
    reasons: assessment.reasons,
  };
}

/**
 * Resolved or closed, and the last resolution is not a failure: a 调解不成 outcome or a 不满意 call-back leave
 * the reports "resolved" in their sources but the dispute open in fact.
 */
export function isSettled(situation: Situation, policy: EarlyWarningPolicy): boolean {
  const status = situation.dispute.status.code;
  if (status !== 'resolved' && status !== 'closed') return false;
  const last = situation.reports
    .filter((r) => r.status.code === 'resolved' || r.status.code === 'closed')
    .sort((a, b) => instantOf(resolvedAtOf(a)) - instantOf(resolvedAtOf(b)))
    .at(-1);
  if (last === undefined) return true;
  const failed = policy.unsettledBy.outcomePhrases.some((p) => last.outcome?.includes(p));
  return !failed && !(policy.unsettledBy.dissatisfied && last.satisfaction === 'dissatisfied');
}

const resolvedAtOf = (r: Report) => r.status.since ?? r.steps.at(-1)?.at ?? r.reportedAt;

type Fired = { detail: string; evidence: Evidence[] } | undefined;

function evaluate(rule: WarningRule, s: Situation): Fired {
  switch (rule.kind) {
    case 'channel-escalation':
      return escalation(rule, s);
    case 'person-disputes':
      return personBursts(rule, s, (p) => disputesOf(p, s), 'disputes');
    case 'person-police-calls':
      return personBursts(rule, s, (p) => p.policeCalls, '110 calls');
    case 'repeat-petition':
      return repeatPetition(rule, s);
    case 'skip-level-petition':
      return skipLevel(rule, s);
    case 'group-petition':
      return groupPetition(rule, s);
    case 'group-incident':
      return flagged(s.reports, rule.channels, 'groupIncident', 'a group incident reported');
    case 'violence-on-known-dispute':
      return violence(rule, s);
    case 'mediation-failed':
      return mediationFailed(rule, s);
    case 'callback-dissatisfied':
      return dissatisfied(s);
  }
}

const reportEvidence = (r: Report, extra: Partial<Evidence> = {}): Evidence => ({
  sourceId: r.sourceId,
  sourceRecordId: r.sourceRecordId,
  channel: r.channel,
  at: r.reportedAt,
  ...extra,
});

/** The longest run of strictly rising channel ranks, in time order, spanning at most `windowDays`. */
function escalation(rule: Extract<WarningRule, { kind: 'channel-escalation' }>, s: Situation): Fired {
  const ranked = s.reports
    .flatMap((r) => {
      const rank = rule.ranks[r.channel];
      return rank === undefined ? [] : [{ r, rank, at: instantOf(r.reportedAt) }];
    })
    .sort((a, b) => a.at - b.at);
  let best: number[] = [];
  for (let i = 0; i < ranked.length; i++) {
    const chains: (number[] | undefined)[] = [];
    chains[i] = [i];
    for (let j = i + 1; j < ranked.length && ranked[j]!.at - ranked[i]!.at <= rule.windowDays * DAY_MS; j++) {
      let longest: number[] | undefined;
      for (let k = i; k < j; k++) {
        const chain = chains[k];
        if (chain && ranked[k]!.rank < ranked[j]!.rank && chain.length > (longest?.length ?? 0))
          longest = chain;
      }
      if (longest) chains[j] = [...longest, j];
    }
    for (const chain of chains) if (chain && chain.length > best.length) best = chain;
  }
  if (best.length < rule.minChannels) return undefined;
  const steps = best.map((i) => ranked[i]!.r);
  const days = Math.ceil((ranked[best.at(-1)!]!.at - ranked[best[0]!]!.at) / DAY_MS);
  return {
    detail: `reported through ${steps.map((r) => r.channel).join(' → ')} over ${days} days (window ${rule.windowDays})`,
    evidence: steps.map((r) => reportEvidence(r, { field: 'channel', value: r.channel })),
  };
}

/** Disputes of a person, this one included at its first report. */
function disputesOf(person: PersonHistory, s: Situation): TimedRef[] {
  const byId = new Map(person.disputes.map((d) => [d.disputeId, d.at]));
  if (!byId.has(s.dispute.id)) byId.set(s.dispute.id, s.dispute.firstReportedAt);
  return [...byId].map(([disputeId, at]) => ({ disputeId, at }));
}

function partyHistories(s: Situation): PersonHistory[] {
  const parties = new Set(s.dispute.parties.flatMap((p) => (p.personId ? [p.personId] : [])));
  return s.persons.filter((p) => parties.has(p.personId));
}

function personBursts(
  rule: RuleBase & Burst,
  s: Situation,
  eventsOf: (p: PersonHistory) => TimedRef[],
  what: string,
): Fired {
  const evidence: Evidence[] = [];
  let worst = 0;
  for (const person of partyHistories(s)) {
    const burst = densestWindow(eventsOf(person), rule, s.now);
    if (burst.length < rule.minCount) continue;
    worst = Math.max(worst, burst.length);
    for (const e of burst) {
      evidence.push({
        personId: person.personId,
        at: e.at,
        ...(e.disputeId ? { disputeId: e.disputeId } : {}),
        ...(e.sourceRecordId ? { sourceRecordId: e.sourceRecordId } : {}),
      });
    }
  }
  if (worst === 0) return undefined;
  return {
    detail: `a party with ${worst} ${what} within ${rule.windowDays} days (threshold ${rule.minCount})`,
    evidence,
  };
}

/** The events (deduplicated) in the `windowDays` holding the most of them, among those of the lookback before now. */
function densestWindow(events: TimedRef[], burst: Burst, nowIso: string): TimedRef[] {
  const now = instantOf(nowIso);
  const keyOf = (e: TimedRef) => e.sourceRecordId ?? e.disputeId ?? e.at;
  const unique = [...new Map(events.map((e) => [keyOf(e), e])).values()]
    .map((e) => ({ e, at: instantOf(e.at) }))
    .filter(({ at }) => at <= now && at >= now - burst.lookbackDays * DAY_MS)
    .sort((a, b) => a.at - b.at);
  let best: typeof unique = [];
  for (let start = 0, end = 0; end < unique.length; end++) {
    while (unique[end]!.at - unique[start]!.at > burst.windowDays * DAY_MS) start++;
    if (end - start + 1 > best.length) best = unique.slice(start, end + 1);
  }
  return best.map(({ e }) => e);
}

function repeatPetition(rule: Extract<WarningRule, { kind: 'repeat-petition' }>, s: Situation): Fired {
  const flaggedReports = rule.useSourceFlag
    ? s.reports.filter((r) => r.channel === 'petition' && r.sourceAttributes?.repeatPetition === true)
    : [];
  const byPerson = personBursts(rule, s, (p) => p.petitions, 'petitions');
  if (flaggedReports.length === 0) return byPerson;
  const evidence = flaggedReports.map((r) =>
    typeof r.sourceAttributes?.repeatCount === 'number'
      ? reportEvidence(r, { field: 'sourceAttributes.repeatCount', value: r.sourceAttributes.repeatCount })
      : reportEvidence(r, { field: 'sourceAttributes.repeatPetition', value: true }),
  );
  return {
    detail: ['the petition system marks a repeat petition (sfcf 是)', byPerson?.detail]
      .filter(Boolean)
      .join('; '),
    evidence: [...evidence, ...(byPerson?.evidence ?? [])],
  };
}

/** Lodged above the county while the matter (as this report or the unified dispute places it) is local. */
function skipLevel(rule: Extract<WarningRule, { kind: 'skip-level-petition' }>, s: Situation): Fired {
  const local = (l: Location | undefined) =>
    l?.divisionLevel !== undefined && rule.localLevels.includes(l.divisionLevel);
  const hits = s.reports.filter((r) => {
    const lodged = r.sourceAttributes?.lodgedAtLevelCode;
    if (r.channel !== 'petition' || typeof lodged !== 'string' || !rule.lodgedAbove.includes(lodged))
      return false;
    return r.sourceAttributes?.skipLevel === true || local(r.location) || local(s.dispute.location);
  });
  if (hits.length === 0) return undefined;
  return {
    detail: `petition lodged at ${hits.map((r) => String(r.sourceAttributes?.lodgedAtLevel ?? r.sourceAttributes?.lodgedAtLevelCode)).join(', ')} for a ${s.dispute.location?.divisionLevel ?? 'local'} matter (越级)`,
    evidence: hits.map((r) =>
      reportEvidence(r, {
        field: 'sourceAttributes.lodgedAtLevelCode',
        value: String(r.sourceAttributes?.lodgedAtLevelCode),
      }),
    ),
  };
}

/** Petitioners: the source's count (xfrs) or the petitioners named, group mentions by their size. */
function groupPetition(rule: Extract<WarningRule, { kind: 'group-petition' }>, s: Situation): Fired {
  const counted = s.reports
    .filter((r) => r.channel === 'petition')
    .map((r) => {
      const named = r.parties
        .filter((p) => p.roles.includes('petitioner'))
        .reduce((n, p) => n + (p.groupSize ?? 1), 0);
      return { r, count: Math.max(r.partyCount ?? 0, named) };
    })
    .filter(({ count }) => count >= rule.minPetitioners);
  if (counted.length === 0) return undefined;
  const most = Math.max(...counted.map((c) => c.count));
  return {
    detail: `a petition by ${most} petitioners (集体访 from ${rule.minPetitioners})`,
    evidence: counted.map(({ r, count }) => reportEvidence(r, { field: 'partyCount', value: count })),
  };
}

function flagged(reports: Report[], channels: Channel[], flag: string, what: string): Fired {
  const hits = reports.filter((r) => channels.includes(r.channel) && r.sourceAttributes?.[flag] === true);
  if (hits.length === 0) return undefined;
  return {
    detail: `${what} by ${[...new Set(hits.map((r) => r.channel))].join(', ')}`,
    evidence: hits.map((r) => reportEvidence(r, { field: `sourceAttributes.${flag}`, value: true })),
  };
}

function violence(rule: Extract<WarningRule, { kind: 'violence-on-known-dispute' }>, s: Situation): Fired {
  const evidence: Evidence[] = [];
  const details: string[] = [];
  for (const r of s.reports.filter((x) => rule.channels.includes(x.channel))) {
    const signal = violenceSignal(rule, r);
    if (signal === undefined) continue;
    const earlier = s.reports.filter((x) => x !== r && instantOf(x.reportedAt) < instantOf(r.reportedAt));
    if (earlier.length < rule.minEarlierReports) continue;
    details.push(`${signal.value} on ${r.reportedAt.slice(0, 10)} after ${earlier.length} earlier report(s)`);
    evidence.push(reportEvidence(r, signal), ...earlier.map((x) => reportEvidence(x)));
  }
  return details.length === 0 ? undefined : { detail: details.join('; '), evidence };
}

function violenceSignal(
  rule: Extract<WarningRule, { kind: 'violence-on-known-dispute' }>,
  r: Report,
): { field: string; value: string } | undefined {
  const codes = r.category.sourceValue.split('/').map((c) => c.trim());
  const code = rule.codes.find((c) => codes.includes(c));
  if (code !== undefined) return { field: 'category.sourceValue', value: code };
  const texts: [string, string | undefined][] = [
    ['narrative', r.narrative],
    ...r.steps.map((step, i): [string, string | undefined] => [`steps[${i}].comment`, step.comment]),
  ];
  for (const [field, text] of texts) {
    const word = rule.keywords.find((k) => text !== undefined && saysAffirmatively(text, k));
    if (word !== undefined) return { field, value: word };
  }
  return undefined;
}

/** The word occurs without a negation (未, 没, 无, 不, 否) in the few characters before it in the same clause. */
function saysAffirmatively(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before =
      text
        .slice(Math.max(0, at - 4), at)
        .split(/[，。；、,.;！!？?\s]/)
        .at(-1) ?? '';
    if (!/[未没无不否]/.test(before)) return true;
  }
  return false;
}

function mediationFailed(rule: Extract<WarningRule, { kind: 'mediation-failed' }>, s: Situation): Fired {
  const evidence: Evidence[] = [];
  for (const r of s.reports) {
    const inOutcome = rule.phrases.find((p) => r.outcome?.includes(p));
    if (inOutcome) evidence.push(reportEvidence(r, { field: 'outcome', value: r.outcome! }));
    r.steps.forEach((step, i) => {
      if (rule.phrases.some((p) => step.comment?.includes(p)) && step.comment !== r.outcome) {
        evidence.push(reportEvidence(r, { field: `steps[${i}].comment`, value: step.comment!, at: step.at }));
      }
    });
  }
  if (evidence.length === 0) return undefined;
  return { detail: `mediation failed: ${evidence.map((e) => e.value).join('; ')}`, evidence };
}

function dissatisfied(s: Situation): Fired {
  const hits = s.reports.filter((r) => r.satisfaction === 'dissatisfied');
  if (hits.length === 0) return undefined;
  return {
    detail: `${hits.length} call-back(s) 不满意`,
    evidence: hits.map((r) => reportEvidence(r, { field: 'satisfaction', value: 'dissatisfied' })),
  };
}
