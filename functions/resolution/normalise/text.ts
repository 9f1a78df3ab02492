// Text clean-up shared by every normaliser: full-width to half-width and trimming of the whitespace real exports carry.

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
const FULL_WIDTH_OFFSET = 0xfee0;
/** Spaces, tabs, newlines, NBSP, U+3000 and the zero-width characters spreadsheets leave behind. */
const EDGE_SPACE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;

/** Full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space to a space; CJK is left as it is. */
export function toHalfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - FULL_WIDTH_OFFSET),
  );
}

/**
 * A source value as a clean string: finite numbers become their decimal string, strings are made half-width and
 * trimmed; empty strings and every other type (null, boolean, object, array, NaN) give undefined.
 */
export function cleanText(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return undefined;
  }
  const cleaned = trimSpace(toHalfWidth(text));
  return cleaned === '' ? undefined : cleaned;
}

/** The string without leading and trailing whitespace of any kind (incl. U+3000, NBSP, zero-width); nothing else changed. */
export function trimSpace(s: string): string {
  return s.replace(EDGE_SPACE, '');
}

/** Words a source writes in a field instead of leaving it empty (无, 不详, N/A, …), compared after cleanText. */
const NO_VALUE_WORDS = new Set([
  '无',
  '暂无',
  '没有',
  '不详',
  '未知',
  '空',
  '保密',
  '不提供',
  '未提供',
  '拒绝提供',
  'null',
  'none',
  'nil',
  'undefined',
  'n/a',
  'na',
  '-',
  '--',
  '/',
  '\\',
]);

/** True when a cleaned value is a stand-in for "no value" rather than a value. */
export function isNoValuePlaceholder(cleaned: string): boolean {
  return NO_VALUE_WORDS.has(cleaned.toLowerCase());
}
