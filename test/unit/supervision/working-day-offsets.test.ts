import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from '../../../functions/deadlines/working-day-calendar.js';
import {
  endOfWorkingDaysAfter,
  startOfLastWorkingDays,
  workingDaysOverdue,
} from '../../../functions/deadlines/working-day-offsets.js';
import { inTimeZone } from './support.js';

describe('startOfLastWorkingDays', () => {
  it('is the due instant itself for 0', () => {
    expect(startOfLastWorkingDays('2024-03-13T18:00:00+08:00', 0)).toBe('2024-03-13T18:00:00+08:00');
    expect(startOfLastWorkingDays('2024-03-13T10:00:00Z', 0)).toBe('2024-03-13T18:00:00+08:00');
  });

  it('counts the due day when it is a working day', () => {
    expect(startOfLastWorkingDays('2024-03-13T18:00:00+08:00', 1)).toBe('2024-03-13T00:00:00+08:00');
    expect(startOfLastWorkingDays('2024-03-13T18:00:00+08:00', 3)).toBe('2024-03-11T00:00:00+08:00');
  });

  it('steps over National Day 2024 and counts the make-up Sunday 29 September', () => {
    expect(startOfLastWorkingDays('2024-10-08T23:59:59+08:00', 2)).toBe('2024-09-30T00:00:00+08:00');
    expect(startOfLastWorkingDays('2024-10-08T23:59:59+08:00', 3)).toBe('2024-09-29T00:00:00+08:00');
  });

  it('counts the make-up Saturday 12 October 2024', () => {
    expect(startOfLastWorkingDays('2024-10-14T23:59:59+08:00', 2)).toBe('2024-10-12T00:00:00+08:00');
  });

  it('starts from the working day before a deadline that falls on a day off', () => {
    // 2024-05-04 is inside the Labour Day holiday; the last working day before it is Tuesday 30 April.
    expect(startOfLastWorkingDays('2024-05-04T23:59:59+08:00', 1)).toBe('2024-04-30T00:00:00+08:00');
  });

  it('reads the due day in Beijing time, not the instant’s UTC day', () => {
    // 2024-03-12T16:30Z is 00:30 on Wednesday 13 March in Beijing.
    expect(startOfLastWorkingDays('2024-03-12T16:30:00Z', 1)).toBe('2024-03-13T00:00:00+08:00');
  });

  it('always starts on a working day, no later than the due instant, with n working days from there', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2023-01-05T00:00:00Z'),
          max: new Date('2026-12-20T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 10 }),
        (due, n) => {
          const dueIso = due.toISOString();
          const start = startOfLastWorkingDays(dueIso, n);
          expect(isWorkingDay(start.slice(0, 10))).toBe(true);
          expect(Date.parse(start)).toBeLessThanOrEqual(due.getTime());
          // n - 1 working days after the start day reach the due day (or pass it when the due day is off).
          const reached = addWorkingDays(start, n - 1).slice(0, 10);
          const dueDay = new Date(due.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
          if (isWorkingDay(dueDay)) expect(reached).toBe(dueDay);
          else expect(reached < dueDay && addWorkingDays(start, n).slice(0, 10) > dueDay).toBe(true);
        },
      ),
    );
  });
});

describe('endOfWorkingDaysAfter and workingDaysOverdue', () => {
  it('is the due instant for 0 and the end of the m-th working day after for m', () => {
    expect(endOfWorkingDaysAfter('2024-09-30T23:59:59+08:00', 0)).toBe('2024-09-30T23:59:59+08:00');
    expect(endOfWorkingDaysAfter('2024-09-30T23:59:59+08:00', 1)).toBe('2024-10-08T23:59:59+08:00');
  });

  it('counts whole working days passed since the deadline, holidays left out', () => {
    const due = '2024-09-30T23:59:59+08:00';
    expect(workingDaysOverdue(due, '2024-09-30T23:59:59+08:00')).toBe(0);
    expect(workingDaysOverdue(due, '2024-10-07T23:00:00+08:00')).toBe(0);
    expect(workingDaysOverdue(due, '2024-10-08T23:00:00+08:00')).toBe(0);
    expect(workingDaysOverdue(due, '2024-10-09T00:00:00+08:00')).toBe(1);
    expect(workingDaysOverdue(due, '2024-10-12T12:00:00+08:00')).toBe(4); // 8, 9, 10, 11; the 12th is in progress
    expect(workingDaysOverdue(due, '2024-10-13T12:00:00+08:00')).toBe(5); // Saturday 12 was a make-up workday
  });

  it('gives the same answers in any process time zone', () => {
    const values = () => [
      startOfLastWorkingDays('2024-10-08T23:59:59+08:00', 3),
      workingDaysOverdue('2024-09-30T23:59:59+08:00', '2024-10-13T12:00:00+08:00'),
    ];
    expect(inTimeZone('America/New_York', values)).toEqual(values());
    expect(inTimeZone('Pacific/Kiritimati', values)).toEqual(values());
  });
});
