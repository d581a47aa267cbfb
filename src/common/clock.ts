import { Injectable } from '@nestjs/common';
import { CalendarDate, todayInLondon } from './dates/calendar-date';

/**
 * The service's "now" and "today": this week's digest, the date in an export's name. One
 * provider, so that a test sets the date instead of depending on the calendar. Durations,
 * deadlines and caches read Date.now() themselves; timestamps of record are the database's now().
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today in Europe/London. */
  today(): CalendarDate {
    return todayInLondon(this.now());
  }
}
