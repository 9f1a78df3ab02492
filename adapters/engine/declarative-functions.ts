/** The hub's normalisers as JSONata functions, so a declarative mapping produces normalised identifiers. */
import type jsonata from 'jsonata';
import { normaliseCreditCode } from '../../functions/resolution/normalise/credit-code.js';
import { parseSourceDate, parseSourceDateTime } from '../../functions/resolution/normalise/datetime.js';
import { normalisePersonName } from '../../functions/resolution/normalise/name.js';
import { normalisePhone, splitPhones } from '../../functions/resolution/normalise/phone.js';
import { normaliseResidentId } from '../../functions/resolution/normalise/resident-id.js';
import { cleanText } from '../../functions/resolution/normalise/text.js';
import { matchDivisionInText } from './division-catalogue.js';

type Expression = ReturnType<typeof jsonata>;

const orUndefined = <T>(v: T | undefined | null) => (v === null ? undefined : v);

/** Each function: name, implementation, JSONata signature. */
const functions: Array<[string, (...args: never[]) => unknown, string]> = [
  ['clean', (v: unknown) => cleanText(v), '<x?:s?>'],
  ['residentId', (v: unknown) => orUndefined(normaliseResidentId(v)), '<x?:o?>'],
  ['phone', (v: unknown) => orUndefined(normalisePhone(v)), '<x?:o?>'],
  ['phones', (v: unknown) => splitPhones(v), '<x?:a?>'],
  ['personName', (v: unknown) => orUndefined(normalisePersonName(v)), '<x?:o?>'],
  ['creditCode', (v: unknown) => orUndefined(normaliseCreditCode(v)), '<x?:o?>'],
  [
    'dateTime',
    (v: unknown) => {
      const r = parseSourceDateTime(v);
      if (!r.ok) throw new Error(r.reason);
      return r.iso;
    },
    '<x?:s?>',
  ],
  [
    'date',
    (v: unknown) => {
      const r = parseSourceDate(v);
      if (!r.ok) throw new Error(r.reason);
      return r.date;
    },
    '<x?:s?>',
  ],
  [
    'tryDateTime',
    (v: unknown) => {
      const r = parseSourceDateTime(v);
      return r.ok ? r.iso : undefined;
    },
    '<x?:s?>',
  ],
  [
    'tryDate',
    (v: unknown) => {
      const r = parseSourceDate(v);
      return r.ok ? r.date : undefined;
    },
    '<x?:s?>',
  ],
  [
    'division',
    (v: unknown) => (typeof v === 'string' ? orUndefined(matchDivisionInText(v)) : undefined),
    '<x?:o?>',
  ],
];

export function registerNormalisers(expression: Expression): void {
  for (const [name, implementation, signature] of functions) {
    expression.registerFunction(name, implementation as (...args: unknown[]) => unknown, signature);
  }
}
