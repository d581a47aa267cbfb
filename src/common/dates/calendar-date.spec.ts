import { addDays, daysBetween, formatDateRange, formatLongDate } from './calendar-date';

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
});
