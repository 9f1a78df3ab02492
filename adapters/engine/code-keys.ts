/** How a source code is compared with a code table: half-width, no whitespace, simplified characters (調解中 = 调解中). */
import * as OpenCC from 'opencc-js';
import { cleanText } from '../../functions/resolution/normalise/text.js';

const fromTaiwanForms = OpenCC.Converter({ from: 'tw', to: 'cn' });
const fromHongKongForms = OpenCC.Converter({ from: 'hk', to: 'cn' });
const HAN = /\p{Script=Han}/u;

/** The lookup key of a source code or label; '' for an empty or non-text value. */
export function codeKey(value: unknown): string {
  const text = cleanText(value)?.replace(/\s+/g, '') ?? '';
  return HAN.test(text) ? fromHongKongForms(fromTaiwanForms(text)) : text;
}

/** A code table keyed by codeKey, so that lookups ignore width, spacing and traditional forms. */
export function keyedTable<T>(table: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(table).map(([key, entry]) => [codeKey(key), entry]));
}
