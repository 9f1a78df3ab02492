/** Deadlines as sources state them (a date or date-time field) or as their contracts count them (N days after a date). */
import { addCalendarDays } from '../../functions/deadlines/working-day-calendar.js';
import { parseSourceDateTime } from '../../functions/resolution/normalise/datetime.js';
import type { Deadline } from '../../schemas/generated/types.js';
import type { Findings } from './findings.js';
import { isBlank, show } from './raw-values.js';

export interface ExplicitDeadlineField {
  value: unknown;
  /** The field's path in the record (bjqx, sx). */
  path: string;
  /** What the field is, in the source's words: `办结期限`. */
  label: string;
}

/**
 * The deadline a source field states: a date alone is due at 23:59:59 that day. Undefined when the field is empty, or
 * unusable (then with a warning, the value kept in sourceAttributes under the field's name).
 */
export function explicitDeadline(field: ExplicitDeadlineField, findings: Findings): Deadline | undefined {
  if (isBlank(field.value)) return undefined;
  const parsed = parseSourceDateTime(field.value);
  if (!parsed.ok) {
    findings.warn(
      field.path,
      `${field.path} ${show(field.value)} is not usable (${parsed.reason}); the contract's rule deadline applies ` +
        `when there is one, and the value is kept in sourceAttributes.${field.path}`,
    );
    findings.keep(field.path, field.value);
    return undefined;
  }
  const dateOnly = parsed.precision === 'date';
  return {
    dueAt: dateOnly ? endOfDay(parsed.iso) : parsed.iso,
    basis: {
      kind: 'explicit',
      sourceField: field.path,
      rule: dateOnly
        ? `${field.path} given by the source (${field.label}) as a date alone: due at the end of that day`
        : `${field.path} given by the source (${field.label})`,
    },
  };
}

/**
 * The end (23:59:59 Beijing time) of the `days`-th calendar day after `fromIso`, with the basis that says so.
 * Throws only on an unusable `fromIso`, which callers have parsed already.
 */
export function calendarDaysAfter(days: number, fromIso: string, rule: string): Deadline {
  return {
    dueAt: addCalendarDays(fromIso, days),
    basis: { kind: 'calendar-days', amount: days, from: fromIso, rule },
  };
}

/** 23:59:59 Beijing time on the day of an ISO date-time. */
export function endOfDay(iso: string): string {
  return `${iso.slice(0, 10)}T23:59:59+08:00`;
}
