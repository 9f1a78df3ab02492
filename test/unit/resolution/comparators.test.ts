import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClearPhone, ClearResidentId } from '../../../adapters/engine/adapter.js';
import {
  addressTokens,
  compareAddressText,
  compareBirthDates,
  compareCoordinates,
  compareDivisions,
  compareLatinNames,
  compareNames,
  compareOtherIds,
  comparePhones,
  compareResidentIds,
  damerauDistance,
  distanceMetres,
  jaroWinkler,
  postcodeOf,
  sexOfHonorific,
  soundex,
} from '../../../functions/resolution/comparators.js';
import { normalisePersonName } from '../../../functions/resolution/normalise/name.js';
import { normalisePhone } from '../../../functions/resolution/normalise/phone.js';
import {
  normaliseResidentId,
  residentIdChecksum,
} from '../../../functions/resolution/normalise/resident-id.js';
import type { Location, Phone, ResidentId } from '../../../schemas/generated/types.js';

/** A name as the adapters normalise it. */
const aName = (given: string) => normalisePersonName(given)!;
/** A resident ID with a valid check digit: region, birth date (yyyymmdd) and sequence (3 digits, odd = male). */
const anIdNumber = (birth = '19820315', sequence = '001', region = '330681') => {
  const first17 = `${region}${birth}${sequence}`;
  return `${first17}${residentIdChecksum(first17)}`;
};
/** A resident ID as stored: normalised, the full number replaced by a stand-in blind index. */
const aResidentId = (value: string): ResidentId => protect(normaliseResidentId(value)!);
const aPhone = (value: string): Phone => protect(normalisePhone(value)!);
function protect<T extends ClearResidentId | ClearPhone>(clear: T): Omit<T, 'value'> {
  const { value, ...rest } = clear;
  return value && clear.status !== 'masked' ? { ...rest, blindIndex: `bi(${value})` } : rest;
}
const aPlace = (overrides: Partial<Location> = {}): Location => ({ ...overrides });

describe('string metrics', () => {
  it('counts a transposition of neighbours as one edit', () => {
    expect(damerauDistance('pridham', 'pridahm')).toBe(1);
    expect(damerauDistance('张伟', '张玮')).toBe(1);
    expect(damerauDistance('kitten', 'sitting')).toBe(3);
  });

  it('stops early once the distance exceeds the bound', () => {
    expect(damerauDistance('abcdef', 'uvwxyz', 1)).toBe(2);
  });

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = damerauDistance(a, b);
        expect(d).toBe(damerauDistance(b, a));
        expect(d === 0).toBe(a === b);
      }),
    );
  });

  it('scores Jaro-Winkler as published (martha/marhta 0.961, dwayne/duane 0.84)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
  });

  it('codes names with Soundex (Robert R163, Ashcraft A261, Tymczak T522)', () => {
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(soundex('Tymczak')).toBe('T522');
    expect(soundex('Lee')).toBe('L000');
  });
});

describe('compareNames', () => {
  it('finds the same name exact', () => {
    expect(compareNames(aName('张伟'), aName('张伟'))?.level).toBe('exact');
    expect(compareNames(aName('张伟先生'), aName('张伟'))?.level).toBe('exact');
  });

  it('finds traditional and simplified writing of one name equal after normalisation', () => {
    expect(compareNames(aName('張偉'), aName('张伟'))?.level).toBe('script-variant');
  });

  it('finds homophones by pinyin (张伟, 张维, 章伟)', () => {
    expect(compareNames(aName('张维'), aName('张伟'))?.level).toBe('pinyin');
    expect(compareNames(aName('章伟'), aName('张伟'))?.level).toBe('pinyin');
  });

  it('finds a southern-accent confusion (刘/牛, zh/z) as a fuzzy homophone', () => {
    expect(compareNames(aName('刘伟'), aName('牛伟'))?.level).toBe('pinyin-fuzzy');
  });

  it('tells a one-character difference in a longer name that does not sound alike', () => {
    expect(compareNames(aName('张志强'), aName('张志刚'))?.level).toBe('one-character');
  });

  it('reads two-character names with another given name as different people (张强, 张静)', () => {
    expect(compareNames(aName('张强'), aName('张静'))?.level).toBe('different');
  });

  it('compares only the surname when one side is 张先生 or 张某某', () => {
    expect(compareNames(aName('张先生'), aName('张伟'))?.level).toBe('surname-compatible');
    expect(compareNames(aName('张某某'), aName('张伟'))?.level).toBe('surname-compatible');
    expect(compareNames(aName('王女士'), aName('李强'))?.level).toBe('surname-conflict');
  });

  it('compares a Latin transliteration by pinyin', () => {
    expect(compareNames(aName('Zhang Wei'), aName('张伟'))?.level).toBe('pinyin');
  });

  it('has nothing to compare for a masked name without a surname', () => {
    expect(compareNames(aName('*伟'), aName('张伟'))).toBeUndefined();
  });
});

describe('compareLatinNames', () => {
  const latin = (given: string, surname: string) => ({
    asGiven: `${given} ${surname}`.trim(),
    normalised: `${given} ${surname}`.trim(),
    form: 'full' as const,
    ...(surname ? { surname } : {}),
  });

  it('compares given name and surname separately, in Jaro-Winkler bands', () => {
    const c = compareLatinNames(latin('harley', 'mccarthy'), latin('haryley', 'mccarthy'));
    expect(c.given?.level).toBe('one-edit');
    expect(c.surname?.level).toBe('exact');
  });

  it('recognises a given name and surname swapped', () => {
    const c = compareLatinNames(latin('madeline', 'mason'), latin('masno', 'madeline'));
    expect(c.given?.level).toBe('swapped');
    expect(c.surname?.level).toBe('swapped');
  });

  it('matches a lone word against whichever part it fits', () => {
    const lone = { asGiven: 'green', normalised: 'green', form: 'full' as const };
    expect(compareLatinNames(lone, latin('mitchell', 'green'))).toEqual({
      surname: { level: 'exact', detail: 'green' },
    });
  });
});

describe('compareResidentIds', () => {
  it('finds the same verified number exact', () => {
    expect(compareResidentIds(aResidentId(anIdNumber()), aResidentId(anIdNumber()))?.level).toBe('exact');
  });

  it('calls two verified numbers different', () => {
    const other = anIdNumber('19790722', '003');
    expect(compareResidentIds(aResidentId(anIdNumber()), aResidentId(other))?.level).toBe('different');
  });

  it('treats a masked number whose shown digits agree as partial evidence', () => {
    const full = anIdNumber();
    const masked = `${full.slice(0, 6)}********${full.slice(14)}`;
    expect(compareResidentIds(aResidentId(masked), aResidentId(full))?.level).toBe('partial');
  });

  it('finds a conflict when a masked number shows other digits', () => {
    const masked = `${anIdNumber().slice(0, 6)}********9999`;
    expect(compareResidentIds(aResidentId(masked), aResidentId(anIdNumber()))?.level).toBe('conflict');
  });

  it('sees a number with a wrong check digit as a possible typo of the right one', () => {
    const right = anIdNumber();
    const typo = `${right.slice(0, 10)}${right[10] === '1' ? '2' : '1'}${right.slice(11)}`;
    expect(compareResidentIds(aResidentId(typo), aResidentId(right))?.level).toBe('partial');
  });
});

describe('comparePhones', () => {
  it('finds the same number however it was written', () => {
    expect(comparePhones(aPhone('+86 138 1234 5678'), aPhone('13812345678'))?.level).toBe('exact');
  });

  it('treats a masked number whose shown digits agree as partial evidence', () => {
    expect(comparePhones(aPhone('138****5678'), aPhone('13812345678'))?.level).toBe('partial');
    expect(comparePhones(aPhone('138****5679'), aPhone('13812345678'))?.level).toBe('different');
  });

  it('never compares service numbers such as 12345', () => {
    expect(comparePhones(aPhone('12345'), aPhone('12345'))).toBeUndefined();
  });
});

describe('compareOtherIds', () => {
  const ssn = (value: string, clear = false) => ({
    scheme: 'febrl-soc-sec-id',
    masked: `***${value.slice(-3)}`,
    blindIndex: `bi(${value})`,
    ...(clear ? { value } : {}),
  });

  it('observes only equality through blind indexes', () => {
    expect(compareOtherIds(ssn('1804974'), ssn('1804974'))?.level).toBe('exact');
    expect(compareOtherIds(ssn('1804974'), ssn('1804975'))?.level).toBe('different');
  });

  it('sees typos when an evaluation holds clear values', () => {
    expect(compareOtherIds(ssn('1804974', true), ssn('1804975', true))?.level).toBe('one-edit');
  });
});

describe('compareBirthDates', () => {
  it.each([
    ['1982-03-15', '1982-03-15', 'exact'],
    ['1982-03-04', '1982-04-03', 'transposed'],
    ['1982-03-15', '1982-03-16', 'one-digit'],
    ['1982-03-15', '1982-03-28', 'year-month'],
    ['1982-03-15', '1982-11-28', 'year'],
    ['1982-03-15', '1979-07-22', 'different'],
  ])('compares %s with %s as %s', (a, b, level) => {
    expect(compareBirthDates(a, b)?.level).toBe(level);
  });
});

describe('sexOfHonorific', () => {
  it('reads sex from 先生 and 女士 but not from neutral honorifics', () => {
    expect(sexOfHonorific('先生')).toBe('male');
    expect(sexOfHonorific('女士')).toBe('female');
    expect(sexOfHonorific('师傅')).toBeUndefined();
  });
});

describe('compareDivisions', () => {
  it('measures how deep two division codes agree', () => {
    const grid = aPlace({ gridCode: '330681109290003' });
    expect(compareDivisions(grid, aPlace({ gridCode: '330681109290003' }))?.level).toBe('grid');
    expect(compareDivisions(grid, aPlace({ divisionCode: '330681109290' }))?.level).toBe('village');
    expect(compareDivisions(grid, aPlace({ divisionCode: '330681109' }))?.level).toBe('town');
    expect(compareDivisions(grid, aPlace({ divisionCode: '330681' }))?.level).toBe('county');
  });

  it('tells places that part below the level they share', () => {
    const village = aPlace({ divisionCode: '330681109290' });
    expect(compareDivisions(village, aPlace({ divisionCode: '330681109291' }))?.level).toBe(
      'town-other-village',
    );
    expect(compareDivisions(village, aPlace({ divisionCode: '330681001001' }))?.level).toBe(
      'county-other-town',
    );
  });

  it('compares the postcodes of Latin addresses', () => {
    const a = aPlace({ addressText: '7 wallaby place, delmar, cleveland sa 2119' });
    expect(compareDivisions(a, aPlace({ addressText: '7 wallaby pl cleveland 2119 sa' }))?.level).toBe(
      'postcode',
    );
    expect(compareDivisions(a, aPlace({ addressText: '7 wallaby place 2191' }))?.level).toBe(
      'postcode-one-edit',
    );
  });

  it('finds the postcode in an address line, not the house number', () => {
    expect(postcodeOf(aPlace({ addressText: '1234 long road 3165 nsw' }))).toBe('3165');
    expect(postcodeOf(aPlace({ addressText: '1234 long road' }))).toBeUndefined();
  });
});

describe('compareAddressText', () => {
  it('splits an address into tokens with numerals as digits', () => {
    expect(addressTokens('浙江省诸暨市枫桥镇枫源村三组12号')).toEqual([
      '浙江省',
      '诸暨市',
      '枫桥镇',
      '枫源村',
      '3组',
      '12号',
    ]);
  });

  it('finds the same address written with and without its county prefix and in other numerals', () => {
    const level = compareAddressText(
      aPlace({ addressText: '诸暨市枫桥镇枫源村3组12号' }),
      aPlace({ addressText: '枫源村三组12号' }),
    )?.level;
    expect(level).toBe('same');
  });

  it('sees a village-only address as contained in a full one', () => {
    const level = compareAddressText(
      aPlace({ addressText: '枫源村' }),
      aPlace({ addressText: '枫源村三组12号' }),
    )?.level;
    expect(level).toBe('contains');
  });

  it('sees the neighbour two doors away as the same village, another house', () => {
    const level = compareAddressText(
      aPlace({ addressText: '枫源村3组14号' }),
      aPlace({ addressText: '枫桥镇枫源村三组12号' }),
    )?.level;
    expect(level).toBe('some');
  });

  it('finds mostly the same address when one side leaves out the entrance', () => {
    const level = compareAddressText(
      aPlace({ addressText: '阳光小区3栋2单元501室' }),
      aPlace({ addressText: '阳光小区3幢501室' }),
    )?.level;
    expect(level).toBe('most');
  });

  it('finds unrelated addresses different', () => {
    const level = compareAddressText(
      aPlace({ addressText: '暨阳街道江东社区' }),
      aPlace({ addressText: '枫源村' }),
    )?.level;
    expect(level).toBe('different');
  });
});

describe('compareCoordinates', () => {
  it('converts GCJ-02 to WGS-84 before measuring, so one spot in two datums is close', () => {
    const wgs = { longitude: 120.3221, latitude: 29.6509, datum: 'WGS-84' as const };
    const gcj = { longitude: 120.32657, latitude: 29.64848, datum: 'GCJ-02' as const };
    expect(distanceMetres(wgs, { ...gcj, datum: 'WGS-84' })).toBeGreaterThan(400);
    expect(compareCoordinates(wgs, gcj).level).toBe('within-100m');
  });

  it('calls points kilometres apart far', () => {
    const a = { longitude: 120.3221, latitude: 29.6509, datum: 'WGS-84' as const };
    const b = { longitude: 120.2, latitude: 29.7, datum: 'WGS-84' as const };
    expect(compareCoordinates(a, b).level).toBe('far');
  });
});
