import { DateTime } from 'luxon';
import { addDays, CalendarDate } from '../common/dates/calendar-date';
import type { ConsultationStatus } from '../consultations/consultation.entity';

// When a consultation's response is due, and whether it is late. Pure: "today" is passed in.

/** A response due within this many days is "due soon" (the digest lists it). */
export const DUE_SOON_DAYS = 28;

/** The day the response is due: the close plus RESPONSE_DUE_WEEKS (calendar days, never hours). */
export function responseDueDate(endDate: CalendarDate, weeks: number): CalendarDate {
  return addDays(endDate, weeks * 7);
}

/** Overdue: closed, no response published, and its due date has passed. */
export function isResponseOverdue(status: ConsultationStatus, endDate: CalendarDate, today: CalendarDate, weeks: number): boolean {
  return status === 'CLOSED' && responseDueDate(endDate, weeks) < today;
}

/** The latest close date whose response is overdue today (the SQL filter's bound). */
export function overdueIfClosedBefore(today: CalendarDate, weeks: number): CalendarDate {
  return addDays(today, -weeks * 7);
}

/** The first day the findings look-around reaches back to: `months` calendar months before today. */
export function lookAroundStart(today: CalendarDate, months: number): CalendarDate {
  return DateTime.fromISO(today, { zone: 'utc' }).minus({ months }).toISODate()!;
}

/** The sentence a DUPLICATE's explanation gains when the other consultation reported findings. */
export function findingsSentence(f: { endDate: CalendarDate; responseCount: number }, link: string): string {
  const month = DateTime.fromISO(f.endDate, { zone: 'utc' }).setLocale('en-GB').toFormat('LLLL yyyy');
  const responses = f.responseCount === 1 ? '1 response' : `${f.responseCount.toLocaleString('en-GB')} responses`;
  return `It closed in ${month} with ${responses}: see its findings, ${link}.`;
}
