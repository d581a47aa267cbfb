import { addDays, addMonths, CalendarDate, formatMonthRange } from '../common/dates/calendar-date';
import { listOf } from '../conflicts/conflict.explain';
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
  return addMonths(today, -months);
}

/** What a DUPLICATE's findings sentence says of the earlier consultation: whom and where both ask, on what, when, and how many answered. */
export interface PriorFindings {
  startDate: CalendarDate;
  endDate: CalendarDate;
  responseCount: number;
  /** The shared audiences, worded for a sentence ("young people"). */
  audiences: readonly string[];
  areas: readonly string[];
  /** Shared topic tags; none when the topic matched by wording (the explanation names the words). */
  topics: readonly string[];
}

/**
 * The sentence a DUPLICATE's explanation gains when the other consultation has findings: "It asked
 * young people in Tamworth about youth services in March 2027, 412 responses: see its findings, <link>."
 */
export function findingsSentence(f: PriorFindings, link: string): string {
  const responses = f.responseCount === 1 ? '1 response' : `${f.responseCount.toLocaleString('en-GB')} responses`;
  const about = f.topics.length ? ` about ${listOf(f.topics)}` : '';
  return `It asked ${listOf(f.audiences)} in ${listOf(f.areas)}${about} in ${formatMonthRange(f.startDate, f.endDate)}, ${responses}: see its findings, ${link}.`;
}
