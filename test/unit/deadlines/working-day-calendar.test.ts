import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOLIDAY_NOTICES } from '../../../functions/deadlines/china-holidays.js';
import {
  addCalendarDays,
  addHours,
  addWorkingDays,
  calendarCovers,
  isWorkingDay,
} from '../../../functions/deadlines/working-day-calendar.js';

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('isWorkingDay', () => {
  it('counts an ordinary Monday to Friday and not an ordinary weekend', () => {
    expect(isWorkingDay('2024-03-06')).toBe(true); // Wednesday
    expect(isWorkingDay('2024-03-09')).toBe(false); // Saturday
    expect(isWorkingDay('2024-03-10')).toBe(false); // Sunday
  });

  it('gives the whole 2024 Spring Festival off, 10 to 17 February', () => {
    for (let day = 10; day <= 17; day++) expect(isWorkingDay(`2024-02-${day}`)).toBe(false);
    expect(isWorkingDay('2024-02-09')).toBe(true); // 除夕, a Friday, is not an official day off in 2024
  });

  it('counts the 2024 Spring Festival make-up Sundays, 4 and 18 February, as working days', () => {
    expect(weekdayOf('2024-02-04')).toBe(0);
    expect(weekdayOf('2024-02-18')).toBe(0);
    expect(isWorkingDay('2024-02-04')).toBe(true);
    expect(isWorkingDay('2024-02-18')).toBe(true);
  });

  it('follows the 2024 Labour Day and National Day notices', () => {
    for (const off of ['2024-05-01', '2024-05-03', '2024-05-05', '2024-10-01', '2024-10-04', '2024-10-07']) {
      expect(isWorkingDay(off)).toBe(false);
    }
    for (const worked of ['2024-04-28', '2024-05-11', '2024-09-29', '2024-10-12']) {
      expect(isWorkingDay(worked)).toBe(true);
    }
  });

  it('follows the 2023, 2025 and 2026 notices', () => {
    expect(isWorkingDay('2023-01-02')).toBe(false); // 元旦 Monday
    expect(isWorkingDay('2023-01-28')).toBe(true); // make-up Saturday
    expect(isWorkingDay('2023-10-08')).toBe(true); // make-up Sunday
    expect(isWorkingDay('2025-02-04')).toBe(false); // Spring Festival Tuesday
    expect(isWorkingDay('2025-02-08')).toBe(true); // make-up Saturday
    expect(isWorkingDay('2025-10-08')).toBe(false); // National Day and Mid-Autumn, Wednesday
    expect(isWorkingDay('2026-01-04')).toBe(true); // make-up Sunday
    expect(isWorkingDay('2026-02-23')).toBe(false); // Spring Festival Monday
    expect(isWorkingDay('2026-02-28')).toBe(true); // make-up Saturday
  });

  it('lists only weekend days as make-up workdays and no day as both off and worked', () => {
    for (const notice of HOLIDAY_NOTICES) {
      for (const worked of notice.workdays) {
        expect([0, 6], `${worked} in ${notice.notice}`).toContain(weekdayOf(worked));
        expect(isWorkingDay(worked)).toBe(true);
        for (const [from, to] of notice.daysOff) expect(worked < from || worked > to).toBe(true);
      }
    }
  });

  it('falls back to weekends only for a year without a notice', () => {
    expect(calendarCovers(2030)).toBe(false);
    expect(isWorkingDay('2030-10-01')).toBe(true); // a Tuesday; the holiday is unknown
    expect(isWorkingDay('2030-10-05')).toBe(false); // a Saturday
  });

  it('rejects a malformed or impossible date', () => {
    expect(() => isWorkingDay('2024-02-30')).toThrow(/invalid date "2024-02-30"/);
    expect(() => isWorkingDay('2024/3/5')).toThrow(RangeError);
  });
});

describe('calendarCovers', () => {
  it('covers 2023 to 2026', () => {
    for (const year of [2023, 2024, 2025, 2026]) expect(calendarCovers(year)).toBe(true);
    expect(calendarCovers(2022)).toBe(false);
  });
});

describe('addWorkingDays', () => {
  it('counts from the day after the start, whatever the hour', () => {
    expect(addWorkingDays('2024-03-06T10:02:00+08:00', 5)).toBe('2024-03-13T23:59:59+08:00');
    expect(addWorkingDays('2024-03-06T23:59:00+08:00', 1)).toBe('2024-03-07T23:59:59+08:00');
  });

  it('skips the 2024 Spring Festival and counts the make-up Sunday', () => {
    expect(addWorkingDays('2024-02-09T10:00:00+08:00', 1)).toBe('2024-02-18T23:59:59+08:00');
    expect(addWorkingDays('2024-02-08T10:00:00+08:00', 5)).toBe('2024-02-21T23:59:59+08:00');
  });

  it('counts a make-up Sunday before the holiday', () => {
    expect(addWorkingDays('2024-02-03T09:00:00+08:00', 1)).toBe('2024-02-04T23:59:59+08:00');
  });

  it('skips a weekend', () => {
    expect(addWorkingDays('2024-03-08T17:00:00+08:00', 1)).toBe('2024-03-11T23:59:59+08:00');
  });

  it('reads the start in Beijing time', () => {
    // 2024-03-08T17:00Z is Saturday 01:00 in Beijing: the next working day is Monday.
    expect(addWorkingDays('2024-03-08T17:00:00Z', 1)).toBe('2024-03-11T23:59:59+08:00');
  });

  it('gives the end of the start day for zero days', () => {
    expect(addWorkingDays('2024-03-06T10:02:00+08:00', 0)).toBe('2024-03-06T23:59:59+08:00');
  });

  it('rejects negative or fractional days and an unreadable start', () => {
    expect(() => addWorkingDays('2024-03-06T10:02:00+08:00', -1)).toThrow(/whole number/);
    expect(() => addWorkingDays('2024-03-06T10:02:00+08:00', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('soon', 1)).toThrow(/cannot count a deadline/);
  });

  it('always lands on a working day after the start', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2023-01-01'), max: new Date('2026-10-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 30 }),
        (start, days) => {
          const due = addWorkingDays(start.toISOString(), days);
          expect(isWorkingDay(due.slice(0, 10))).toBe(true);
          expect(Date.parse(due)).toBeGreaterThan(start.getTime());
        },
      ),
    );
  });
});

describe('addCalendarDays', () => {
  it('gives the end of the day that many days later, holidays included', () => {
    expect(addCalendarDays('2024-03-21T00:00:00+08:00', 60)).toBe('2024-05-20T23:59:59+08:00');
    expect(addCalendarDays('2024-02-09T10:00:00+08:00', 1)).toBe('2024-02-10T23:59:59+08:00');
  });

  it('accepts a bare date', () => {
    expect(addCalendarDays('2024-03-15', 30)).toBe('2024-04-14T23:59:59+08:00');
  });
});

describe('addHours', () => {
  it('adds exact hours across midnight in Beijing time', () => {
    expect(addHours('2024-03-06T23:02:00+08:00', 2)).toBe('2024-03-07T01:02:00+08:00');
  });

  it('converts a start in another zone', () => {
    expect(addHours('2024-03-06T15:02:00Z', 2)).toBe('2024-03-07T01:02:00+08:00');
  });

  it('rejects a non-finite number of hours', () => {
    expect(() => addHours('2024-03-06T15:02:00Z', Number.NaN)).toThrow(/finite/);
  });
});
