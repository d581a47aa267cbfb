import { EXPORT_LIMITS } from '../../spreadsheets/consultation-export.service';
import { daysBetween } from '../dates/calendar-date';
import { WorkEstimators } from './query-work';

// What the expensive fields will do, in one unit: an area × audience pair judged once (for a
// window search, once per start date tried). Estimated from the input's list lengths as written:
// a county or composite area, or a parent audience, expands to more inside, so the figure is a
// floor of the real work, but it grows with what the member controls. See docs/hardening.md.

/**
 * Spreadsheets, by their rows. An imported consultation is checked and judged like a registration:
 * 7–9 ms a row in a dry run and 30–60 ms applied on the realistic year (npm run bench:import), so
 * a file at its row limit (2,000) is the whole budget and one such import is a request on its own.
 * An area row is a lookup and an upsert, and a file at its limit (5,000) costs as much. An export is
 * costed by the most rows it may produce (50,000; how many a filter finds is known only once read):
 * consultations at 1 a row (0.3 ms measured), conflicts at 2 (0.13 ms a row, but some 17 to each
 * consultation found). See docs/hardening.md.
 */
export const ROW_WORK = { importConsultations: 50, importAreas: 20, exportConsultations: 1, exportConflicts: 2 } as const;

/** A calendar's rows when it is given no areaCodes (every district and unitary authority). */
export const DEFAULT_CALENDAR_ROWS = 20;

const count = (list: unknown) => (Array.isArray(list) ? Math.max(1, list.length) : 1);
const plan = (args: Record<string, unknown>) => {
  const input = (args.input ?? {}) as { areaCodes?: unknown; audienceCodes?: unknown };
  return count(input.areaCodes) * count(input.audienceCodes);
};
// Inclusive; a reversed or unreadable range is execution's to refuse, and counts one day here.
const days = (from: unknown, to: unknown) => (typeof from === 'string' && typeof to === 'string' ? Math.max(1, daysBetween(from, to) + 1) : 1);

// Records after the header: line breaks outside quoted cells (a summary may run over several lines).
// Blank lines count too, so a file may cost a little more than its rows; one pass over at most the body limit.
function csvRows(csv: unknown): number {
  if (typeof csv !== 'string') return 0;
  let breaks = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) breaks++;
  }
  const unterminated = csv.length > 0 && csv.charCodeAt(csv.length - 1) !== 10 ? 1 : 0;
  return Math.max(0, breaks + unterminated - 1);
}

export const WORK_ESTIMATORS: WorkEstimators = {
  'Query.checkConsultation': plan,
  'Query.checkConsultationSummary': plan,
  // Compares the plan with the register as a check does (its territory and audiences), though with fewer rows.
  'Query.partnerOpportunities': plan,
  'Query.suggestWindows': (args) => plan(args) * days(args.from, args.to),
  // Cells: rows × audiences × periods (a week or month may be cut at either end, hence + 1).
  'Query.calendar': (args) => {
    const rows = Array.isArray(args.areaCodes) ? count(args.areaCodes) : DEFAULT_CALENDAR_ROWS;
    const span = days(args.from, args.to);
    const periods = args.granularity === 'MONTH' ? Math.ceil(span / 28) + 1 : Math.ceil(span / 7) + 1;
    return rows * count(args.audienceCodes) * periods;
  },
  'Mutation.importConsultations': (args) => csvRows(args.csv) * ROW_WORK.importConsultations,
  'Mutation.importAreas': (args) => csvRows(args.csv) * ROW_WORK.importAreas,
  'Query.exportConsultations': () => EXPORT_LIMITS.rows * ROW_WORK.exportConsultations,
  'Query.exportConflicts': () => EXPORT_LIMITS.rows * ROW_WORK.exportConflicts,
};
