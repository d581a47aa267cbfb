import { AdvicePlan, adviceFor, AdviceRule, AdviceSettings, DEFAULT_ADVICE_SETTINGS, HolidayCalendar } from './advice.rules';

describe('good-practice checks (ADVICE)', () => {
  const calendar: HolidayCalendar = {
    bankHolidays: [{ name: 'Spring bank holiday', startDate: '2027-05-31', endDate: '2027-05-31' }],
    schoolHolidays: [{ name: 'February half term 2026', startDate: '2026-02-16', endDate: '2026-02-20' }],
  };
  // Six weeks from a Monday to a Sunday, well registered, asking adults in a district.
  const plan = (over: Partial<AdvicePlan> = {}): AdvicePlan => ({
    startDate: '2027-03-01', endDate: '2027-04-11', statutory: false, reachesChildren: false, countyWide: false, registeredOn: '2027-01-04', decisionDate: null, shortPeriodReason: null, ...over,
  });
  const rules = (p: AdvicePlan, settings: AdviceSettings = DEFAULT_ADVICE_SETTINGS): AdviceRule[] => adviceFor(p, calendar, settings).map((a) => a.rule);
  const only = (p: AdvicePlan, rule: AdviceRule) => adviceFor(p, calendar, DEFAULT_ADVICE_SETTINGS).filter((a) => a.rule === rule);

  it('has nothing to say of a plan that follows good practice', () => {
    expect(rules(plan())).toEqual([]);
  });

  it('TOO_SHORT: from one day under the minimum, 6 weeks for most and 12 for statutory ones', () => {
    expect(rules(plan({ endDate: '2027-04-10' }))).toEqual(['TOO_SHORT']); // 41 days
    expect(rules(plan({ endDate: '2027-04-11' }))).toEqual([]); // 42 days
    expect(rules(plan({ statutory: true, endDate: '2027-05-22', registeredOn: '2026-12-01' }))).toEqual(['TOO_SHORT']); // 83 days
    expect(rules(plan({ statutory: true, endDate: '2027-05-23', registeredOn: '2026-12-01' }))).toEqual([]); // 12 weeks
    const [advice] = only(plan({ statutory: true, endDate: '2027-04-11', registeredOn: '2026-12-01' }), 'TOO_SHORT');
    expect(advice.explanation).toBe(
      "It runs 42 days, shorter than the 12 weeks the network advises for a statutory consultation: people need time to hear of it, think and reply. Give it longer, or record why it cannot be (shortPeriodReason). Source: the Code of Practice on Consultation (2008): consultations should normally last at least 12 weeks; the Consultation Principles (2018) ask for a proportionate time, and the network's setting is ADVICE_MIN_WEEKS.",
    );
    expect(rules(plan({ endDate: '2027-03-07' }), { ...DEFAULT_ADVICE_SETTINGS, minWeeks: 0 })).toEqual([]);
    // A statutory plan's reason recorded: its length is its own business (not so for others).
    expect(rules(plan({ statutory: true, registeredOn: '2026-12-01', shortPeriodReason: 'The grant closes in April' }))).toEqual([]);
    expect(rules(plan({ endDate: '2027-04-10', shortPeriodReason: 'The grant closes in April' }))).toEqual(['TOO_SHORT']);
  });

  it('DECISION_TOO_SOON: a decision recorded fewer than 28 days after it closes', () => {
    expect(rules(plan({ decisionDate: '2027-05-08' }))).toEqual(['DECISION_TOO_SOON']); // 27 days after it closes on 11 April
    expect(rules(plan({ decisionDate: '2027-05-09' }))).toEqual([]); // 28 days
    expect(only(plan({ decisionDate: '2027-04-11' }), 'DECISION_TOO_SOON')[0].explanation).toMatch(
      /^The decision is due on 11 April 2027, the day it closes; the network asks for at least 28, so that the responses can be read and weighed while the proposal can still change\. Source: the Gunning principles/,
    );
    expect(rules(plan({ decisionDate: '2027-04-12' }), { ...DEFAULT_ADVICE_SETTINGS, decisionDays: 0 })).toEqual([]);
  });

  it('CLOSING_DAY: a Friday, or the day before a bank holiday; never a Thursday or a Saturday', () => {
    expect(rules(plan({ endDate: '2027-04-16' }))).toEqual(['CLOSING_DAY']); // Friday
    expect(rules(plan({ endDate: '2027-04-15' }))).toEqual([]); // Thursday
    expect(rules(plan({ endDate: '2027-04-17' }))).toEqual([]); // Saturday
    expect(only(plan({ endDate: '2027-05-30' }), 'CLOSING_DAY')[0].explanation).toMatch(/^It closes on 30 May 2027, the day before Spring bank holiday: close after the holiday/);
    expect(rules(plan({ endDate: '2027-05-31' }))).toEqual([]); // on the holiday itself: people have it
    expect(rules(plan({ endDate: '2027-04-16' }), { ...DEFAULT_ADVICE_SETTINGS, closingDay: false })).toEqual([]);
  });

  it('SCHOOL_HOLIDAY: opening or closing inside one, only for plans reaching children, young people or parents', () => {
    const family = (startDate: string, endDate: string) => plan({ startDate, endDate, reachesChildren: true, registeredOn: '2025-11-01' });
    expect(rules(family('2026-02-20', '2026-04-05'))).toEqual(['SCHOOL_HOLIDAY']); // opens on its last day
    expect(rules(family('2026-02-21', '2026-04-05'))).toEqual([]); // the day after
    expect(rules(family('2026-01-05', '2026-02-16'))).toEqual(['SCHOOL_HOLIDAY']); // closes on its first day
    expect(rules(family('2026-01-04', '2026-02-15'))).toEqual([]); // the day before
    expect(rules(family('2026-01-05', '2026-03-01'))).toEqual([]); // runs across it: opens and closes in term
    expect(rules({ ...family('2026-02-20', '2026-04-05'), reachesChildren: false })).toEqual([]);
    expect(only(family('2026-02-20', '2026-04-05'), 'SCHOOL_HOLIDAY')[0].explanation).toMatch(/^It opens on 20 February 2026, in the February half term 2026 \(16–20 February 2026\)/);
  });

  it('HOLIDAY_SEASON: more than half its days in the summer or Christmas holidays, unless 2 weeks longer than the minimum', () => {
    // 22 July to 31 August: 41 of 42 days in summer.
    expect(rules(plan({ startDate: '2027-07-21', endDate: '2027-08-31', registeredOn: '2027-05-01' }))).toEqual(['HOLIDAY_SEASON']);
    expect(rules(plan({ startDate: '2027-07-21', endDate: '2027-09-01', registeredOn: '2027-05-01' }))).toEqual(['HOLIDAY_SEASON']); // 8 weeks less 13 days
    expect(rules(plan({ startDate: '2027-07-19', endDate: '2027-09-12', registeredOn: '2027-05-01' }))).toEqual([]); // 8 weeks
    // Half exactly is not mostly: 21 of 42 days in the summer.
    expect(rules(plan({ startDate: '2027-07-01', endDate: '2027-08-11', registeredOn: '2027-05-01' }))).toEqual([]);
    expect(rules(plan({ startDate: '2027-07-02', endDate: '2027-08-12', registeredOn: '2027-05-01' }))).toEqual(['HOLIDAY_SEASON']); // 22 of 42
    // Over the new year: 15 of 42 days from 20 December to 3 January is not most; a shorter one is.
    expect(rules(plan({ startDate: '2027-12-20', endDate: '2028-01-30', registeredOn: '2027-10-01' }))).toEqual([]);
    expect(only(plan({ startDate: '2027-12-13', endDate: '2028-01-09', registeredOn: '2027-10-01' }), 'HOLIDAY_SEASON')[0].explanation).toMatch(/^15 of its 28 days fall in the Christmas holidays, when many are away: run it for at least 8 weeks/);
  });

  it('SHORT_NOTICE: registered under 14 days before its start, 28 for a county-wide or statutory plan', () => {
    expect(rules(plan({ registeredOn: '2027-02-15' }))).toEqual([]); // 14 days
    expect(rules(plan({ registeredOn: '2027-02-16' }))).toEqual(['SHORT_NOTICE']); // 13 days
    expect(rules(plan({ registeredOn: '2027-02-01', countyWide: true }))).toEqual([]); // 28 days
    expect(rules(plan({ registeredOn: '2027-02-02', countyWide: true }))).toEqual(['SHORT_NOTICE']);
    expect(only(plan({ registeredOn: '2027-02-02', countyWide: true }), 'SHORT_NOTICE')[0].explanation).toMatch(/^It starts 27 days after it is registered; the network asks for 28 days' notice of a county-wide plan/);
    expect(only(plan({ registeredOn: '2027-03-05' }), 'SHORT_NOTICE')[0].explanation).toMatch(/^It starts on the day it is registered or before/);
  });
});
