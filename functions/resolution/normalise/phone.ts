// Normalises Chinese phone numbers: mobiles, landlines with or without area code, service numbers and masked numbers.
// @see 电信网编号计划（2017年版）, MIIT: 11-digit mobiles 1[3-9]…, area codes 010 and 02x of 3 digits, others 4
import type { ClearPhone } from '../../../adapters/engine/adapter.js';
import { cleanText, isNoValuePlaceholder } from './text.js';

const MOBILE = /^1[3-9]\d{9}$/;
/** Emergency and public-service numbers (110, 12345, 10086, 95xxx, 400/800 numbers): public, never masked. */
const SERVICE = /^(1\d{2}|1\d{4}|9[56]\d{3,6}|[48]00\d{7})$/;
/** A local number standing alone (no area code): 7–8 digits starting 2–9 (1 would start a mobile or service number). */
const LOCAL_NUMBER = /^[2-9]\d{6,7}$/;
/** The local part after an area code: 7–8 digits not starting with 0. */
const LOCAL_AFTER_AREA_CODE = /^[1-9]\d{6,7}$/;
/** Spaces, hyphens, dots and brackets people put inside a number. */
const SEPARATORS = /[\s\-.()[\]]/g;
const COUNTRY_PREFIX = /^(\+|00)86/;
/** A label some operators type before the number: `手机:`, `电话：`, `Tel:`. */
const LABEL = /^(手机|电话|座机|固话|联系电话|手机号|tel|mobile|phone)\s*:?\s*/i;
const MASK_CHARACTERS = /[*×●]|[xX]{2,}/;
/** Separators between numbers in one cell; spaces are resolved separately (they also occur inside a number). */
const LIST_SEPARATORS = /[,;、/|，；\n]+|或|及/;
/** A phone never spans more space-separated tokens than `+86 138 1234 5678`. */
const MAX_TOKENS_PER_PHONE = 6;

/** Display form: `138****5678`, `0575-****4321`, `****4321`; service numbers as they are. */
export function maskPhone(normalised: string): string {
  if (/^1\d{10}$/.test(normalised)) return `${normalised.slice(0, 3)}****${normalised.slice(7)}`;
  const landline = /^(0\d{2,3})-(.+)$/.exec(normalised);
  if (landline !== null) return `${landline[1]}-${maskKeepingLast4(landline[2] ?? '')}`;
  if (SERVICE.test(normalised)) return normalised;
  if (LOCAL_NUMBER.test(normalised)) return maskKeepingLast4(normalised);
  const chars = [...normalised];
  const n = chars.length;
  if (n >= 8) return `${chars.slice(0, 3).join('')}${'*'.repeat(n - 7)}${chars.slice(-4).join('')}`;
  if (n > 2) return `${'*'.repeat(n - 2)}${chars.slice(-2).join('')}`;
  return '*'.repeat(n);
}

/**
 * One phone number as the hub keeps it. Mobile `value` is the 11 digits, landline `value` is `0575-87654321` (or the
 * bare local number when the source gave no area code), service numbers as dialled. A number the source masked has no
 * `value`, only `visibleDigits`. A number that fits no pattern is `invalid` with the digits as given. Undefined when empty.
 */
export function normalisePhone(value: unknown): ClearPhone | undefined {
  const cleaned = cleanText(value);
  if (cleaned === undefined || isNoValuePlaceholder(cleaned)) return undefined;
  const compact = cleaned.replace(LABEL, '').replace(SEPARATORS, '');
  if (compact === '') return undefined;
  const international = COUNTRY_PREFIX.test(compact);
  const national = international ? compact.replace(COUNTRY_PREFIX, '') : compact;
  if (MASK_CHARACTERS.test(national)) return maskedPhone(national);
  if (!international && /^(\+|00)\d{6,}$/.test(compact)) return foreign(compact);
  if (!/^\d+$/.test(national)) return invalid(compact, guessKind(national));
  return classifyDigits(national, international) ?? invalid(national, guessKind(national));
}

/** Every phone in a cell that may hold several (`138…, 139…`, `138…、0575-…`, `138… 139…`), duplicates dropped. */
export function splitPhones(value: unknown): ClearPhone[] {
  if (Array.isArray(value)) return dedupe(value.flatMap((item) => splitPhones(item)));
  const cleaned = cleanText(value);
  if (cleaned === undefined) return [];
  const phones: ClearPhone[] = [];
  for (const part of cleaned.split(LIST_SEPARATORS)) {
    const tokens = part.split(/\s+/).filter((t) => t !== '');
    let i = 0;
    while (i < tokens.length) {
      const [phone, used] = longestPhoneAt(tokens, i);
      if (phone !== undefined) phones.push(phone);
      i += used;
    }
  }
  return dedupe(phones);
}

function classifyDigits(digits: string, international: boolean): ClearPhone | undefined {
  if (MOBILE.test(digits)) return mobile(digits);
  if (/^86(1[3-9]\d{9})$/.test(digits)) return mobile(digits.slice(2));
  if (/^01[3-9]\d{9}$/.test(digits)) return mobile(digits.slice(1));
  if (digits.startsWith('0')) return landline(digits);
  if (international) return landline(`0${digits}`);
  if (SERVICE.test(digits)) return { kind: 'service', status: 'valid', value: digits, masked: digits };
  if (LOCAL_NUMBER.test(digits))
    return { kind: 'landline', status: 'valid', value: digits, masked: maskPhone(digits) };
  return undefined;
}

function mobile(digits: string): ClearPhone {
  return { kind: 'mobile', status: 'valid', value: digits, masked: maskPhone(digits) };
}

function landline(digits: string): ClearPhone | undefined {
  const areaCode = digits.slice(0, areaCodeLength(digits));
  const local = digits.slice(areaCode.length);
  const value = `${areaCode}-${local}`;
  if (SERVICE.test(local)) return { kind: 'service', status: 'valid', areaCode, value, masked: value };
  if (!LOCAL_AFTER_AREA_CODE.test(local)) return undefined;
  return { kind: 'landline', status: 'valid', areaCode, value, masked: maskPhone(value) };
}

/** 010 and 02x are 3-digit area codes; every other area code has 4 digits. */
function areaCodeLength(digits: string): number {
  return /^0(10|2\d)/.test(digits) ? 3 : 4;
}

function foreign(compact: string): ClearPhone {
  const value = compact.replace(/^00/, '+');
  return { kind: 'unknown', status: 'valid', value, masked: maskPhone(value) };
}

function maskedPhone(national: string): ClearPhone {
  const positions = national.replace(/[xX×●]/g, '*');
  if (/^1[\d*]{7,11}$/.test(positions)) {
    const visibleDigits = widenMask(positions, 11);
    return { kind: 'mobile', status: 'masked', visibleDigits, masked: maskPhone(visibleDigits) };
  }
  if (/^0[\d*]+$/.test(positions)) {
    const areaLength = areaCodeLength(positions);
    const areaCode = positions.slice(0, areaLength);
    const display = `${areaCode}-${positions.slice(areaLength)}`;
    const phone: ClearPhone = {
      kind: 'landline',
      status: 'masked',
      visibleDigits: positions,
      masked: maskPhone(display),
    };
    if (/^\d+$/.test(areaCode)) phone.areaCode = areaCode;
    return phone;
  }
  if (/^[2-9*][\d*]{6,7}$/.test(positions)) {
    return { kind: 'landline', status: 'masked', visibleDigits: positions, masked: maskPhone(positions) };
  }
  return { kind: 'unknown', status: 'masked', visibleDigits: positions, masked: maskPhone(positions) };
}

/** `138***5678` hides an unknown number of digits in one run: widen the run so head and tail keep their places. */
function widenMask(positions: string, length: number): string {
  const run = /^(\d*)(\*+)(\d*)$/.exec(positions);
  if (run === null || positions.length === length) return positions;
  const [, head = '', , tail = ''] = run;
  const hidden = length - head.length - tail.length;
  return hidden >= 1 ? `${head}${'*'.repeat(hidden)}${tail}` : positions;
}

function invalid(given: string, kind: ClearPhone['kind']): ClearPhone {
  return { kind, status: 'invalid', value: given, masked: maskPhone(given) };
}

function guessKind(digits: string): ClearPhone['kind'] {
  if (/^1\d{9,11}$/.test(digits)) return 'mobile';
  if (/^0\d+$/.test(digits)) return 'landline';
  return 'unknown';
}

function maskKeepingLast4(local: string): string {
  const chars = [...local];
  return chars.length <= 4
    ? '*'.repeat(chars.length)
    : `${'*'.repeat(chars.length - 4)}${chars.slice(-4).join('')}`;
}

/** The phone formed by the most tokens from `start` on, and how many tokens it used (1 when none forms a phone). */
function longestPhoneAt(tokens: string[], start: number): [ClearPhone | undefined, number] {
  const longest = Math.min(tokens.length - start, MAX_TOKENS_PER_PHONE);
  for (let used = longest; used >= 2; used--) {
    const phone = normalisePhone(tokens.slice(start, start + used).join(''));
    if (phone !== undefined && phone.status !== 'invalid') return [phone, used];
  }
  return [normalisePhone(tokens[start]), 1];
}

function dedupe(phones: ClearPhone[]): ClearPhone[] {
  const seen = new Set<string>();
  return phones.filter((phone) => {
    const key = phone.value ?? phone.visibleDigits ?? phone.masked;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
