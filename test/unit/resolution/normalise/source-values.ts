// Arbitraries of raw source values for the normalisers' never-throw properties, and builders of valid identifiers.
import fc from 'fast-check';
import { residentIdChecksum } from '../../../../functions/resolution/normalise/resident-id.js';

/** Characters real identifier, phone, date and name cells are made of, so generated strings reach the deep paths. */
const SOURCE_CHARACTERS = [
  ...'0123456789xX*×-+()/.:T Z年月日时分秒某先生女士张偉欧阳·•・．匿名',
  '\u3000',
  '\t',
  '\n',
  '\u00A0',
  '１',
  '３',
  '８',
  '－',
];

/** Any JSON value, any unicode string, any number, or a string of source-like characters. */
export const anySourceValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...SOURCE_CHARACTERS), maxLength: 30 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60),
);

/** A valid 18-digit resident ID: region, birth date (YYYYMMDD) and 3-digit sequence, check digit computed. */
export function aResidentId(overrides: { region?: string; birth?: string; sequence?: string } = {}): string {
  const { region = '330681', birth = '19900101', sequence = '123' } = overrides;
  const first17 = `${region}${birth}${sequence}`;
  return `${first17}${residentIdChecksum(first17)}`;
}
