import { describeWeek, isoWeekOf, parseIsoWeek, startOfDayInLondon } from './iso-week';

describe('ISO weeks', () => {
  it('names the Monday-to-Sunday week a date falls in', () => {
    expect(isoWeekOf('2026-11-25')).toEqual({ id: '2026-W48', year: 2026, week: 48, start: '2026-11-23', end: '2026-11-29' });
    // 1 January 2027 is a Friday: it belongs to the last week of 2026.
    expect(isoWeekOf('2027-01-01').id).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04').id).toBe('2027-W01');
  });

  it('reads an instant in London time: late Sunday evening in summer is still that week', () => {
    // 23:30 on Sunday 28 March 2027 in London (BST) is 22:30 UTC.
    expect(isoWeekOf(new Date('2027-03-28T22:30:00Z')).id).toBe('2027-W12');
    expect(isoWeekOf(new Date('2027-03-28T23:30:00Z')).id).toBe('2027-W13');
  });

  it('parses week ids and refuses impossible ones', () => {
    expect(parseIsoWeek('2026-W53')?.start).toBe('2026-12-28');
    expect(parseIsoWeek('2027-W53')).toBeUndefined(); // 2027 has 52 weeks
    expect(parseIsoWeek('2027-W00')).toBeUndefined();
    expect(parseIsoWeek('2027-13')).toBeUndefined();
  });

  it('describes a week for people', () => {
    expect(describeWeek(parseIsoWeek('2026-W53')!)).toBe('week 53, 28 December 2026 – 3 January 2027');
  });

  it('starts a London day at local midnight across the clock change', () => {
    expect(startOfDayInLondon('2027-03-29').toISOString()).toBe('2027-03-28T23:00:00.000Z');
    expect(startOfDayInLondon('2027-01-04').toISOString()).toBe('2027-01-04T00:00:00.000Z');
  });
});
