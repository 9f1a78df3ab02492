import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskResidentId,
  normaliseResidentId,
  residentIdChecksum,
} from '../../../../functions/resolution/normalise/resident-id.js';
import { anySourceValue, aResidentId } from './source-values.js';

describe('residentIdChecksum', () => {
  it('computes the GB 11643 check character, X standing for 10', () => {
    // The two numbers used in the sample records are valid.
    expect(residentIdChecksum('33068119820315001')).toBe('1');
    expect(residentIdChecksum('33068119790722003')).toBe('6');
    // Weighted sum of 11010519491231002 is 167, 167 mod 11 = 2, check character X.
    expect(residentIdChecksum('11010519491231002')).toBe('X');
  });

  it('rejects anything but 17 digits', () => {
    expect(() => residentIdChecksum('3306811982031500')).toThrow(/expected exactly 17 digits/);
  });
});

describe('normaliseResidentId', () => {
  it('accepts an 18-digit number with a correct checksum and derives birth date, sex and region', () => {
    expect(normaliseResidentId('330681198203150011')).toEqual({
      status: 'valid',
      value: '330681198203150011',
      masked: '330681********0011',
      regionCode: '330681',
      birthDate: '1982-03-15',
      sex: 'male',
    });
  });

  it('reads an even 17th digit as female', () => {
    expect(normaliseResidentId(aResidentId({ sequence: '002' }))).toMatchObject({
      status: 'valid',
      sex: 'female',
    });
  });

  it('upper-cases a final lower-case x', () => {
    const id = aResidentId({ region: '110105', birth: '19491231', sequence: '002' });
    expect(id.endsWith('X')).toBe(true);
    expect(normaliseResidentId(id.toLowerCase())).toMatchObject({ status: 'valid', value: id });
  });

  it('accepts full-width digits and stray whitespace', () => {
    expect(normaliseResidentId(' ３３０６８１１９８２０３１５００１１\n')).toMatchObject({
      status: 'valid',
      value: '330681198203150011',
    });
  });

  it('upgrades a legacy 15-digit number to 18 digits with a computed check digit', () => {
    expect(normaliseResidentId('330681820315001')).toEqual({
      status: 'upgraded',
      value: '330681198203150011',
      masked: '330681********0011',
      regionCode: '330681',
      birthDate: '1982-03-15',
      sex: 'male',
    });
  });

  it('flags a legacy 15-digit number whose birth date is impossible, without upgrading it', () => {
    expect(normaliseResidentId('330681820230001')).toMatchObject({
      status: 'invalid',
      value: '330681820230001',
      problem: expect.stringContaining('19820230'),
    });
  });

  it('flags a wrong checksum and keeps the number as given', () => {
    expect(normaliseResidentId('330681198203150012')).toMatchObject({
      status: 'invalid',
      value: '330681198203150012',
      problem: 'checksum digit is 2, expected 1',
      masked: '330681********0012',
    });
  });

  it('flags an impossible birth date in an 18-digit number', () => {
    const first17 = '33068119820230001';
    const id = `${first17}${residentIdChecksum(first17)}`;
    expect(normaliseResidentId(id)).toMatchObject({
      status: 'invalid',
      value: id,
      problem: 'birth date 19820230 is not a real date',
    });
  });

  it('flags a wrong length and says what was expected', () => {
    expect(normaliseResidentId('3306811982031500')).toMatchObject({
      status: 'invalid',
      value: '3306811982031500',
      problem: expect.stringContaining('16 characters; expected 18'),
      masked: '330***********00',
    });
  });

  it('flags letters and an X before the last position', () => {
    expect(normaliseResidentId('33068X198203150011')).toMatchObject({ status: 'invalid' });
    expect(normaliseResidentId('abc')).toMatchObject({ status: 'invalid', value: 'ABC' });
  });

  it('flags an 18-digit number that arrived as a JSON number and lost digits', () => {
    expect(normaliseResidentId(JSON.parse('330681198203150011'))).toMatchObject({
      status: 'invalid',
      problem: expect.stringContaining('send it as a string'),
    });
  });

  it('reads a masked number with the 8 hidden digits as stars', () => {
    expect(normaliseResidentId('330681********0012')).toEqual({
      status: 'masked',
      masked: '330681********0012',
      visibleDigits: '330681********0012',
      regionCode: '330681',
      sex: 'male',
    });
  });

  it('widens a shortened star run to 18 positions', () => {
    expect(normaliseResidentId('330681****0012')).toMatchObject({
      status: 'masked',
      visibleDigits: '330681********0012',
    });
  });

  it('reads runs of x as mask characters but keeps a final X as the check character', () => {
    expect(normaliseResidentId('330681xxxxxxxx0012')).toMatchObject({
      status: 'masked',
      visibleDigits: '330681********0012',
    });
    expect(normaliseResidentId('330681********002x')).toMatchObject({ visibleDigits: '330681********002X' });
  });

  it('derives the birth date when the mask leaves it visible', () => {
    expect(normaliseResidentId('33068119820315****')).toMatchObject({
      status: 'masked',
      birthDate: '1982-03-15',
    });
  });

  it('never gives a value for a masked number', () => {
    expect(normaliseResidentId('330681********0012')).not.toHaveProperty('value');
  });

  it('gives undefined for empty values and placeholders', () => {
    for (const value of ['', '  ', null, undefined, '无', '不详'])
      expect(normaliseResidentId(value)).toBeUndefined();
  });

  it('accepts every number built with a computed check digit', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    const birth = fc
      .date({ min: new Date('1900-01-01'), max: new Date('2024-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
    fc.assert(
      fc.property(digits(6), birth, digits(3), (region, b, sequence) => {
        const id = aResidentId({ region, birth: b, sequence });
        expect(normaliseResidentId(id)).toMatchObject({ status: 'valid', value: id });
      }),
    );
  });

  it('never throws, always masks, and gives a value only for numbers it does not mask', () => {
    fc.assert(
      fc.property(anySourceValue, (value) => {
        const id = normaliseResidentId(value);
        if (id === undefined) return;
        expect(id.masked).toBeTypeOf('string');
        if (id.status === 'masked') expect(id.value).toBeUndefined();
        else expect(id.value).toBeTypeOf('string');
        if (id.status === 'valid' || id.status === 'upgraded') expect(id.value).toMatch(/^\d{17}[\dX]$/);
        if (id.status === 'invalid') expect(id.problem).toBeTypeOf('string');
      }),
    );
  });
});

describe('maskResidentId', () => {
  it('keeps the first 6 and last 4 of 18 characters', () => {
    expect(maskResidentId('330681198203150011')).toBe('330681********0011');
  });

  it('keeps the first 3 and last 2 of any other length', () => {
    expect(maskResidentId('330681820315001')).toBe('330**********01');
    expect(maskResidentId('12345')).toBe('*****');
  });
});
