/**
 * Court codes (法院代字) and case numbers (案号): `浙0681` and `330681` both name the court of 诸暨市, whose county
 * division code is 330681; `（２０２４）浙0681民初1234号` is the case number `(2024)浙0681民初1234号`.
 * @see 最高人民法院《关于人民法院案件案号的若干规定》(法〔2015〕137号) and its 案件类型代字 annex
 */
import { toHalfWidth } from '../../functions/resolution/normalise/text.js';
import { codeKey } from './code-keys.js';

/** Province abbreviation (省级行政区简称) → the first two digits of its division codes (GB/T 2260). */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  京: '11',
  津: '12',
  冀: '13',
  晋: '14',
  蒙: '15',
  辽: '21',
  吉: '22',
  黑: '23',
  沪: '31',
  苏: '32',
  浙: '33',
  皖: '34',
  闽: '35',
  赣: '36',
  鲁: '37',
  豫: '41',
  鄂: '42',
  湘: '43',
  粤: '44',
  桂: '45',
  琼: '46',
  渝: '50',
  川: '51',
  蜀: '51',
  黔: '52',
  贵: '52',
  滇: '53',
  云: '53',
  藏: '54',
  陕: '61',
  秦: '61',
  甘: '62',
  陇: '62',
  青: '63',
  宁: '64',
  新: '65',
};

/** Brackets a case number's year may be written in, all read as `(` and `)`. */
const OPENING = /[(（〔［[【〖｛{]/g;
const CLOSING = /[)）〕］\]】〗｝}]/g;
const CASE_NUMBER = /^\((\d{4})\)(\p{Script=Han})(\d{2}|\d{4})?(\p{Script=Han}+?)(\d+)号$/u;

export type CourtDivision = { ok: true; code: string } | { ok: false; reason: string };

/**
 * The division code of the area a court serves: `330681` stays, `浙0681` → `330681` (基层法院), `浙06` → `330600`
 * (中级法院), `浙` → `330000` (高级法院). Codes of specialised courts (`浙72` 海事法院, `浙71…` 铁路运输法院) name no
 * division, so they give a reason instead.
 */
export function divisionCodeOfCourt(value: string): CourtDivision {
  const text = codeKey(value);
  if (/^\d{6}$/.test(text)) return { ok: true, code: text };
  const match = /^(\p{Script=Han})(\d{2}|\d{4})?$/u.exec(text);
  const province = match && PROVINCE_CODES[match[1] ?? ''];
  if (!match || province === undefined) {
    return {
      ok: false,
      reason: `expected a 6-digit court division code (330681) or a province abbreviation with 0, 2 or 4 digits (浙0681)`,
    };
  }
  const digits = match[2] ?? '';
  if (/^[7-9]/.test(digits)) {
    return {
      ok: false,
      reason: `${text} is the code of a specialised court (专门人民法院), which serves no one division`,
    };
  }
  return { ok: true, code: `${province}${digits.padEnd(4, '0')}` };
}

/**
 * A case number in one form: half-width digits, `(` `)` around the year whatever brackets the source used, no
 * whitespace, simplified characters. Undefined when empty.
 */
export function normaliseCaseNumber(value: string): string | undefined {
  const text = codeKey(toHalfWidth(value).replace(OPENING, '(').replace(CLOSING, ')'));
  return text === '' ? undefined : text;
}

export interface CaseNumberParts {
  year: string;
  /** The court code inside the case number: `浙0681`. */
  courtCode: string;
  /** The case-type word (案件类型代字): `民初`, `民终`, `民诉前调`, `执`. */
  caseType: string;
  serial: string;
}

/** The parts of a normalised case number, or undefined when it does not have the usual form. */
export function partsOfCaseNumber(normalised: string): CaseNumberParts | undefined {
  const match = CASE_NUMBER.exec(normalised);
  if (!match) return undefined;
  const [, year = '', province = '', digits = '', caseType = '', serial = ''] = match;
  return { year, courtCode: `${province}${digits}`, caseType, serial };
}
