// China's official working-day calendar (public holidays and make-up workdays) and deadline arithmetic in Beijing time.
// @see 全国年节及纪念日放假办法 and the State Council's yearly notices in ./china-holidays.ts
//
// Coverage: the years listed in china-holidays.ts (2023–2026). For any other year there is no notice to read, so
// every Monday–Friday counts as a working day and every Saturday and Sunday as a day off (weekends only): holidays in
// such a year are not known, so deadlines computed for it may be a few days early. `calendarCovers(year)` says which.
import { parseSourceDateTime } from '../resolution/normalise/datetime.js';
import { HOLIDAY_NOTICES } from './china-holidays.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const BEIJING_OFFSET_MS = 8 * HOUR_MS;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const coveredYears = new Set(HOLIDAY_NOTICES.map((n) => n.year));
const daysOff = new Set(
  HOLIDAY_NOTICES.flatMap((n) => n.daysOff.flatMap(([from, to]) => datesBetween(from, to))),
);
const makeUpWorkdays = new Set(HOLIDAY_NOTICES.flatMap((n) => n.workdays));

/** True when the calendar holds the State Council notice for the year (else that year counts weekends only). */
export function calendarCovers(year: number): boolean {
  return coveredYears.has(year);
}

/** Whether a Beijing calendar day (`YYYY-MM-DD`) is an official working day, make-up workdays (调休上班) included. */
export function isWorkingDay(date: string): boolean {
  const day = dayNumberOf(date);
  if (makeUpWorkdays.has(date)) return true;
  if (daysOff.has(date)) return false;
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The end (23:59:59 Beijing time) of the `days`-th working day after the day of `fromIso`; the start day itself never
 * counts, whatever the hour. `addWorkingDays('2024-02-09T10:00:00+08:00', 1)` is `2024-02-18T23:59:59+08:00`
 * (Spring Festival off from the 10th to the 17th, the 18th a make-up Sunday).
 */
export function addWorkingDays(fromIso: string, days: number): string {
  requireWholeDays(days, 'working');
  let day = dayNumberOf(beijingDateOf(fromIso));
  for (let counted = 0; counted < days; ) {
    day += 1;
    if (isWorkingDay(dateOf(day))) counted += 1;
  }
  return `${dateOf(day)}T23:59:59+08:00`;
}

/** The end (23:59:59 Beijing time) of the calendar day `days` days after the day of `fromIso`. */
export function addCalendarDays(fromIso: string, days: number): string {
  requireWholeDays(days, 'calendar');
  return `${dateOf(dayNumberOf(beijingDateOf(fromIso)) + days)}T23:59:59+08:00`;
}

/** The instant exactly `hours` hours after `fromIso`, as `YYYY-MM-DDTHH:mm:ss+08:00`. */
export function addHours(fromIso: string, hours: number): string {
  if (!Number.isFinite(hours)) throw new RangeError(`cannot add ${hours} hours; expected a finite number`);
  const beijing = new Date(instantOf(fromIso) + hours * HOUR_MS + BEIJING_OFFSET_MS).toISOString();
  return `${beijing.slice(0, 19)}+08:00`;
}

function requireWholeDays(days: number, kind: string): void {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`cannot add ${days} ${kind} days; expected a whole number of 0 or more`);
  }
}

/** Milliseconds since the epoch of an ISO date/time (or any form the source date parser accepts). */
function instantOf(fromIso: string): number {
  const parsed = parseSourceDateTime(fromIso);
  if (!parsed.ok) throw new RangeError(`cannot count a deadline: ${parsed.reason}`);
  return Date.parse(parsed.iso);
}

function beijingDateOf(fromIso: string): string {
  return new Date(instantOf(fromIso) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws on anything else. */
function dayNumberOf(date: string): number {
  const m = DATE.exec(date);
  const millis = m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(millis) || new Date(millis).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`invalid date "${date}"; expected a real date as YYYY-MM-DD`);
  }
  return millis / DAY_MS;
}

function dateOf(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = dayNumberOf(from); day <= dayNumberOf(to); day++) dates.push(dateOf(day));
  return dates;
}
