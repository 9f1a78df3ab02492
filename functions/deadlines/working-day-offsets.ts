// Instants measured in working days around a deadline, in Beijing time: where "the last N working days before it"
// begin and how many whole working days have passed since it. Supervision (督办) thresholds are built from these.
// Same calendar and conventions as ./working-day-calendar.ts (days are Beijing calendar days; a day ends 23:59:59).
import { addWorkingDays, isWorkingDay } from './working-day-calendar.js';

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * The start (00:00:00 Beijing time) of the `n`-th last working day on or before the day of `dueIso`: from that
 * instant on, at most `n` working days remain. `n = 0` is the due instant itself. For a deadline on a day off (a
 * calendar-day count ending on a Sunday) the last working day is the one before it.
 * `startOfLastWorkingDays('2024-10-08T23:59:59+08:00', 2)` is `2024-09-30T00:00:00+08:00` (National Day in between).
 */
export function startOfLastWorkingDays(dueIso: string, n: number): string {
  requireWholeDays(n);
  if (n === 0) return beijingIso(instantOf(dueIso));
  let day = beijingDayOf(instantOf(dueIso));
  let counted = isWorkingDay(dateOf(day)) ? 1 : 0;
  while (counted < n) {
    day -= 1;
    if (isWorkingDay(dateOf(day))) counted += 1;
  }
  return `${dateOf(day)}T00:00:00+08:00`;
}

/**
 * The instant `m` whole working days after `dueIso`: the due instant itself for 0, else the end of the `m`-th working
 * day after the due day (the rest of the due day never counts as a working day overdue).
 */
export function endOfWorkingDaysAfter(dueIso: string, m: number): string {
  requireWholeDays(m);
  return m === 0 ? beijingIso(instantOf(dueIso)) : addWorkingDays(dueIso, m);
}

/** Whole working days that have ended between the due day and `nowIso` (0 until the first one after it ends). */
export function workingDaysOverdue(dueIso: string, nowIso: string): number {
  const now = instantOf(nowIso);
  if (now <= instantOf(dueIso)) return 0;
  let count = 0;
  // A day has ended when the next day has begun: count working days strictly between the due day and today.
  for (let day = beijingDayOf(instantOf(dueIso)) + 1; day < beijingDayOf(now); day++) {
    if (isWorkingDay(dateOf(day))) count += 1;
  }
  return count;
}

/** `YYYY-MM-DDTHH:mm:ss+08:00` of an instant. */
export function beijingIso(instant: number): string {
  return `${new Date(instant + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Milliseconds since the epoch of an ISO 8601 date-time with an offset; throws on anything else. */
export function instantOf(iso: string): number {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis) || !/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) {
    throw new RangeError(`"${iso}" is not an ISO 8601 date-time with an offset`);
  }
  return millis;
}

function beijingDayOf(instant: number): number {
  return Math.floor((instant + BEIJING_OFFSET_MS) / DAY_MS);
}

function dateOf(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function requireWholeDays(days: number): void {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`cannot count ${days} working days; expected a whole number of 0 or more`);
  }
}
