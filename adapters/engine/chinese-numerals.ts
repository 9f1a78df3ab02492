/** Counts written in Arabic or Chinese numerals (5, ５, 五, 十五, 二十, 一百二十), as free text in records writes them. */
import { toHalfWidth } from '../../functions/resolution/normalise/text.js';

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** The pattern of a count this module reads, for use inside a larger regular expression. */
export const COUNT_PATTERN = '[0-9０-９]+|[零〇一二两三四五六七八九十百]+';

/** A whole number 0–999 written in digits (full width too) or Chinese numerals; undefined when it is neither. */
export function parseCount(text: string): number | undefined {
  const half = toHalfWidth(text.trim());
  if (/^\d+$/.test(half)) return Number(half);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(half)) return undefined;
  let rest = half;
  let total = 0;
  const hundreds = /^([一二两三四五六七八九])?百零?/.exec(rest);
  if (hundreds) {
    total += 100 * (hundreds[1] === undefined ? 1 : (DIGITS[hundreds[1]] ?? 0));
    rest = rest.slice(hundreds[0].length);
  }
  const tens = /^([一二两三四五六七八九])?十/.exec(rest);
  if (tens) {
    total += 10 * (tens[1] === undefined ? 1 : (DIGITS[tens[1]] ?? 0));
    rest = rest.slice(tens[0].length);
  }
  if (rest === '') return total;
  if (rest.length !== 1) return undefined;
  const units = DIGITS[rest];
  return units === undefined ? undefined : total + units;
}
