import { CsvError, parse } from 'csv-parse/sync';
import { CalendarDate, isCalendarDate, outOfRange } from '../common/dates/calendar-date';
import { unescapeCell } from './consultation-columns';

// Reads a spreadsheet saved as CSV against a layout of columns, line by line, for the imports.
// Headers match case-insensitively, ignoring spaces, dashes and underscores.

export interface SheetColumn<F extends string> {
  field: F;
  header: string;
  required: boolean;
  aliases: string[];
}

export interface RowProblem {
  line: number;
  /** The header as written in the file, when the problem is in one cell. */
  column: string | null;
  /** The API field (as the matching mutation names it), or "csv" for the file as a whole. */
  field: string;
  message: string;
}

export interface SheetRow<F extends string> {
  /** Where the row starts, counting the header as line 1, as a text editor numbers lines. */
  line: number;
  /** The cell's text, trimmed; '' for a column the file does not have. */
  cell(field: F): string;
  /** A problem with this row's cell of `field`, located by line and column. */
  problem(field: F, message: string): RowProblem;
}

export interface SheetReading<F extends string> {
  rows: SheetRow<F>[];
  problems: RowProblem[];
  /** Headers that are not part of the layout (an export's extra columns, say). */
  ignoredColumns: string[];
  /** Data rows in the file, blank ones left out. */
  rowCount: number;
  /** The header of a field's column as the file writes it ("Areas", say), for problems found later; null without one. */
  columnOf(field: string): string | null;
}

type ParsedRecord = { record: string[]; info: { lines: number }; raw: string };

export function readSheet<F extends string>(text: string, maxRows: number, layout: readonly SheetColumn<F>[]): SheetReading<F> {
  let records: ParsedRecord[];
  try {
    records = parse(text.replace(/\r\n?/g, '\n'), { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return failed({ line: (error as CsvError & { lines?: number }).lines ?? 1, column: null, field: 'csv', message: `The file is not valid CSV: ${error.message}` });
  }
  if (!records.length) return failed({ line: 1, column: null, field: 'csv', message: 'The file is empty: it needs a header line and at least one row' });

  const [header, ...data] = records;
  const columns = readHeader(header.record, layout);
  const written = new Map<string, string>([...columns.found.values()].map(({ column, header }) => [column.field, header.trim()]));
  const columnOf = (field: string) => written.get(field) ?? null;
  if (columns.problems.length) return { rows: [], problems: columns.problems, ignoredColumns: columns.ignored, rowCount: data.length, columnOf };
  if (data.length > maxRows) return failed({ line: 1, column: null, field: 'csv', message: `The file has ${data.length} rows; import at most ${maxRows} at a time` });
  if (!data.length) return failed({ line: 1, column: null, field: 'csv', message: 'The file has a header but no rows' });

  const rows: SheetRow<F>[] = [];
  const problems: RowProblem[] = [];
  let rowCount = 0;
  for (const { record, info, raw } of data) {
    if (record.every((cell) => !cell.trim())) continue;
    rowCount++;
    const line = info.lines - (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0);
    if (record.length > header.record.length) {
      // The cells are shifted, so what they would say cell by cell would only mislead.
      problems.push({ line, column: null, field: 'csv', message: `Line ${line} has ${record.length} cells but the header has ${header.record.length}: is a comma in a cell missing its quotes?` });
      continue;
    }
    const cells = new Map<F, string>();
    columns.found.forEach(({ column }, index) => cells.set(column.field, unescapeCell((record[index] ?? '').trim())));
    rows.push({
      line,
      cell: (field) => cells.get(field) ?? '',
      problem: (field, message) => ({ line, column: columnOf(field), field, message }),
    });
  }
  return { rows, problems, ignoredColumns: columns.ignored, rowCount, columnOf };
}

/** YYYY-MM-DD or the British DD/MM/YYYY (D/M/YYYY too). */
export function parseSheetDate(value: string): CalendarDate | undefined {
  const british = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = british ? `${british[3]}-${british[2].padStart(2, '0')}-${british[1].padStart(2, '0')}` : value;
  return isCalendarDate(iso) ? iso : undefined;
}

/** A date cell: the date, or a problem saying what is wrong with it ('' when empty and not `required`). */
export function sheetDate<F extends string>(row: SheetRow<F>, field: F, required: boolean): { date: CalendarDate | '' } | { problem: RowProblem } {
  const value = row.cell(field);
  if (!value) return required ? { problem: row.problem(field, 'A date is required') } : { date: '' };
  const parsed = parseSheetDate(value);
  if (!parsed) return { problem: row.problem(field, `"${value}" is not a date: write YYYY-MM-DD or DD/MM/YYYY`) };
  const outside = outOfRange(parsed);
  return outside ? { problem: row.problem(field, outside) } : { date: parsed };
}

/** A list in one cell, separated by semicolons (commas would need quoting in CSV). */
export function splitList(cell: string): string[] {
  return cell.split(/[;|\n]/).map((item) => item.trim()).filter(Boolean);
}

export function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

function failed(problem: RowProblem): SheetReading<never> {
  return { rows: [], problems: [problem], ignoredColumns: [], rowCount: 0, columnOf: () => null };
}

function readHeader<F extends string>(headers: string[], layout: readonly SheetColumn<F>[]) {
  const found = new Map<number, { column: SheetColumn<F>; header: string }>();
  const ignored: string[] = [];
  const problems: RowProblem[] = [];
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    const column = layout.find((c) => normaliseHeader(c.header) === key || c.aliases.some((a) => normaliseHeader(a) === key));
    if (!column) {
      if (header.trim()) ignored.push(header.trim());
      return;
    }
    const twice = [...found.values()].find((c) => c.column === column);
    if (twice) problems.push({ line: 1, column: header, field: column.field, message: `The columns "${twice.header}" and "${header}" both give the ${column.header}` });
    found.set(index, { column, header });
  });
  const present = new Set([...found.values()].map((c) => c.column));
  for (const column of layout.filter((c) => c.required && !present.has(c))) {
    problems.push({ line: 1, column: null, field: column.field, message: `The header has no "${column.header}" column (expected: ${layout.map((c) => c.header).join(', ')})` });
  }
  return { found, ignored, problems };
}
