import { describe, expect, it } from 'vitest';
import { maskRaw, maskText } from '../../../functions/privacy/mask-raw.js';

describe('maskRaw', () => {
  it('masks resident ID numbers and phones in fields and in free text', () => {
    expect(
      maskRaw({
        cusIdCard: '330681198203150011',
        cusPhone: '+86 13812345678',
        DSR: '李强(330681197907220036)、张伟',
        landline: '0575-87654321',
      }),
    ).toEqual({
      cusIdCard: '330681********0011',
      cusPhone: '+86 138****5678',
      DSR: '李强(330681********0036)、张伟',
      landline: '0575-****4321',
    });
  });

  it('masks legacy 15-digit and lower-case x numbers', () => {
    expect(maskText('330681820315001')).toBe('330681******001');
    expect(maskText('11010519491231002x')).toBe('110105********002x');
  });

  it('leaves case ids, call ids, dates and epoch milliseconds alone', () => {
    const record = {
      ajbs: '330620249901000825',
      JJDBH: '3306812024030500123',
      BJSJ: '20240313193522',
      t: 1709604130000,
    };
    expect(maskRaw(record)).toEqual(record);
  });
});
