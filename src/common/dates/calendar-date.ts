import { DateTime } from 'luxon';

// Consultation dates are calendar dates in Europe/London, carried as 'YYYY-MM-DD' strings.
// Arithmetic is always in whole days: never hours or milliseconds (clock changes).
export const LONDON = 'Europe/London';
export type CalendarDate = string;

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseCalendarDate(value: string): DateTime | undefined {
  if (!ISO_DATE.test(value)) return undefined;
  const date = DateTime.fromISO(value, { zone: LONDON });
  return date.isValid ? date : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The dates a member may send: windows, look-arounds and digest weeks are worked out from them,
// and past year 9999 those no longer fit a date. No consultation falls outside these.
const EARLIEST = '1900-01-01';
const LATEST = '2199-12-31';

/** Why a valid calendar date is refused as input, or undefined when it is within range. */
export function outOfRange(date: CalendarDate): string | undefined {
  return date < EARLIEST || date > LATEST ? `${date} is out of range: dates run from ${EARLIEST} to ${LATEST}` : undefined;
}

// Every date a request carries is checked here, so it is plain arithmetic: luxon's parse in
// the London zone cost more than the clash rules for a small register.
export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && !Number.isNaN(civilDay(value));
}

/**
 * Days since 1970-01-01 of a 'YYYY-MM-DD' that exists (leap days by the Gregorian rule), else
 * NaN. Read digit by digit: the clash rules turn thousands of fresh dates into day numbers in
 * each check, where a parse, or even a remembered answer looked up by string, showed in profiles.
 */
function civilDay(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return NaN;
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    if (i < 4) year = year * 10 + digit;
    else if (i < 7) month = month * 10 + digit;
    else day = day * 10 + digit;
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return NaN;
  // Howard Hinnant's days_from_civil: years counted from March, in 400-year eras.
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

// Whole-day arithmetic on calendar dates is the same in every zone, so it runs in UTC: a fixed
// zone skips the offset look-ups that made London-zoned arithmetic the clash rules' hot spot.
function toDateTime(date: CalendarDate): DateTime {
  const parsed = ISO_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : undefined;
  if (!parsed?.isValid) throw new RangeError(`Not a calendar date: ${date}`);
  return parsed;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateOfDay(dayNumber(date) + days);
}

/** The same day `months` calendar months later (earlier when negative), the last of a shorter month where it has no such day. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return toDateTime(date).plus({ months }).toISODate()!;
}

/** Whole calendar days from a to b (b - a). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(b) - dayNumber(a);
}

// The clash rules turn day numbers back into the same few thousand dates again and again, so
// each is formatted by luxon once and remembered.
const datesOfDays = new Map<number, CalendarDate>();
const DAY_MS = 86_400_000;

/** Days since 1970-01-01: for sweeps over many dates, where whole numbers beat strings. */
export function dayNumber(date: CalendarDate): number {
  const day = civilDay(date);
  if (Number.isNaN(day)) throw new RangeError(`Not a calendar date: ${date}`);
  return day;
}

export function dateOfDay(day: number): CalendarDate {
  let date = datesOfDays.get(day);
  if (date === undefined) {
    if (datesOfDays.size > 50_000) datesOfDays.clear();
    datesOfDays.set(day, (date = DateTime.fromMillis(day * DAY_MS, { zone: 'utc' }).toISODate()!));
  }
  return date;
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
  return partsOf(date).full;
}

/** "1–21 February 2027", "28 February – 3 March 2027", "30 December 2026 – 2 January 2027" */
export function formatDateRange(start: CalendarDate, end: CalendarDate): string {
  if (start === end) return formatLongDate(start);
  const [a, b] = [partsOf(start), partsOf(end)];
  if (start.slice(0, 4) !== end.slice(0, 4)) return `${a.full} – ${b.full}`;
  if (start.slice(0, 7) !== end.slice(0, 7)) return `${a.dayMonth} – ${b.full}`;
  return `${a.day}–${b.full}`;
}

/** "March 2027", "February – March 2027", "December 2026 – January 2027": the months a window runs in. */
export function formatMonthRange(start: CalendarDate, end: CalendarDate): string {
  const month = (date: CalendarDate, withYear: boolean) => toDateTime(date).setLocale('en-GB').toFormat(withYear ? 'LLLL yyyy' : 'LLLL');
  if (start.slice(0, 7) === end.slice(0, 7)) return month(end, true);
  return `${month(start, start.slice(0, 4) !== end.slice(0, 4))} – ${month(end, true)}`;
}

// Explanations and digests format the same dates thousands of times in ever new ranges, and
// luxon's formatting is not cheap: each date is formatted once and its parts remembered.
interface DateParts {
  day: string;
  dayMonth: string;
  full: string;
}
const formatted = new Map<CalendarDate, DateParts>();

function partsOf(date: CalendarDate): DateParts {
  let parts = formatted.get(date);
  if (parts === undefined) {
    if (formatted.size > 10_000) formatted.clear();
    const d = toDateTime(date).setLocale('en-GB');
    formatted.set(date, (parts = { day: d.toFormat('d'), dayMonth: d.toFormat('d MMMM'), full: d.toFormat('d MMMM yyyy') }));
  }
  return parts;
}
