import { DateTime } from 'luxon';
import { CalendarDate, formatDateRange, LONDON, parseCalendarDate } from './calendar-date';

// ISO 8601 weeks (Monday to Sunday), as the digest names them: "2026-W48".
export interface IsoWeek {
  /** "2026-W48" */
  id: string;
  year: number;
  week: number;
  /** Monday */
  start: CalendarDate;
  /** Sunday */
  end: CalendarDate;
}

const WEEK_ID = /^(\d{4})-W(\d{2})$/;

export function parseIsoWeek(value: string): IsoWeek | undefined {
  const match = WEEK_ID.exec(value.trim());
  if (!match) return undefined;
  const monday = DateTime.fromObject({ weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: 1 }, { zone: LONDON });
  // Luxon rolls week 53 of a 52-week year into the next year: reject it rather than guess.
  if (!monday.isValid || monday.weekNumber !== Number(match[2])) return undefined;
  return weekOf(monday);
}

/** The ISO week containing a calendar date or an instant (read in Europe/London). */
export function isoWeekOf(value: CalendarDate | Date): IsoWeek {
  const date = value instanceof Date ? DateTime.fromJSDate(value, { zone: LONDON }) : parseCalendarDate(value);
  if (!date) throw new RangeError(`Not a calendar date: ${String(value)}`);
  return weekOf(date);
}

function weekOf(date: DateTime): IsoWeek {
  const monday = date.startOf('week');
  return {
    id: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`,
    year: monday.weekYear,
    week: monday.weekNumber,
    start: monday.toISODate()!,
    end: monday.plus({ days: 6 }).toISODate()!,
  };
}

/** "week 48, 23–29 November 2026" */
export function describeWeek(week: IsoWeek): string {
  return `week ${week.week}, ${formatDateRange(week.start, week.end)}`;
}

/** Midnight at the start of a calendar date in London, as an instant. */
export function startOfDayInLondon(date: CalendarDate): Date {
  return DateTime.fromISO(date, { zone: LONDON }).startOf('day').toJSDate();
}
