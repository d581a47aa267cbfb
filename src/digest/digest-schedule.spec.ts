import { weekDueAt } from './digest-schedule';

describe('weekDueAt: catching up a missed weekly run', () => {
  const MONDAY_7AM = '0 7 * * 1';
  const at = (iso: string) => new Date(iso);

  it('is due once Monday 07:00 London time has passed, for the rest of that week', () => {
    expect(weekDueAt(MONDAY_7AM, 'Europe/London', at('2026-11-23T07:00:01Z'))?.id).toBe('2026-W48');
    expect(weekDueAt(MONDAY_7AM, 'Europe/London', at('2026-11-25T12:00:00Z'))?.id).toBe('2026-W48');
    expect(weekDueAt(MONDAY_7AM, 'Europe/London', at('2026-11-29T23:59:00Z'))?.id).toBe('2026-W48');
  });

  it('is not due before this week’s run: last week’s is not sent late on a Monday morning', () => {
    expect(weekDueAt(MONDAY_7AM, 'Europe/London', at('2026-11-23T06:59:00Z'))).toBeUndefined();
  });

  it('follows London summer time: 07:00 BST is 06:00 UTC', () => {
    expect(weekDueAt(MONDAY_7AM, 'Europe/London', at('2027-06-07T06:00:30Z'))?.id).toBe('2027-W23');
    expect(weekDueAt(MONDAY_7AM, 'Europe/London', at('2027-06-07T05:59:00Z'))).toBeUndefined();
  });

  it('works for other schedules, such as Friday afternoons', () => {
    expect(weekDueAt('30 16 * * 5', 'Europe/London', at('2026-11-26T10:00:00Z'))).toBeUndefined();
    expect(weekDueAt('30 16 * * 5', 'Europe/London', at('2026-11-27T16:31:00Z'))?.id).toBe('2026-W48');
  });
});
