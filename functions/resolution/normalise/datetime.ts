// Parses every date/time form the source systems send into one ISO 8601 form in Beijing time (UTC+8).
// @see ISO 8601 (the output form); the source contracts, "Variations every adapter must expect" (the input forms)
import { cleanText } from './text.js';

export type SourceDateTime =
  | { ok: true; iso: string; precision: 'date' | 'minute' | 'second' }
  | { ok: false; reason: string };

export type SourceDate = { ok: true; date: string } | { ok: false; reason: string };

const MINUTE_MS = 60_000;
const BEIJING_OFFSET_MINUTES = 8 * 60;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const EXPECTED_FORMS =
  'expected a form such as 2024-03-05 14:22:10, 2024-03-05T14:22:10+08:00, 2024/3/5 14:22, ' +
  '2024年3月5日14时22分, 20240305142210, 20240305 or epoch milliseconds';

/** `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日`, followed by an optional time. */
const DATE_PREFIX = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;
/** `14:22`, `14:22:10`, `14:22:10.123`. */
const COLON_TIME = /^(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2})(?:[.,]\d+)?)?$/;
/** `14时`, `14时22分`, `14时22分10秒`, `14点22分`. */
const CJK_TIME = /^(\d{1,2})\s*[时点點]\s*(?:(\d{1,2})\s*分?\s*(?:(\d{1,2})\s*秒)?)?$/;
/** `Z`, `+08:00`, `+0800`, `-05`. */
const ZONE_SUFFIX = /\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
/** `20240305`, `202403051422`, `20240305142210`. */
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
const EPOCH_MILLIS = /^-?\d{13}$/;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
  precision: 'date' | 'minute' | 'second';
}

/**
 * A source date/time as `YYYY-MM-DDTHH:mm:ss+08:00` (Beijing time). Times without a zone are Beijing time; times with
 * any other offset (or Z) are converted; a date alone becomes midnight. Impossible dates are rejected, never rolled over.
 */
export function parseSourceDateTime(value: unknown): SourceDateTime {
  if (typeof value === 'number') return parseNumber(value);
  if (typeof value !== 'string') {
    return {
      ok: false,
      reason: `expected a date/time string or epoch milliseconds, got ${describeType(value)}`,
    };
  }
  const text = cleanText(value);
  if (text === undefined) return { ok: false, reason: 'date/time is empty' };
  if (EPOCH_MILLIS.test(text)) return fromEpochMillis(Number(text), text);
  const fields = parseCompact(text) ?? parseSeparated(text);
  if (fields === undefined) {
    const hint = /^\d{10}$/.test(text) ? ' (10 digits look like epoch seconds; send epoch milliseconds)' : '';
    return { ok: false, reason: `unrecognised date/time ${quote(text)}${hint}; ${EXPECTED_FORMS}` };
  }
  return fromFields(fields, text);
}

/** A source date as `YYYY-MM-DD` (the Beijing calendar day), accepting every form `parseSourceDateTime` accepts. */
export function parseSourceDate(value: unknown): SourceDate {
  const parsed = parseSourceDateTime(value);
  return parsed.ok ? { ok: true, date: parsed.iso.slice(0, 10) } : parsed;
}

function parseNumber(value: number): SourceDateTime {
  if (!Number.isFinite(value)) return { ok: false, reason: `date/time ${value} is not a finite number` };
  const digits = String(value);
  // A number of 8 or 14 digits is a compact date (JSON exports drop the quotes): as epoch ms it would fall on
  // 1970-01-01 or after 2100. Anything else is epoch ms.
  if (Number.isInteger(value) && /^(\d{8}|\d{14})$/.test(digits)) {
    const fields = parseCompact(digits);
    if (fields !== undefined) return fromFields(fields, digits);
  }
  return fromEpochMillis(value, digits);
}

function fromEpochMillis(millis: number, text: string): SourceDateTime {
  const wholeSeconds = Math.floor(millis / 1000) * 1000;
  const year = new Date(wholeSeconds + BEIJING_OFFSET_MINUTES * MINUTE_MS).getUTCFullYear();
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    return {
      ok: false,
      reason: `epoch milliseconds ${quote(text)} fall outside the years ${MIN_YEAR}–${MAX_YEAR}`,
    };
  }
  return { ok: true, iso: formatBeijing(wholeSeconds), precision: 'second' };
}

function parseCompact(text: string): Fields | undefined {
  const m = COMPACT.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    offsetMinutes: BEIJING_OFFSET_MINUTES,
    precision: h === undefined ? 'date' : s === undefined ? 'minute' : 'second',
  };
}

function parseSeparated(text: string): Fields | undefined {
  const date = DATE_PREFIX.exec(text);
  if (date === null) return undefined;
  const [matched, y, mo, d] = date;
  let rest = text.slice(matched.length).replace(/^\s*T?\s*/i, '');
  let offsetMinutes = BEIJING_OFFSET_MINUTES;
  const zone = ZONE_SUFFIX.exec(rest);
  if (zone !== null && rest !== zone[0].trim()) {
    const parsedOffset = parseOffset(zone[1] ?? '');
    if (parsedOffset === undefined) return undefined;
    offsetMinutes = parsedOffset;
    rest = rest.slice(0, zone.index);
  }
  const base = { year: Number(y), month: Number(mo), day: Number(d), offsetMinutes };
  if (rest === '') return { ...base, hour: 0, minute: 0, second: 0, precision: 'date' };
  const time = COLON_TIME.exec(rest) ?? CJK_TIME.exec(rest);
  if (time === null) return undefined;
  const [, h, mi, s] = time;
  return {
    ...base,
    hour: Number(h),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    precision: s === undefined ? 'minute' : 'second',
  };
}

function parseOffset(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function fromFields(f: Fields, text: string): SourceDateTime {
  const problem = impossibility(f);
  if (problem !== undefined) return { ok: false, reason: `impossible date/time ${quote(text)}: ${problem}` };
  const utcMillis =
    Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - f.offsetMinutes * MINUTE_MS;
  return { ok: true, iso: formatBeijing(utcMillis), precision: f.precision };
}

function impossibility(f: Fields): string | undefined {
  if (f.year < MIN_YEAR || f.year > MAX_YEAR) return `year ${f.year} is outside ${MIN_YEAR}–${MAX_YEAR}`;
  if (f.month < 1 || f.month > 12) return `month ${f.month} is outside 1–12`;
  const lastDay = daysInMonth(f.year, f.month);
  if (f.day < 1 || f.day > lastDay) {
    return `day ${f.day} does not exist in ${f.year}-${pad(f.month)} (it has ${lastDay} days)`;
  }
  if (f.hour > 23) return `hour ${f.hour} is outside 0–23`;
  if (f.minute > 59) return `minute ${f.minute} is outside 0–59`;
  if (f.second > 59) return `second ${f.second} is outside 0–59`;
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** An instant as `YYYY-MM-DDTHH:mm:ss+08:00`. */
function formatBeijing(utcMillis: number): string {
  const b = new Date(utcMillis + BEIJING_OFFSET_MINUTES * MINUTE_MS);
  return (
    `${String(b.getUTCFullYear()).padStart(4, '0')}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())}` +
    `T${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}+08:00`
  );
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
