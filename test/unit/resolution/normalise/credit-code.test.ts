import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditCodeChecksum,
  normaliseCreditCode,
} from '../../../../functions/resolution/normalise/credit-code.js';
import { anySourceValue } from './source-values.js';

/** The worked example printed in GB 32100-2015. */
const STANDARD_EXAMPLE = '91350100M000100Y43';
const CODE_CHARACTERS = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];

describe('creditCodeChecksum', () => {
  it('computes the check character of the standard example', () => {
    expect(creditCodeChecksum(STANDARD_EXAMPLE.slice(0, 17))).toBe('3');
  });

  it('rejects letters the code never uses (I O Z S V)', () => {
    expect(() => creditCodeChecksum('91350100M000100YO')).toThrow(/expected 17 characters/);
  });
});

describe('normaliseCreditCode', () => {
  it('accepts a code with the right check character', () => {
    expect(normaliseCreditCode(STANDARD_EXAMPLE)).toEqual({ value: STANDARD_EXAMPLE, status: 'valid' });
  });

  it('upper-cases, trims and makes half-width', () => {
    expect(normaliseCreditCode(' ９１３５０１００ｍ０００１００ｙ４３\t')).toEqual({
      value: STANDARD_EXAMPLE,
      status: 'valid',
    });
  });

  it('flags a wrong check character and keeps the code as given', () => {
    expect(normaliseCreditCode('91350100M000100Y44')).toEqual({
      value: '91350100M000100Y44',
      status: 'invalid',
    });
  });

  it('flags a code with a letter outside the code set or the wrong length', () => {
    expect(normaliseCreditCode('91350100M000100O43')).toMatchObject({ status: 'invalid' });
    expect(normaliseCreditCode('91350100M000100Y4')).toMatchObject({ status: 'invalid' });
  });

  it('gives undefined for empty values and placeholders', () => {
    for (const value of ['', null, '无']) expect(normaliseCreditCode(value)).toBeUndefined();
  });

  it('accepts every code built with a computed check character', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...CODE_CHARACTERS), { minLength: 17, maxLength: 17 }),
        (chars) => {
          const first17 = chars.join('');
          const code = `${first17}${creditCodeChecksum(first17)}`;
          expect(normaliseCreditCode(code)).toEqual({ value: code, status: 'valid' });
        },
      ),
    );
  });

  it('never throws', () => {
    fc.assert(fc.property(anySourceValue, (value) => void normaliseCreditCode(value)));
  });
});
