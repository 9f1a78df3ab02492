/** The statistical division catalogue (统计用区划代码): look a division up by code, or find the finest one an address names. */
import bundled from './data/divisions.json' with { type: 'json' };

export type DivisionLevel = 'province' | 'city' | 'county' | 'town' | 'village';

export interface Division {
  /** 6 digits for province (330000), city (330600) and county (330681); 9 for a town or street; 12 for a village or community. */
  code: string;
  /** The place name as addresses write it (枫源村, 天竺社区). */
  name: string;
  level: DivisionLevel;
  parentCode?: string;
  /** The NBS name verbatim when it differs from `name` (枫源村委会). */
  officialName?: string;
  /** Other names that address text uses for the same division (诸暨 for 诸暨市). */
  aliases?: string[];
}

export interface DivisionMatch {
  code: string;
  level: DivisionLevel;
  name: string;
}

interface Occurrence {
  division: Division;
  start: number;
  end: number;
}

const levelRank: Record<DivisionLevel, number> = { province: 0, city: 1, county: 2, town: 3, village: 4 };

const byCode = new Map<string, Division>();
let namesIndex: Map<string, Division[]> | undefined;

/** Adds divisions to the catalogue (a later entry with the same code replaces the earlier one). */
export function loadDivisions(extra: readonly Division[]): void {
  for (const division of extra) byCode.set(division.code, division);
  namesIndex = undefined;
}

/**
 * Reduces a division code to its canonical length: `330681109000` → `330681109`, `330681000000` → `330681`,
 * `330681000` → `330681`. Returns undefined when the value is not a 6-, 9- or 12-digit code.
 */
export function canonicalDivisionCode(code: string): string | undefined {
  const digits = code.trim();
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(digits)) return undefined;
  if (digits.length === 12 && digits.endsWith('000')) return canonicalDivisionCode(digits.slice(0, 9));
  if (digits.length === 9 && digits.endsWith('000')) return digits.slice(0, 6);
  return digits;
}

/** The level a canonical code stands for, from its length and trailing zeros. */
export function levelOfDivisionCode(code: string): DivisionLevel {
  if (code.length === 12) return 'village';
  if (code.length === 9) return 'town';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The division with this code (padded 12-digit forms accepted), or undefined when the catalogue lacks it. */
export function findDivisionByCode(code: string): Division | undefined {
  const canonical = canonicalDivisionCode(code);
  return canonical === undefined ? undefined : byCode.get(canonical);
}

/** True when `ancestor` contains `division` (or is it). */
export function isWithinDivision(division: Division, ancestorCode: string): boolean {
  return ancestorsOf(division).some((d) => d.code === ancestorCode) || division.code === ancestorCode;
}

/**
 * The finest division an address text names, e.g. `诸暨市枫桥镇枫源村三组` → 枫源村 (330681109290).
 * Province, city and county prefixes are optional; a village or community named alone matches when its name is
 * unique in the catalogue, or when the text also names one of its ancestors. Names that contradict each other
 * (a village under another town than the one named) or stay ambiguous fall back to the finest level that is sure.
 */
export function matchDivisionInText(text: string): DivisionMatch | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') return undefined;
  const occurrences = dropNestedOccurrences(findOccurrences(compact));
  const found = new Set(occurrences.map((o) => o.division.code));
  const candidates = uniqueDivisions(occurrences).filter((d) => !isContradicted(d, found));
  const chosen = chooseFinest(candidates, found);
  return chosen && { code: chosen.code, level: chosen.level, name: chosen.name };
}

function findOccurrences(text: string): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const [name, divisions] of nameIndex()) {
    let start = text.indexOf(name);
    while (start !== -1) {
      for (const division of divisions) occurrences.push({ division, start, end: start + name.length });
      start = text.indexOf(name, start + 1);
    }
  }
  return occurrences;
}

/** Drops a match lying inside a longer match (三新村 inside 东三新村). */
function dropNestedOccurrences(occurrences: Occurrence[]): Occurrence[] {
  return occurrences.filter(
    (o) =>
      !occurrences.some(
        (other) => other.start <= o.start && other.end >= o.end && other.end - other.start > o.end - o.start,
      ),
  );
}

function uniqueDivisions(occurrences: Occurrence[]): Division[] {
  return [...new Map(occurrences.map((o) => [o.division.code, o.division])).values()];
}

/** A division is contradicted when the text names another division at one of its ancestors' levels. */
function isContradicted(division: Division, found: Set<string>): boolean {
  const ancestors = ancestorsOf(division);
  const ancestorCodes = new Set(ancestors.map((a) => a.code));
  const ancestorLevels = new Set(ancestors.map((a) => a.level));
  for (const code of found) {
    const other = byCode.get(code);
    if (!other || ancestorCodes.has(code) || !ancestorLevels.has(other.level)) continue;
    if (!isWithinDivision(other, division.code)) return true;
  }
  return false;
}

function chooseFinest(candidates: Division[], found: Set<string>): Division | undefined {
  const levels = [...new Set(candidates.map((d) => levelRank[d.level]))].sort((a, b) => b - a);
  for (const rank of levels) {
    const atLevel = candidates.filter((d) => levelRank[d.level] === rank);
    const best = bestSupported(atLevel, found);
    if (best) return best;
  }
  return undefined;
}

/** The one candidate with the most of its ancestors named in the text, or undefined on a tie. */
function bestSupported(candidates: Division[], found: Set<string>): Division | undefined {
  const scored = candidates.map((d) => ({
    d,
    support: ancestorsOf(d).filter((a) => found.has(a.code)).length,
  }));
  const top = Math.max(...scored.map((s) => s.support));
  const winners = scored.filter((s) => s.support === top);
  return winners.length === 1 ? winners[0]?.d : undefined;
}

function ancestorsOf(division: Division): Division[] {
  const ancestors: Division[] = [];
  let parentCode = division.parentCode;
  while (parentCode) {
    const parent = byCode.get(parentCode);
    if (!parent) break;
    ancestors.push(parent);
    parentCode = parent.parentCode;
  }
  return ancestors;
}

function nameIndex(): Map<string, Division[]> {
  if (namesIndex) return namesIndex;
  const index = new Map<string, Division[]>();
  for (const division of byCode.values()) {
    const names = new Set([division.name, ...(division.officialName ? [division.officialName] : [])]);
    for (const alias of division.aliases ?? []) names.add(alias);
    for (const name of names) index.set(name, [...(index.get(name) ?? []), division]);
  }
  namesIndex = index;
  return index;
}

loadDivisions(bundled.divisions as Division[]);
