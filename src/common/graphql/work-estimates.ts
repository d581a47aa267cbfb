import { daysBetween } from '../dates/calendar-date';
import { WorkEstimators } from './query-work';

// What the expensive fields will do, in one unit: an area × audience pair judged once (for a
// window search, once per start date tried). Estimated from the input's list lengths as written:
// a county or composite area, or a parent audience, expands to more inside, so the figure is a
// floor of the real work, but it grows with what the member controls. See docs/hardening.md.

/** A calendar's rows when it is given no areaCodes (every district and unitary authority). */
export const DEFAULT_CALENDAR_ROWS = 20;

const count = (list: unknown) => (Array.isArray(list) ? Math.max(1, list.length) : 1);
const plan = (args: Record<string, unknown>) => {
  const input = (args.input ?? {}) as { areaCodes?: unknown; audienceCodes?: unknown };
  return count(input.areaCodes) * count(input.audienceCodes);
};
// Inclusive; a reversed or unreadable range is execution's to refuse, and counts one day here.
const days = (from: unknown, to: unknown) => (typeof from === 'string' && typeof to === 'string' ? Math.max(1, daysBetween(from, to) + 1) : 1);

export const WORK_ESTIMATORS: WorkEstimators = {
  'Query.checkConsultation': plan,
  'Query.checkConsultationSummary': plan,
  'Query.suggestWindows': (args) => plan(args) * days(args.from, args.to),
  // Cells: rows × audiences × periods (a week or month may be cut at either end, hence + 1).
  'Query.calendar': (args) => {
    const rows = Array.isArray(args.areaCodes) ? count(args.areaCodes) : DEFAULT_CALENDAR_ROWS;
    const span = days(args.from, args.to);
    const periods = args.granularity === 'MONTH' ? Math.ceil(span / 28) + 1 : Math.ceil(span / 7) + 1;
    return rows * count(args.audienceCodes) * periods;
  },
};
