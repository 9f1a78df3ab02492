import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  isNoValuePlaceholder,
  toHalfWidth,
  trimSpace,
} from '../../../../functions/resolution/normalise/text.js';
import { anySourceValue } from './source-values.js';

describe('toHalfWidth', () => {
  it('turns full-width digits, letters and punctuation into ASCII', () => {
    expect(toHalfWidth('１３８１２３４５６７８')).toBe('13812345678');
    expect(toHalfWidth('（２０２４）浙０６８１民初１２３号')).toBe('(2024)浙0681民初123号');
    expect(toHalfWidth('ＡＢｘ！～')).toBe('ABx!~');
  });

  it('turns the ideographic space into a space and leaves Chinese characters alone', () => {
    expect(toHalfWidth('枫桥镇\u3000枫源村，三组')).toBe('枫桥镇 枫源村,三组');
  });
});

describe('cleanText', () => {
  it('trims spaces, tabs, newlines, NBSP and ideographic spaces', () => {
    expect(cleanText(' \t张伟\u3000\n')).toBe('张伟');
    expect(cleanText('\u00A0ZJ2403060381\uFEFF')).toBe('ZJ2403060381');
  });

  it('keeps spaces inside the text', () => {
    expect(cleanText(' 138 1234 5678 ')).toBe('138 1234 5678');
  });

  it('makes full-width text half-width', () => {
    expect(cleanText('　３３０６８１　')).toBe('330681');
  });

  it('turns finite numbers into their decimal string', () => {
    expect(cleanText(13812345678)).toBe('13812345678');
    expect(cleanText(0)).toBe('0');
    expect(cleanText(1.5)).toBe('1.5');
  });

  it('gives undefined for empty and whitespace-only strings', () => {
    expect(cleanText('')).toBeUndefined();
    expect(cleanText(' \u3000\t\n')).toBeUndefined();
  });

  it('gives undefined for null, booleans, objects, arrays and non-finite numbers', () => {
    for (const value of [null, undefined, true, {}, ['x'], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(cleanText(value)).toBeUndefined();
    }
  });

  it('never throws and never returns an empty or untrimmed string', () => {
    fc.assert(
      fc.property(anySourceValue, (value) => {
        const cleaned = cleanText(value);
        if (cleaned !== undefined) expect(cleaned).toBe(trimSpace(cleaned).trim());
        expect(cleaned).not.toBe('');
      }),
    );
  });
});

describe('isNoValuePlaceholder', () => {
  it('recognises the words sources write instead of leaving a field empty', () => {
    for (const word of ['无', '不详', '暂无', 'N/A', 'null', '-'])
      expect(isNoValuePlaceholder(word)).toBe(true);
  });

  it('does not take a real value for a placeholder', () => {
    expect(isNoValuePlaceholder('13812345678')).toBe(false);
    expect(isNoValuePlaceholder('无锡')).toBe(false);
  });
});
