import ical, { ICalCalendar, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import { addDays, CalendarDate, LONDON } from '../common/dates/calendar-date';

// RFC 5545 feeds. Consultations are all-day events: DTSTART and DTEND are dates, the end is
// exclusive (the day after the last day), so clock changes cannot shift them.
export interface FeedConsultation {
  id: string;
  title: string;
  summary: string;
  status: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
  organisation: string;
  areas: string[];
  audiences: string[];
  /** Left out of the public forward look, which links to its own page instead of the planner. */
  conflictCount?: number;
  url?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface FeedBlackout {
  id: string;
  name: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
  severity: string;
  areas: string[];
  audiences: string[];
  updatedAt: Date;
}

const PRODUCT = { company: 'Consultation Network', product: 'Consultation Calendar', language: 'EN' } as const;

export function consultationsCalendar(items: FeedConsultation[], baseUrl: string, name = 'Consultation Network calendar'): string {
  const calendar = newCalendar(name);
  for (const c of items) {
    const url = c.url ?? `${baseUrl}/consultations/${c.id}`;
    calendar.createEvent({
      id: `consultation-${c.id}@consultation-calendar`,
      allDay: true,
      start: day(c.startDate),
      end: day(addDays(c.endDate, 1)),
      summary: c.title,
      description: [
        `${c.organisation} — ${c.status.toLowerCase()}`,
        c.summary || undefined,
        `Audiences: ${c.audiences.join(', ')}`,
        `Areas: ${c.areas.join(', ')}`,
        c.conflictCount === undefined ? undefined : `Clash findings (any severity, settled or not): ${c.conflictCount}`,
        url,
      ].filter(Boolean).join('\n'),
      url,
      // Clients replace an event when SEQUENCE rises; the version rises with every change.
      sequence: c.version,
      created: c.createdAt,
      lastModified: c.updatedAt,
      stamp: c.updatedAt,
      status: c.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.TRANSPARENT, // a consultation does not make anyone busy
    });
  }
  return calendar.toString();
}

export function blackoutsCalendar(items: FeedBlackout[], name = 'Consultation Network blackout periods'): string {
  const calendar = newCalendar(name);
  for (const b of items) {
    calendar.createEvent({
      id: `blackout-${b.id}@consultation-calendar`,
      allDay: true,
      start: day(b.startDate),
      end: day(addDays(b.endDate, 1)),
      summary: `Blackout: ${b.name}`,
      description: [
        `Severity of a consultation touching it: ${b.severity}`,
        `Areas: ${b.areas.length ? b.areas.join(', ') : 'every area'}`,
        `Audiences: ${b.audiences.length ? b.audiences.join(', ') : 'everyone'}`,
      ].join('\n'),
      stamp: b.updatedAt,
      lastModified: b.updatedAt,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}

function newCalendar(name: string): ICalCalendar {
  return ical({ name, prodId: PRODUCT, ttl: 60 * 60 });
}

function day(date: CalendarDate): DateTime {
  return DateTime.fromISO(date, { zone: LONDON });
}
