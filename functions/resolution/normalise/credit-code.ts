// Normalises unified social credit codes (统一社会信用代码) of organisations and checks their check character.
// @see GB 32100-2015 法人和其他组织统一社会信用代码编码规则
import type { CreditCode } from '../../../schemas/generated/types.js';
import { cleanText, isNoValuePlaceholder } from './text.js';

/** The 31 code characters: digits and capital letters without I, O, Z, S, V. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weight of each of the first 17 positions: 3^i mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = new RegExp(`^[${CHARSET}]{18}$`);
const SEPARATORS = /[\s-]/g;

/** The GB 32100 check character for the first 17 characters of a code. */
export function creditCodeChecksum(first17: string): string {
  if (!new RegExp(`^[${CHARSET}]{17}$`).test(first17)) {
    throw new RangeError(
      `cannot compute a credit code checksum of "${first17}"; expected 17 characters from ${CHARSET}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17.charAt(i)) * WEIGHTS[i]!;
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * A unified social credit code: `valid` when it has 18 code characters and the right check character, else `invalid`
 * with the value as given (trimmed, half-width, spaces and hyphens removed, upper-cased; never corrected).
 * Undefined when empty or a placeholder such as `无`.
 */
export function normaliseCreditCode(value: unknown): CreditCode | undefined {
  const cleaned = cleanText(value);
  if (cleaned === undefined || isNoValuePlaceholder(cleaned)) return undefined;
  const code = cleaned.replace(SEPARATORS, '').toUpperCase();
  if (code === '') return undefined;
  const valid = SHAPE.test(code) && creditCodeChecksum(code.slice(0, 17)) === code.charAt(17);
  return { value: code, status: valid ? 'valid' : 'invalid' };
}
