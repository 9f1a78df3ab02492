import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSourceDate, parseSourceDateTime } from '../../../../functions/resolution/normalise/datetime.js';
import { anySourceValue } from './source-values.js';

const ISO_BEIJING = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('parseSourceDateTime', () => {
  it.each([
    ['2024-03-05 14:22:10', '2024-03-05T14:22:10+08:00', 'second'],
    ['2024-03-05T14:22:10+08:00', '2024-03-05T14:22:10+08:00', 'second'],
    ['2024/3/5 14:22', '2024-03-05T14:22:00+08:00', 'minute'],
    ['2024年3月5日', '2024-03-05T00:00:00+08:00', 'date'],
    ['2024年3月5日14时22分', '2024-03-05T14:22:00+08:00', 'minute'],
    ['2024年3月5日14时22分10秒', '2024-03-05T14:22:10+08:00', 'second'],
    ['2024年03月05日 14:22:10', '2024-03-05T14:22:10+08:00', 'second'],
    ['20240305142210', '2024-03-05T14:22:10+08:00', 'second'],
    ['20240305', '2024-03-05T00:00:00+08:00', 'date'],
    ['2024-03-05', '2024-03-05T00:00:00+08:00', 'date'],
    ['2024-03-05 14:22:10.0', '2024-03-05T14:22:10+08:00', 'second'],
  ] as const)('reads %s as Beijing time', (given, iso, precision) => {
    expect(parseSourceDateTime(given)).toEqual({ ok: true, iso, precision });
  });

  it('converts any other offset or Z to Beijing time', () => {
    expect(parseSourceDateTime('2024-03-05T06:22:10Z')).toMatchObject({ iso: '2024-03-05T14:22:10+08:00' });
    expect(parseSourceDateTime('2024-03-05T01:22:10-05:00')).toMatchObject({
      iso: '2024-03-05T14:22:10+08:00',
    });
    expect(parseSourceDateTime('2024-03-05T23:30:00+0000')).toMatchObject({
      iso: '2024-03-06T07:30:00+08:00',
    });
  });

  it('reads epoch milliseconds given as a number or as a 13-digit string', () => {
    const millis = Date.parse('2024-03-05T14:22:10+08:00');
    expect(parseSourceDateTime(millis)).toEqual({
      ok: true,
      iso: '2024-03-05T14:22:10+08:00',
      precision: 'second',
    });
    expect(parseSourceDateTime(String(millis))).toMatchObject({ iso: '2024-03-05T14:22:10+08:00' });
  });

  it('reads a compact date that arrived as a JSON number', () => {
    expect(parseSourceDateTime(20240305)).toMatchObject({
      iso: '2024-03-05T00:00:00+08:00',
      precision: 'date',
    });
    expect(parseSourceDateTime(20240305142210)).toMatchObject({ iso: '2024-03-05T14:22:10+08:00' });
  });

  it('reads full-width digits and ignores stray whitespace', () => {
    expect(parseSourceDateTime('２０２４－０３－０５　１４：２２：１０')).toMatchObject({
      iso: '2024-03-05T14:22:10+08:00',
    });
    expect(parseSourceDateTime(' \t2024-03-05 14:22:10\n')).toMatchObject({
      iso: '2024-03-05T14:22:10+08:00',
    });
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseSourceDateTime('2024-02-29')).toMatchObject({ ok: true, iso: '2024-02-29T00:00:00+08:00' });
  });

  it('rejects an impossible day and shows the value', () => {
    const parsed = parseSourceDateTime('2024-02-30');
    expect(parsed.ok).toBe(false);
    expect(parsed).toMatchObject({ reason: expect.stringContaining('"2024-02-30"') });
    expect(parsed).toMatchObject({ reason: expect.stringContaining('day 30') });
  });

  it('rejects month 13, hour 24 and 29 February of a common year', () => {
    expect(parseSourceDateTime('2024-13-01')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('month 13'),
    });
    expect(parseSourceDateTime('2024-03-05 24:00')).toMatchObject({ ok: false });
    expect(parseSourceDateTime('20230229')).toMatchObject({ ok: false });
  });

  it('rejects text that is no date and says which forms are expected', () => {
    expect(parseSourceDateTime('昨天下午')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/unrecognised date\/time "昨天下午".*2024-03-05 14:22:10/),
    });
  });

  it('rejects epoch seconds with a hint to send milliseconds', () => {
    expect(parseSourceDateTime('1709619730')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('epoch seconds'),
    });
  });

  it('rejects empty values and values of the wrong type', () => {
    expect(parseSourceDateTime('  ')).toEqual({ ok: false, reason: 'date/time is empty' });
    expect(parseSourceDateTime(null)).toMatchObject({ ok: false, reason: expect.stringContaining('null') });
    expect(parseSourceDateTime(true)).toMatchObject({ ok: false });
    expect(parseSourceDateTime(Number.NaN)).toMatchObject({ ok: false });
  });

  it('never throws, and every accepted value comes out in the one Beijing form', () => {
    fc.assert(
      fc.property(anySourceValue, (value) => {
        const parsed = parseSourceDateTime(value);
        if (parsed.ok) expect(parsed.iso).toMatch(ISO_BEIJING);
        else expect(parsed.reason).not.toBe('');
      }),
    );
  });

  it('reads back every instant it writes', () => {
    // From 1971: a number of 8 digits (the first day of 1970 in epoch ms) is read as a compact date.
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const millis = Math.floor(d.getTime() / 1000) * 1000;
          const first = parseSourceDateTime(millis);
          expect(first.ok).toBe(true);
          if (first.ok) expect(Date.parse(first.iso)).toBe(millis);
          if (first.ok) expect(parseSourceDateTime(first.iso)).toEqual(first);
        },
      ),
    );
  });
});

describe('parseSourceDate', () => {
  it('gives the Beijing calendar day of any accepted form', () => {
    expect(parseSourceDate('2024年3月20日')).toEqual({ ok: true, date: '2024-03-20' });
    expect(parseSourceDate('2024-03-20 15:00:00')).toEqual({ ok: true, date: '2024-03-20' });
    expect(parseSourceDate('2024-03-20T17:00:00Z')).toEqual({ ok: true, date: '2024-03-21' });
  });

  it('rejects an impossible date with the same reason as the date/time parser', () => {
    expect(parseSourceDate('2024-02-30')).toEqual(parseSourceDateTime('2024-02-30'));
  });

  it('never throws', () => {
    fc.assert(fc.property(anySourceValue, (value) => void parseSourceDate(value)));
  });
});
