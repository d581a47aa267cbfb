import { ConsultationInput } from '../consultations/consultation.inputs';
import type { SheetColumn } from './read-sheet';

// The spreadsheet layout of a consultation, shared by import and export so that an exported
// file imports again.

export type ImportField = keyof Pick<ConsultationInput, 'title' | 'summary' | 'startDate' | 'endDate' | 'areaCodes' | 'audienceCodes' | 'topics' | 'channels' | 'status'> | 'organisationCode';

export const CONSULTATION_COLUMNS: readonly SheetColumn<ImportField>[] = [
  { field: 'title', header: 'title', required: true, aliases: [] },
  { field: 'summary', header: 'summary', required: false, aliases: [] },
  { field: 'organisationCode', header: 'organisation code', required: false, aliases: ['organisation', 'organization code'] },
  { field: 'startDate', header: 'start', required: true, aliases: ['start date'] },
  { field: 'endDate', header: 'end', required: true, aliases: ['end date'] },
  { field: 'areaCodes', header: 'area codes', required: true, aliases: ['areas'] },
  { field: 'audienceCodes', header: 'audience codes', required: true, aliases: ['audiences'] },
  { field: 'topics', header: 'topics', required: false, aliases: [] },
  { field: 'channels', header: 'channels', required: false, aliases: [] },
  { field: 'status', header: 'status', required: false, aliases: [] },
];

/** Lists sit in one cell, separated by semicolons (commas would need quoting in CSV). */
export const LIST_SEPARATOR = '; ';

// A cell that starts like a formula is written with a leading quote so that Excel shows it as
// text rather than running it (CSV injection: titles come from other organisations). The
// import takes the quote off again.
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function unescapeCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
