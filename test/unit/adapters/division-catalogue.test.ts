/** The statistical division catalogue: codes, and the finest division an address names. */
import { describe, expect, it } from 'vitest';
import {
  canonicalDivisionCode,
  type Division,
  findDivisionByCode,
  levelOfDivisionCode,
  loadDivisions,
  matchDivisionInText,
} from '../../../adapters/engine/division-catalogue.js';

const aTown = (overrides: Partial<Division> = {}): Division => ({
  code: '330683100',
  name: '甘霖镇',
  level: 'town',
  parentCode: '330683',
  ...overrides,
});

describe('findDivisionByCode', () => {
  it('finds 枫桥镇 and 枫源村 by their 2023 statistical codes', () => {
    expect(findDivisionByCode('330681109')).toMatchObject({
      name: '枫桥镇',
      level: 'town',
      parentCode: '330681',
    });
    expect(findDivisionByCode('330681109290')).toMatchObject({
      name: '枫源村',
      level: 'village',
      officialName: '枫源村委会',
      parentCode: '330681109',
    });
  });

  it('finds the county, city and province above them', () => {
    expect(findDivisionByCode('330681')).toMatchObject({
      name: '诸暨市',
      level: 'county',
      parentCode: '330600',
    });
    expect(findDivisionByCode('330600')).toMatchObject({
      name: '绍兴市',
      level: 'city',
      parentCode: '330000',
    });
    expect(findDivisionByCode('330000')).toMatchObject({ name: '浙江省', level: 'province' });
  });

  it('reads a town code padded to 12 digits as the town', () => {
    expect(findDivisionByCode('330681109000')?.name).toBe('枫桥镇');
    expect(findDivisionByCode('330681000000')?.name).toBe('诸暨市');
  });

  it('knows every town and street of 诸暨市', () => {
    const towns = [
      '暨阳街道',
      '浣东街道',
      '陶朱街道',
      '暨南街道',
      '大唐街道',
      '店口镇',
      '枫桥镇',
      '东白湖镇',
      '东和乡',
    ];
    for (const town of towns) expect(matchDivisionInText(`诸暨市${town}`)?.level, town).toBe('town');
  });

  it('returns nothing for a code the catalogue lacks or a value that is no code', () => {
    expect(findDivisionByCode('330681109999')).toBeUndefined();
    expect(findDivisionByCode('33068')).toBeUndefined();
    expect(findDivisionByCode('枫桥镇')).toBeUndefined();
  });
});

describe('canonicalDivisionCode', () => {
  it('strips the zero padding of 12- and 9-digit forms', () => {
    expect(canonicalDivisionCode('330681109290')).toBe('330681109290');
    expect(canonicalDivisionCode('330681109000')).toBe('330681109');
    expect(canonicalDivisionCode('330681000000')).toBe('330681');
    expect(canonicalDivisionCode('330681000')).toBe('330681');
  });

  it('rejects values that are not 6, 9 or 12 digits', () => {
    for (const value of ['', '3306811', '33068110929', '33068110929X', '３３０６８１']) {
      expect(canonicalDivisionCode(value), value).toBeUndefined();
    }
  });
});

describe('levelOfDivisionCode', () => {
  it('tells the level from the length and trailing zeros', () => {
    expect(levelOfDivisionCode('330000')).toBe('province');
    expect(levelOfDivisionCode('330600')).toBe('city');
    expect(levelOfDivisionCode('330681')).toBe('county');
    expect(levelOfDivisionCode('330681109')).toBe('town');
    expect(levelOfDivisionCode('330681109290')).toBe('village');
  });
});

describe('matchDivisionInText', () => {
  const fengyuanVillage = { code: '330681109290', level: 'village', name: '枫源村' };

  it('finds the village in a full address', () => {
    expect(matchDivisionInText('诸暨市枫桥镇枫源村三组')).toEqual(fengyuanVillage);
    expect(matchDivisionInText('浙江省绍兴市诸暨市枫桥镇枫源村三组12号')).toEqual(fengyuanVillage);
  });

  it('finds a village named alone when its name is unique', () => {
    expect(matchDivisionInText('枫源村3组')).toEqual(fengyuanVillage);
  });

  it('tolerates stray whitespace inside the text', () => {
    expect(matchDivisionInText(' 诸暨市 枫桥镇\t枫源村\n')).toEqual(fengyuanVillage);
  });

  it('finds the town when the text names no village', () => {
    expect(matchDivisionInText('诸暨市枫桥镇')).toEqual({ code: '330681109', level: 'town', name: '枫桥镇' });
    expect(matchDivisionInText('枫桥镇人民政府对面')).toEqual({
      code: '330681109',
      level: 'town',
      name: '枫桥镇',
    });
  });

  it('finds the county from its short name', () => {
    expect(matchDivisionInText('浙江诸暨')).toEqual({ code: '330681', level: 'county', name: '诸暨市' });
  });

  it('tells apart two communities of one name by the street named with them', () => {
    expect(matchDivisionInText('店口镇江东社区')?.code).toBe('330681104008');
    expect(matchDivisionInText('暨阳街道江东社区')?.code).toBe('330681001001');
  });

  it('returns nothing for a name shared by two villages with nothing to tell them apart', () => {
    expect(matchDivisionInText('江东社区5幢')).toBeUndefined();
  });

  it('reads the longest name, not a shorter one inside it (东三新村, not 三新村)', () => {
    expect(matchDivisionInText('东三新村2组')?.code).toBe('330681109301');
    expect(matchDivisionInText('同山镇三新村')?.code).toBe('330681116247');
  });

  it('falls back to the town when a village lies under another town than the one named', () => {
    expect(matchDivisionInText('暨阳街道枫源村')).toEqual({
      code: '330681001',
      level: 'town',
      name: '暨阳街道',
    });
  });

  it('returns nothing when two towns are named and nothing decides', () => {
    expect(matchDivisionInText('枫桥镇转赵家镇')).toBeUndefined();
  });

  it('returns nothing for text that names no division', () => {
    expect(matchDivisionInText('')).toBeUndefined();
    expect(matchDivisionInText('人民路88号')).toBeUndefined();
  });
});

describe('loadDivisions', () => {
  it('adds divisions that both lookups then find', () => {
    loadDivisions([
      aTown(),
      aTown({ code: '330683100201', name: '前良村', level: 'village', parentCode: '330683100' }),
    ]);
    expect(findDivisionByCode('330683100')?.name).toBe('甘霖镇');
    expect(matchDivisionInText('嵊州市甘霖镇前良村')).toEqual({
      code: '330683100201',
      level: 'village',
      name: '前良村',
    });
  });

  it('replaces a division loaded again under the same code', () => {
    loadDivisions([aTown({ code: '330683101', name: '长乐镇' })]);
    loadDivisions([aTown({ code: '330683101', name: '长乐镇', aliases: ['长乐'] })]);
    expect(matchDivisionInText('嵊州长乐')?.code).toBe('330683101');
  });
});
