import { DateTime } from 'luxon';
import { addDays, dateOfDay, dayNumber, daysBetween, formatDateRange, formatLongDate, isCalendarDate, parseCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it('writes dates and ranges the way a letter would, saying the month and year once where they are shared', () => {
    expect(formatLongDate('2027-03-03')).toBe('3 March 2027');
    expect(formatDateRange('2027-02-01', '2027-02-01')).toBe('1 February 2027');
    expect(formatDateRange('2027-02-01', '2027-02-21')).toBe('1–21 February 2027');
    expect(formatDateRange('2027-02-28', '2027-03-03')).toBe('28 February – 3 March 2027');
    expect(formatDateRange('2026-12-30', '2027-01-02')).toBe('30 December 2026 – 2 January 2027');
  });

  it('counts whole days across the clock changes', () => {
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(addDays('2027-10-30', 2)).toBe('2027-11-01');
  });

  it('accepts only days that exist, leap days by the Gregorian rule, as luxon does', () => {
    const days = ['2027-02-28', '2027-02-29', '2028-02-29', '2100-02-29', '2000-02-29', '2027-04-30', '2027-04-31', '2027-12-31', '2027-13-01', '2027-00-10', '2027-01-00', '2027-1-01', ' 2027-01-01', '2027-01-01T00:00'];
    expect(days.filter(isCalendarDate)).toEqual(['2027-02-28', '2028-02-29', '2000-02-29', '2027-04-30', '2027-12-31']);
    expect(days.filter(isCalendarDate)).toEqual(days.filter((d) => parseCalendarDate(d) !== undefined));
    expect([undefined, 20270101, null].some(isCalendarDate)).toBe(false);
  });

  it('numbers every day of two centuries as luxon counts days since 1970, and back', () => {
    const wrong: string[] = [];
    for (let date = DateTime.fromISO('1899-12-01', { zone: 'utc' }); date.year < 2101; date = date.plus({ days: 1 })) {
      const iso = date.toISODate()!;
      const expected = date.toMillis() / 86_400_000;
      if (dayNumber(iso) !== expected || dateOfDay(expected) !== iso) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
    expect(() => dayNumber('2027-02-29')).toThrow(RangeError);
    expect(() => dayNumber('2027-1-01')).toThrow(RangeError);
  });
});
