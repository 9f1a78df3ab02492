// Normalises resident ID numbers (居民身份证号码): checksum, legacy 15-digit upgrade, masked and wrong numbers.
// @see GB 11643-1999 公民身份号码 (ISO 7064:1983 MOD 11-2 check character)
import type { ClearResidentId } from '../../../adapters/engine/adapter.js';
import { cleanText, isNoValuePlaceholder } from './text.js';

/** Weight of each of the first 17 digits: 2^(17-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for each remainder of the weighted sum mod 11. */
const CHECK_CHARACTERS = '10X98765432';
const FULL_18 = /^\d{17}[\dX]$/;
const LEGACY_15 = /^\d{15}$/;
/** Digits and mask characters only. */
const MASK_CHARACTERS = /^[\dX*]+$/;
const SEPARATORS = /[\s-]/g;
const OTHER_MASK_CHARACTERS = /[×●]/g;

/** The GB 11643 check character (0–9 or X) for the first 17 digits. */
export function residentIdChecksum(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`cannot compute a resident ID checksum of "${first17}"; expected exactly 17 digits`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Display form: first 6 + 8 `*` + last 4 for 18 characters; first 3 and last 2 kept otherwise. */
export function maskResidentId(id: string): string {
  const chars = [...id];
  if (chars.length === 18) return `${chars.slice(0, 6).join('')}${'*'.repeat(8)}${chars.slice(14).join('')}`;
  if (chars.length <= 5) return '*'.repeat(chars.length);
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 5)}${chars.slice(-2).join('')}`;
}

/**
 * A resident ID number as the hub keeps it. A wrong number is kept as given (only trimmed, half-width, spaces and
 * hyphens removed, upper-cased) and flagged `invalid` with the problem; it is never corrected. Undefined when empty or
 * a placeholder such as `无`.
 */
export function normaliseResidentId(value: unknown): ClearResidentId | undefined {
  const cleaned = cleanText(value);
  if (cleaned === undefined || isNoValuePlaceholder(cleaned)) return undefined;
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    const problem = `arrived as the JSON number ${cleaned}, too large to keep every digit; the source must send it as a string`;
    return { status: 'invalid', value: cleaned, problem, masked: maskResidentId(cleaned) };
  }
  const id = cleaned.replace(SEPARATORS, '').replace(OTHER_MASK_CHARACTERS, '*').toUpperCase();
  if (id === '') return undefined;
  if (isMasked(id)) return maskedId(id);
  if (FULL_18.test(id)) return fullId(id);
  if (LEGACY_15.test(id)) return legacyId(id);
  return invalid(id, shapeProblem(id));
}

function isMasked(id: string): boolean {
  if (!MASK_CHARACTERS.test(id)) return false;
  // A run of X anywhere but the last position can only be a mask; a lone X there is a typo (invalid).
  return id.includes('*') || /XX/.test(id.slice(0, -1));
}

function maskedId(id: string): ClearResidentId {
  // Mask characters become '*', except a final X, which is the check character.
  const positions = [...id].map((c, i) => (c === 'X' && i < id.length - 1 ? '*' : c)).join('');
  const visibleDigits = expandToEighteen(positions);
  const result: ClearResidentId = { status: 'masked', masked: maskResidentId(visibleDigits), visibleDigits };
  if (visibleDigits.length === 18) Object.assign(result, derivedFacts(visibleDigits));
  return result;
}

/** `330681****0012` hides an unknown number of digits in one run: widen the run so head and tail keep their places. */
function expandToEighteen(positions: string): string {
  const run = /^([\dX]*)(\*+)([\dX]*)$/.exec(positions);
  if (run === null || positions.length === 18) return positions;
  const [, head = '', , tail = ''] = run;
  const hidden = 18 - head.length - tail.length;
  return hidden >= 1 ? `${head}${'*'.repeat(hidden)}${tail}` : positions;
}

function fullId(id: string): ClearResidentId {
  const problems: string[] = [];
  const birth = birthDateOf(id.slice(6, 14));
  if (birth === undefined) problems.push(`birth date ${id.slice(6, 14)} is not a real date`);
  const expected = residentIdChecksum(id.slice(0, 17));
  const given = id.slice(17);
  if (given !== expected) problems.push(`checksum digit is ${given}, expected ${expected}`);
  if (problems.length > 0) return invalid(id, problems.join('; '));
  return { status: 'valid', value: id, masked: maskResidentId(id), ...derivedFacts(id) };
}

function legacyId(id: string): ClearResidentId {
  const birthDigits = `19${id.slice(6, 12)}`;
  if (birthDateOf(birthDigits) === undefined) {
    return invalid(id, `legacy 15-digit number has birth date ${birthDigits}, which is not a real date`);
  }
  const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
  const upgraded = `${first17}${residentIdChecksum(first17)}`;
  return { status: 'upgraded', value: upgraded, masked: maskResidentId(upgraded), ...derivedFacts(upgraded) };
}

function invalid(id: string, problem: string): ClearResidentId {
  const result: ClearResidentId = { status: 'invalid', value: id, problem, masked: maskResidentId(id) };
  if (FULL_18.test(id)) Object.assign(result, derivedFacts(id));
  return result;
}

function shapeProblem(id: string): string {
  const shown = JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id);
  if (!/^[\dX]+$/.test(id)) return `${shown} contains characters other than digits and a final X`;
  if (/X./.test(id)) return `${shown} has an X before the last position`;
  return `${shown} has ${id.length} characters; expected 18 (or a legacy 15-digit number)`;
}

/** Region, birth date and sex, each only when the digits that carry it are present and make sense. */
function derivedFacts(positions: string): Pick<ClearResidentId, 'regionCode' | 'birthDate' | 'sex'> {
  const facts: Pick<ClearResidentId, 'regionCode' | 'birthDate' | 'sex'> = {};
  const region = positions.slice(0, 6);
  if (/^\d{6}$/.test(region)) facts.regionCode = region;
  const birthDate = birthDateOf(positions.slice(6, 14));
  if (birthDate !== undefined) facts.birthDate = birthDate;
  const sexDigit = positions.charAt(16);
  if (/^\d$/.test(sexDigit)) facts.sex = Number(sexDigit) % 2 === 1 ? 'male' : 'female';
  return facts;
}

/** `YYYYMMDD` as `YYYY-MM-DD` when it is a real calendar date from 1800 on, else undefined. */
function birthDateOf(digits: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(digits);
  if (m === null) return undefined;
  const [, y, mo, d] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1800 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return `${y}-${mo}-${d}`;
}
