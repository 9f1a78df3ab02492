import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskName,
  namePinyinKey,
  normalisePersonName,
  surnameOf,
} from '../../../../functions/resolution/normalise/name.js';
import { anySourceValue } from './source-values.js';

describe('normalisePersonName', () => {
  it('reads a full name with its surname', () => {
    expect(normalisePersonName('张伟')).toEqual({
      asGiven: '张伟',
      normalised: '张伟',
      form: 'full',
      surname: '张',
    });
  });

  it('converts traditional characters to simplified and keeps the name as given', () => {
    expect(normalisePersonName(' 張偉 ')).toEqual({
      asGiven: '張偉',
      normalised: '张伟',
      form: 'full',
      surname: '张',
    });
    expect(normalisePersonName('歐陽娜娜')).toMatchObject({ normalised: '欧阳娜娜', surname: '欧阳' });
  });

  it('removes spaces inside a Chinese name and makes it half-width', () => {
    expect(normalisePersonName('张　伟')).toMatchObject({ normalised: '张伟' });
    expect(normalisePersonName('张 三 丰')).toMatchObject({ normalised: '张三丰' });
  });

  it.each([
    ['张先生', '张', '先生'],
    ['李女士', '李', '女士'],
    ['王大爷', '王', '大爷'],
    ['赵阿姨', '赵', '阿姨'],
    ['刘师傅', '刘', '师傅'],
    ['欧阳先生', '欧阳', '先生'],
    ['老张', '张', '老'],
    ['小李', '李', '小'],
  ])('reads %s as a surname with an honorific', (given, surname, honorific) => {
    expect(normalisePersonName(given)).toEqual({
      asGiven: given,
      normalised: given,
      form: 'surname-only',
      surname,
      honorific,
    });
  });

  it('keeps a nickname such as 小明 as a name, not as surname 明', () => {
    expect(normalisePersonName('小明')).toMatchObject({ form: 'full' });
  });

  it('reads a full name followed by an honorific and drops the honorific from the normalised name', () => {
    expect(normalisePersonName('张伟先生')).toEqual({
      asGiven: '张伟先生',
      normalised: '张伟',
      form: 'full',
      surname: '张',
      honorific: '先生',
    });
  });

  it.each(['张某', '张某某', '张*', '张**', '张XX', '张x'])('reads %s as masked with surname 张', (given) => {
    expect(normalisePersonName(given)).toMatchObject({ form: 'masked', surname: '张', normalised: given });
  });

  it('reads a masked compound surname whole', () => {
    expect(normalisePersonName('欧阳某某')).toMatchObject({ form: 'masked', surname: '欧阳' });
  });

  it('reads a name masked from the start as masked with no surname', () => {
    const name = normalisePersonName('*伟');
    expect(name).toMatchObject({ form: 'masked' });
    expect(name).not.toHaveProperty('surname');
  });

  it.each([
    ['欧阳娜娜', '欧阳'],
    ['司马懿', '司马'],
    ['诸葛亮', '诸葛'],
    ['上官婉儿', '上官'],
    ['慕容复', '慕容'],
  ])('keeps the compound surname of %s whole', (given, surname) => {
    expect(normalisePersonName(given)).toMatchObject({ form: 'full', surname });
  });

  it.each([
    '阿依古丽·买买提',
    '阿依古丽•买买提',
    '阿依古丽.买买提',
    '阿依古丽．买买提',
    '阿依古丽・买买提',
    '阿依古丽 · 买买提',
  ])('unifies the middle dot of %s and gives no surname', (given) => {
    const name = normalisePersonName(given);
    expect(name).toEqual({ asGiven: given, normalised: '阿依古丽·买买提', form: 'full' });
  });

  it('reads a minority name with masked characters as masked', () => {
    expect(normalisePersonName('阿依古丽·买**')).toEqual({
      asGiven: '阿依古丽·买**',
      normalised: '阿依古丽·买**',
      form: 'masked',
    });
  });

  it.each(['', '   ', '匿名', '无', '不详', '***', '某某', '先生'])(
    'gives undefined for the anonymous %j',
    (given) => {
      expect(normalisePersonName(given)).toBeUndefined();
    },
  );

  it('gives undefined for values that are not strings', () => {
    for (const value of [null, undefined, 42, true, ['张伟'], {}])
      expect(normalisePersonName(value)).toBeUndefined();
  });

  it('never throws and never gives an empty name', () => {
    fc.assert(
      fc.property(anySourceValue, (value) => {
        const name = normalisePersonName(value);
        if (name === undefined) return;
        expect(name.normalised).not.toBe('');
        expect(name.form).not.toBe('empty');
      }),
    );
  });

  it('folds dots separated by spaces into one middle dot, so normalising again changes nothing', () => {
    expect(normalisePersonName('0.\t.0')?.normalised).toBe('0·0');
    expect(normalisePersonName('阿依古丽 . ・ 买买提')?.normalised).toBe('阿依古丽·买买提');
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(anySourceValue, (value) => {
        const name = normalisePersonName(value);
        if (name?.normalised === undefined || name.form !== 'full') return;
        expect(normalisePersonName(name.normalised)?.normalised).toBe(name.normalised);
      }),
    );
  });
});

describe('surnameOf', () => {
  it('gives the surname, compound surnames whole', () => {
    expect(surnameOf('张伟')).toBe('张');
    expect(surnameOf('欧阳娜娜')).toBe('欧阳');
    expect(surnameOf('王大爷')).toBe('王');
    expect(surnameOf('老张')).toBe('张');
    expect(surnameOf('張偉')).toBe('张');
  });

  it('gives no surname for a middle-dot name or an empty one', () => {
    expect(surnameOf('阿依古丽·买买提')).toBeUndefined();
    expect(surnameOf('')).toBeUndefined();
  });
});

describe('maskName', () => {
  it('replaces each character of the given name with 某', () => {
    expect(maskName('张伟')).toBe('张某');
    expect(maskName('张三丰')).toBe('张某某');
    expect(maskName('欧阳娜娜')).toBe('欧阳某某');
  });

  it('keeps the first character and the middle dot of a minority name', () => {
    expect(maskName('阿依古丽·买买提')).toBe('阿某某某·某某某');
  });

  it('leaves a surname with honorific and an already masked name as they are', () => {
    expect(maskName('张先生')).toBe('张先生');
    expect(maskName('张某某')).toBe('张某某');
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void maskName(s)));
  });
});

describe('namePinyinKey', () => {
  it('gives toneless pinyin without spaces', () => {
    expect(namePinyinKey('张伟')).toBe('zhangwei');
    expect(namePinyinKey('欧阳娜娜')).toBe('ouyangnana');
  });

  it('gives homophones the same key', () => {
    expect(namePinyinKey('张维')).toBe(namePinyinKey('张伟'));
    expect(namePinyinKey('章伟')).toBe(namePinyinKey('张伟'));
  });

  it('gives traditional and simplified forms the same key', () => {
    expect(namePinyinKey('張偉')).toBe('zhangwei');
  });

  it('reads a surname with its surname pronunciation', () => {
    expect(namePinyinKey('单雄信')).toBe('shanxiongxin');
  });

  it('ignores the middle dot', () => {
    expect(namePinyinKey('阿依古丽•买买提')).toBe(namePinyinKey('阿依古丽·买买提'));
  });

  it('never throws and gives only lower-case letters and digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(namePinyinKey(s)).toMatch(/^[a-z0-9]*$/);
      }),
    );
  });
});
