import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone, splitPhones } from '../../../../functions/resolution/normalise/phone.js';
import { anySourceValue } from './source-values.js';

const mobile = { kind: 'mobile', status: 'valid', value: '13812345678', masked: '138****5678' };
const landline = {
  kind: 'landline',
  status: 'valid',
  areaCode: '0575',
  value: '0575-87654321',
  masked: '0575-****4321',
};

describe('normalisePhone', () => {
  it.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '+86 13812345678',
    '+86-138-1234-5678',
    '008613812345678',
    '86-13812345678',
    '013812345678',
    '１３８１２３４５６７８',
    ' 13812345678\n',
    '手机：13812345678',
  ])('reads the mobile %s as 11 digits', (given) => {
    expect(normalisePhone(given)).toEqual(mobile);
  });

  it('reads a mobile that arrived as a JSON number', () => {
    expect(normalisePhone(13812345678)).toEqual(mobile);
  });

  it.each([
    '0575-87654321',
    '057587654321',
    '(0575)87654321',
    '（0575）87654321',
    '0575 8765 4321',
    '+86 575 87654321',
  ])('reads the landline %s with its 4-digit area code', (given) => {
    expect(normalisePhone(given)).toEqual(landline);
  });

  it('reads 010 and 02x as 3-digit area codes', () => {
    expect(normalisePhone('01062345678')).toMatchObject({ areaCode: '010', value: '010-62345678' });
    expect(normalisePhone('021-6234567')).toMatchObject({ areaCode: '021', value: '021-6234567' });
  });

  it('reads a local number without area code as a landline with no area code', () => {
    expect(normalisePhone('87654321')).toEqual({
      kind: 'landline',
      status: 'valid',
      value: '87654321',
      masked: '****4321',
    });
  });

  it.each(['110', '120', '12345', '10086', '95588', '4008123123'])(
    'reads %s as a service number',
    (given) => {
      expect(normalisePhone(given)).toEqual({
        kind: 'service',
        status: 'valid',
        value: given,
        masked: given,
      });
    },
  );

  it('reads a service number behind an area code', () => {
    expect(normalisePhone('0575-12345')).toMatchObject({
      kind: 'service',
      areaCode: '0575',
      value: '0575-12345',
    });
  });

  it('reads a masked mobile with its visible digits and no value', () => {
    expect(normalisePhone('138****5678')).toEqual({
      kind: 'mobile',
      status: 'masked',
      visibleDigits: '138****5678',
      masked: '138****5678',
    });
    expect(normalisePhone('138xxxx5678')).toMatchObject({ status: 'masked', visibleDigits: '138****5678' });
    expect(normalisePhone('138***5678')).toMatchObject({ status: 'masked', visibleDigits: '138****5678' });
  });

  it('reads a masked landline with its area code', () => {
    expect(normalisePhone('0575-****4321')).toEqual({
      kind: 'landline',
      status: 'masked',
      areaCode: '0575',
      visibleDigits: '0575****4321',
      masked: '0575-****4321',
    });
  });

  it('keeps a foreign number with its country code', () => {
    expect(normalisePhone('+1 650 555 1234')).toMatchObject({
      kind: 'unknown',
      status: 'valid',
      value: '+16505551234',
    });
  });

  it('flags a number of the wrong length and keeps its digits as given', () => {
    expect(normalisePhone('1381234567')).toEqual({
      kind: 'mobile',
      status: 'invalid',
      value: '1381234567',
      masked: '138***4567',
    });
    expect(normalisePhone('0575-876')).toMatchObject({
      kind: 'landline',
      status: 'invalid',
      value: '0575876',
    });
  });

  it('flags text that is no number', () => {
    expect(normalisePhone('见备注')).toMatchObject({ kind: 'unknown', status: 'invalid', value: '见备注' });
  });

  it('gives undefined for empty values and placeholders', () => {
    for (const value of ['', ' ', null, undefined, '无', '-', {}])
      expect(normalisePhone(value)).toBeUndefined();
  });

  it('never throws, always masks, and never keeps a value for a masked number', () => {
    fc.assert(
      fc.property(anySourceValue, (value) => {
        const phone = normalisePhone(value);
        if (phone === undefined) return;
        expect(phone.masked).toBeTypeOf('string');
        if (phone.status === 'masked') expect(phone.value).toBeUndefined();
        if (phone.kind === 'mobile' && phone.status === 'valid') expect(phone.value).toMatch(/^1\d{10}$/);
      }),
    );
  });

  it('reads every valid mobile back to itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (digits) => {
        expect(
          normalisePhone(`+86 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`),
        ).toMatchObject({
          status: 'valid',
          value: digits,
        });
      }),
    );
  });
});

describe('maskPhone', () => {
  it('shows the first 3 and last 4 digits of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('shows the area code and last 4 digits of a landline', () => {
    expect(maskPhone('0575-87654321')).toBe('0575-****4321');
    expect(maskPhone('010-6234567')).toBe('010-***4567');
    expect(maskPhone('87654321')).toBe('****4321');
  });

  it('leaves public service numbers as they are', () => {
    expect(maskPhone('12345')).toBe('12345');
  });
});

describe('splitPhones', () => {
  it('splits a cell on commas, enumeration commas, semicolons and slashes', () => {
    expect(splitPhones('13812345678,13905759999、0575-87654321；87654321/110').map((p) => p.value)).toEqual([
      '13812345678',
      '13905759999',
      '0575-87654321',
      '87654321',
      '110',
    ]);
  });

  it('splits on spaces only between complete numbers', () => {
    expect(splitPhones('138 1234 5678 139 0575 9999').map((p) => p.value)).toEqual([
      '13812345678',
      '13905759999',
    ]);
    expect(splitPhones('+86 138 1234 5678 87654321').map((p) => p.value)).toEqual([
      '13812345678',
      '87654321',
    ]);
    expect(splitPhones('0575 87654321')).toEqual([landline]);
  });

  it('drops the same number given twice', () => {
    expect(splitPhones('13812345678 / +86 138 1234 5678')).toEqual([mobile]);
  });

  it('keeps masked and invalid numbers', () => {
    expect(splitPhones('138****5678,12345678901').map((p) => p.status)).toEqual(['masked', 'invalid']);
  });

  it('reads each element of an array', () => {
    expect(splitPhones(['13812345678', '0575-87654321', null])).toEqual([mobile, landline]);
  });

  it('gives no phones for an empty cell', () => {
    expect(splitPhones('')).toEqual([]);
    expect(splitPhones(null)).toEqual([]);
    expect(splitPhones('无')).toEqual([]);
  });

  it('never throws', () => {
    fc.assert(fc.property(anySourceValue, (value) => void splitPhones(value)));
  });
});
