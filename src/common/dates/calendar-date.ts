import { DateTime } from 'luxon';

// Consultation dates are calendar dates in Europe/London, carried as 'YYYY-MM-DD' strings.
// Arithmetic is always in whole days: never hours or milliseconds (clock changes).
export const LONDON = 'Europe/London';
export type CalendarDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseCalendarDate(value: string): DateTime | undefined {
  if (!ISO_DATE.test(value)) return undefined;
  const date = DateTime.fromISO(value, { zone: LONDON });
  return date.isValid ? date : undefined;
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && parseCalendarDate(value) !== undefined;
}

function toDateTime(date: CalendarDate): DateTime {
  const parsed = parseCalendarDate(date);
  if (!parsed) throw new RangeError(`Not a calendar date: ${date}`);
  return parsed;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return toDateTime(date).plus({ days }).toISODate()!;
}

/** Whole calendar days from a to b (b - a). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round(toDateTime(b).diff(toDateTime(a), 'days').days);
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}

export function todayInLondon(now: Date): CalendarDate {
  return DateTime.fromJSDate(now, { zone: LONDON }).toISODate()!;
}

/** "3 March 2027" */
export function formatLongDate(date: CalendarDate): string {
  return cached(date, () => toDateTime(date).setLocale('en-GB').toFormat('d MMMM yyyy'));
}

/** "1–21 February 2027", "28 February – 3 March 2027", "30 December 2026 – 2 January 2027" */
export function formatDateRange(start: CalendarDate, end: CalendarDate): string {
  return cached(`${start}/${end}`, () => formatRange(start, end));
}

// Digests format the same few dates thousands of times, and luxon's formatting is not cheap.
const formatCache = new Map<string, string>();

function cached(key: string, format: () => string): string {
  let formatted = formatCache.get(key);
  if (formatted === undefined) {
    if (formatCache.size > 10_000) formatCache.clear();
    formatCache.set(key, (formatted = format()));
  }
  return formatted;
}

function formatRange(start: CalendarDate, end: CalendarDate): string {
  if (start === end) return formatLongDate(start);
  const a = toDateTime(start).setLocale('en-GB');
  const b = toDateTime(end).setLocale('en-GB');
  if (a.year !== b.year) return `${formatLongDate(start)} – ${formatLongDate(end)}`;
  if (a.month !== b.month) return `${a.toFormat('d MMMM')} – ${b.toFormat('d MMMM yyyy')}`;
  return `${a.toFormat('d')}–${b.toFormat('d MMMM yyyy')}`;
}
