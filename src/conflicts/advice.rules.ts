import { addDays, CalendarDate, dayNumber, daysBetween, formatDateRange, formatLongDate } from '../common/dates/calendar-date';

// Good-practice checks (conflict kind ADVICE): pure, about one plan alone, never blocking. Each
// rule has a setting (README, "Good-practice checks"), a plain explanation and its source.

export const ADVICE_RULES = ['TOO_SHORT', 'CLOSING_DAY', 'SCHOOL_HOLIDAY', 'HOLIDAY_SEASON', 'SHORT_NOTICE', 'DECISION_TOO_SOON'] as const;
export type AdviceRule = (typeof ADVICE_RULES)[number];

export interface AdviceSettings {
  /** A statutory consultation shorter than this many weeks is advised on (ADVICE_MIN_WEEKS_STATUTORY; 0: off). */
  minWeeksStatutory: number;
  /** Any other shorter than this many weeks (ADVICE_MIN_WEEKS; 0: off). */
  minWeeks: number;
  /** Closing on a Friday or the day before a bank holiday (ADVICE_CLOSING_DAY). */
  closingDay: boolean;
  /** Opening or closing in a school holiday, for plans reaching children, young people or parents (ADVICE_SCHOOL_HOLIDAYS). */
  schoolHolidays: boolean;
  /** Running mostly over the summer or Christmas holidays needs this many weeks beyond the minimum (ADVICE_HOLIDAY_EXTRA_WEEKS; 0: off). */
  holidayExtraWeeks: number;
  /** Registered fewer than this many days before its start (ADVICE_NOTICE_DAYS; 0: off)… */
  noticeDays: number;
  /** …or, for a county-wide or statutory plan, this many (ADVICE_NOTICE_DAYS_WIDE). */
  noticeDaysWide: number;
  /** A decision date recorded fewer than this many days after it closes (ADVICE_DECISION_DAYS; 0: off). */
  decisionDays: number;
}

export const DEFAULT_ADVICE_SETTINGS: AdviceSettings = {
  minWeeksStatutory: 12,
  minWeeks: 6,
  closingDay: true,
  schoolHolidays: true,
  holidayExtraWeeks: 2,
  noticeDays: 14,
  noticeDaysWide: 28,
  decisionDays: 28,
};

/** What the rules read of a plan. */
export interface AdvicePlan {
  startDate: CalendarDate;
  endDate: CalendarDate;
  statutory: boolean;
  /** It asks children, young people or parents (or a part of them). */
  reachesChildren: boolean;
  /** One of its areas is a county (or larger). */
  countyWide: boolean;
  /** When it was (or, for a plan not yet registered, would be) registered. */
  registeredOn: CalendarDate;
  /** When the decision it informs is due, if recorded. */
  decisionDate: CalendarDate | null;
  /** Why it runs shorter than the minimum, if recorded: a statutory plan's length is then its own business. */
  shortPeriodReason: string | null;
}

export interface Holiday {
  name: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
}

/** The holidays the rules know: from data/calendar-2026-2029.csv (school holidays: the county's maintained schools). */
export interface HolidayCalendar {
  bankHolidays: readonly Holiday[];
  schoolHolidays: readonly Holiday[];
}

export interface Advice {
  rule: AdviceRule;
  /** The day it is about (the closing day, the start), for a form to point at. */
  on: CalendarDate;
  explanation: string;
}

/** Where each rule comes from, said after its explanation. */
export const ADVICE_SOURCES: Record<AdviceRule, string> = {
  TOO_SHORT: "Source: the Code of Practice on Consultation (2008): consultations should normally last at least 12 weeks; the Consultation Principles (2018) ask for a proportionate time, and the network's setting is ADVICE_MIN_WEEKS.",
  CLOSING_DAY: 'Source: the network\'s practice — many reply at the last minute, in the evening or at the weekend.',
  SCHOOL_HOLIDAY: 'Source: the county\'s school term dates (data/calendar-2026-2029.csv); families are away and schools cannot pass it on.',
  HOLIDAY_SEASON: "Source: the network's practice: a consultation over the summer or Christmas holidays reaches fewer people unless it runs longer.",
  SHORT_NOTICE: "Source: the network's forward-planning agreement, as university survey registers and councils' consultation groups ask: notice lets others plan around it, or join it.",
  DECISION_TOO_SOON: "Source: the Gunning principles (R v Brent LBC ex p Gunning, 1985; Moseley, 2014): consult while proposals are still at a formative stage, and give the responses conscientious consideration before deciding.",
};

// The seasons families are away, each year: the network's usual dates (schools' own vary by a few days).
const SUMMER = { from: '07-22', to: '08-31', name: 'summer holidays' };
const CHRISTMAS = { from: '12-20', to: '01-03', name: 'Christmas holidays' };

export function adviceFor(plan: AdvicePlan, calendar: HolidayCalendar, settings: AdviceSettings): Advice[] {
  return [tooShort, closingDay, schoolHoliday, holidaySeason, shortNotice, decisionTooSoon]
    .map((rule) => rule(plan, calendar, settings))
    .filter((advice): advice is Advice => advice !== null)
    .map((advice) => ({ ...advice, explanation: `${advice.explanation} ${ADVICE_SOURCES[advice.rule]}` }));
}

/** Its length in days, both ends counted. */
function lengthDays(plan: Pick<AdvicePlan, 'startDate' | 'endDate'>): number {
  return daysBetween(plan.startDate, plan.endDate) + 1;
}

function minimumWeeks(plan: AdvicePlan, settings: AdviceSettings): number {
  return plan.statutory ? settings.minWeeksStatutory : settings.minWeeks;
}

function tooShort(plan: AdvicePlan, _calendar: HolidayCalendar, settings: AdviceSettings): Advice | null {
  const weeks = minimumWeeks(plan, settings);
  const days = lengthDays(plan);
  // Statutory: 12 weeks unless a reason is recorded.
  if (weeks === 0 || days >= weeks * 7 || (plan.statutory && plan.shortPeriodReason)) return null;
  const kind = plan.statutory ? 'a statutory consultation' : 'a consultation';
  return {
    rule: 'TOO_SHORT',
    on: plan.endDate,
    explanation: `It runs ${days} days, shorter than the ${weeks} weeks the network advises for ${kind}: people need time to hear of it, think and reply. Give it longer, or record why it cannot be (shortPeriodReason).`,
  };
}

function closingDay(plan: AdvicePlan, calendar: HolidayCalendar, settings: AdviceSettings): Advice | null {
  if (!settings.closingDay) return null;
  const next = addDays(plan.endDate, 1);
  const holiday = calendar.bankHolidays.find((h) => h.startDate <= next && next <= h.endDate);
  if (holiday) {
    return { rule: 'CLOSING_DAY', on: plan.endDate, explanation: `It closes on ${formatLongDate(plan.endDate)}, the day before ${holiday.name}: close after the holiday so that people can reply over it.` };
  }
  if (weekday(plan.endDate) !== FRIDAY) return null;
  return { rule: 'CLOSING_DAY', on: plan.endDate, explanation: `It closes on Friday ${formatLongDate(plan.endDate)}: close on a Monday or later in the week so that people can reply over the weekend.` };
}

function schoolHoliday(plan: AdvicePlan, calendar: HolidayCalendar, settings: AdviceSettings): Advice | null {
  if (!settings.schoolHolidays || !plan.reachesChildren) return null;
  for (const [end, day] of [['opens', plan.startDate], ['closes', plan.endDate]] as const) {
    const holiday = calendar.schoolHolidays.find((h) => h.startDate <= day && day <= h.endDate);
    if (holiday) {
      return {
        rule: 'SCHOOL_HOLIDAY',
        on: day,
        explanation: `It ${end} on ${formatLongDate(day)}, in the ${holiday.name} (${formatDateRange(holiday.startDate, holiday.endDate)}), and asks children, young people or parents: open and close in term time, when schools can pass it on.`,
      };
    }
  }
  return null;
}

function holidaySeason(plan: AdvicePlan, _calendar: HolidayCalendar, settings: AdviceSettings): Advice | null {
  if (settings.holidayExtraWeeks === 0) return null;
  const days = lengthDays(plan);
  const needed = (minimumWeeks(plan, settings) + settings.holidayExtraWeeks) * 7;
  if (days >= needed) return null;
  for (const season of [SUMMER, CHRISTMAS]) {
    const inside = seasonDays(plan, season);
    // Mostly: more than half its days.
    if (inside * 2 > days) {
      return {
        rule: 'HOLIDAY_SEASON',
        on: plan.startDate,
        explanation: `${inside} of its ${days} days fall in the ${season.name}, when many are away: run it for at least ${needed / 7} weeks (${settings.holidayExtraWeeks} more than the usual minimum), or move it.`,
      };
    }
  }
  return null;
}

function shortNotice(plan: AdvicePlan, _calendar: HolidayCalendar, settings: AdviceSettings): Advice | null {
  const wide = plan.countyWide || plan.statutory;
  const needed = wide ? settings.noticeDaysWide : settings.noticeDays;
  const notice = daysBetween(plan.registeredOn, plan.startDate);
  if (needed === 0 || notice >= needed) return null;
  const which = wide ? `a ${plan.statutory ? 'statutory' : 'county-wide'} plan` : 'a plan';
  return {
    rule: 'SHORT_NOTICE',
    on: plan.startDate,
    explanation: `It starts ${notice <= 0 ? 'on the day it is registered or before' : `${notice} days after it is registered`}; the network asks for ${needed} days' notice of ${which}, so that others can plan around it or join it.`,
  };
}

function decisionTooSoon(plan: AdvicePlan, _calendar: HolidayCalendar, settings: AdviceSettings): Advice | null {
  if (!plan.decisionDate || settings.decisionDays === 0) return null;
  const gap = daysBetween(plan.endDate, plan.decisionDate);
  if (gap >= settings.decisionDays) return null;
  return {
    rule: 'DECISION_TOO_SOON',
    on: plan.decisionDate,
    explanation: `The decision is due on ${formatLongDate(plan.decisionDate)}, ${gap === 0 ? 'the day it closes' : `${gap} day${gap === 1 ? '' : 's'} after it closes`}; the network asks for at least ${settings.decisionDays}, so that the responses can be read and weighed while the proposal can still change.`,
  };
}

const FRIDAY = 5;

/** 1 Monday … 7 Sunday (1970-01-01 was a Thursday). */
function weekday(date: CalendarDate): number {
  return ((dayNumber(date) + 3) % 7 + 7) % 7 + 1;
}

/** How many of the plan's days fall in the season, in any year it touches. */
function seasonDays(plan: Pick<AdvicePlan, 'startDate' | 'endDate'>, season: { from: string; to: string }): number {
  let count = 0;
  const firstYear = Number(plan.startDate.slice(0, 4)) - 1;
  const lastYear = Number(plan.endDate.slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const start = `${year}-${season.from}`;
    const end = season.to < season.from ? `${year + 1}-${season.to}` : `${year}-${season.to}`;
    const from = start > plan.startDate ? start : plan.startDate;
    const to = end < plan.endDate ? end : plan.endDate;
    if (from <= to) count += daysBetween(from, to) + 1;
  }
  return count;
}
