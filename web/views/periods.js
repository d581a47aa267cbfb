import { addDays } from '../dates.js';

// The timeline's periods, on the calendar: a month from its 1st, a quarter from January, April,
// July or October, a calendar year, and a financial year from 1 April to 31 March.
export const VIEWS = {
  month: { label: 'A month', months: 1 },
  quarter: { label: 'A quarter', months: 3 },
  year: { label: 'A calendar year', months: 12 },
  'financial-year': { label: 'A financial year (April to March)', months: 12 },
};

/** A calendar date `months` months on from the first of `date`'s month. */
export function addMonths(date, months) {
  const [year, month] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The first day of the period of `view` that holds `date`. */
export function periodStart(view, date) {
  const [year, month] = date.split('-').map(Number);
  if (view === 'month') return addMonths(date, 0);
  if (view === 'quarter') return `${year}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
  if (view === 'year') return `${year}-01-01`;
  return month >= 4 ? `${year}-04-01` : `${year - 1}-04-01`; // financial year
}

/** The period of `view` starting on `start`, `steps` periods on: its first and last days. */
export function period(view, start, steps = 0) {
  const from = addMonths(start, steps * VIEWS[view].months);
  return { from, to: addDays(addMonths(from, VIEWS[view].months), -1) };
}
