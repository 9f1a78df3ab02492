/**
 * Reads the details of a party that the identifier readers of party-fields.ts leave out: sex, an organisation's
 * unified social credit code, and an address with the division it names.
 */
import { normaliseCreditCode } from '../../functions/resolution/normalise/credit-code.js';
import { cleanText, isNoValuePlaceholder } from '../../functions/resolution/normalise/text.js';
import type { CreditCode, Location } from '../../schemas/generated/types.js';
import { codeKey } from './code-keys.js';
import { matchDivisionInText } from './division-catalogue.js';
import type { Findings } from './findings.js';
import { trimmedText } from './raw-values.js';

export type Sex = 'male' | 'female';

/** 男/女 and the GB/T 2261.1 codes (1 male, 2 female). */
const SEXES: Record<string, Sex> = {
  男: 'male',
  男性: 'male',
  女: 'female',
  女性: 'female',
  '1': 'male',
  '2': 'female',
  M: 'male',
  F: 'female',
  male: 'male',
  female: 'female',
};
/** GB/T 2261.1 0 未知的性别 and 9 未说明的性别: the source does not know, which is no value rather than a bad one. */
const UNKNOWN_SEXES = new Set(['0', '9', '未说明', '未知的性别', '未说明的性别']);

/** Sex from 男/女 (or a code); `unread` carries a value that is neither a sex nor a stand-in for "unknown". */
export function readSex(value: unknown): { sex?: Sex; unread?: string } {
  const cleaned = cleanText(value);
  if (cleaned === undefined || isNoValuePlaceholder(cleaned) || UNKNOWN_SEXES.has(codeKey(cleaned)))
    return {};
  const sex = SEXES[codeKey(cleaned)];
  return sex === undefined ? { unread: cleaned } : { sex };
}

/** A unified social credit code (not personal data: shown in full); a wrong one is kept flagged invalid. */
export function readCreditCode(value: unknown, path: string, findings: Findings): CreditCode | undefined {
  const code = normaliseCreditCode(value);
  if (code?.status === 'invalid') {
    findings.warn(
      path,
      `credit code ${JSON.stringify(code.value)} is not a valid unified social credit code (GB 32100: 18 ` +
        'characters with a matching check character); kept and flagged invalid',
    );
  }
  return code;
}

/** An address as given (trimmed) with the finest division it names, or undefined when empty. */
export function readAddress(value: unknown): Location | undefined {
  const addressText = trimmedText(value);
  if (addressText === undefined) return undefined;
  const match = matchDivisionInText(addressText);
  if (match === undefined) return { addressText };
  return {
    divisionCode: match.code,
    divisionLevel: match.level,
    divisionName: match.name,
    resolvedBy: 'address-text',
    addressText,
  };
}
