/** Reading the values of a raw source record: trimmed text, code-table keys, blanks, and values shown in messages. */
import { toHalfWidth } from '../../functions/resolution/normalise/text.js';

const EDGE_SPACE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;

/** A free-text value trimmed but otherwise verbatim (full-width punctuation kept); finite numbers as their string. */
export function trimmedText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(EDGE_SPACE, '');
  return trimmed === '' ? undefined : trimmed;
}

/** A code compared against a code table: half-width, no whitespace anywhere. */
export function compactCode(value: string): string {
  return toHalfWidth(value).replace(/\s+/g, '');
}

/** Missing, null, or a string of whitespace only. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ key: value }` when value is defined, else nothing: keeps absent fields absent rather than undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The fields of a record that a contract does not name, or undefined when there are none. */
export function unknownFieldsOf(
  record: Record<string, unknown>,
  known: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  const entries = Object.entries(record).filter(([key]) => !known.has(key));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A code table without its `$comment`. */
export function withoutComment<T extends Record<string, unknown>>(table: T): Omit<T, '$comment'> {
  const { $comment: _comment, ...rest } = table;
  return rest;
}

/** What a value is, for a message: `null`, `an array`, `an object`, `number 3`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${show(value)}`;
}

/** A value as it appears in a message: JSON, cut at 60 characters; `missing` when absent. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** An identifier (a record number) as sent: trimmed, half-width, no inner whitespace; numbers only when exact. */
export function identifierOf(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) return undefined;
  const text = trimmedText(value);
  if (text === undefined) return undefined;
  const compact = compactCode(text);
  return compact === '' ? undefined : compact;
}

/** True for a JSON number too large to carry every digit of an identifier (JSON parsers round it). */
export function isInexactNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && !Number.isSafeInteger(value);
}
