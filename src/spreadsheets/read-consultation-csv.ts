import { CsvError, parse } from 'csv-parse/sync';
import { CalendarDate, isCalendarDate, outOfRange } from '../common/dates/calendar-date';
import { Channel, CHANNELS } from '../consultations/consultation.entity';
import { ConsultationInput } from '../consultations/consultation.inputs';
import { columnForHeader, CONSULTATION_COLUMNS, ImportField, SheetColumn, unescapeCell } from './consultation-columns';

// Reads a forward-plan spreadsheet saved as CSV into registration inputs, line by line.
// Pure: codes are checked against the register later, by the same rules as registerConsultation.

export interface ImportRow {
  /** Where the row starts, counting the header as line 1, as a text editor numbers lines. */
  line: number;
  organisationCode: string | null;
  input: ConsultationInput;
}

export interface RowProblem {
  line: number;
  /** The header as written in the file, when the problem is in one cell. */
  column: string | null;
  /** The API field (as registerConsultation names it), or "csv" for the file as a whole. */
  field: string;
  message: string;
}

export interface CsvReading {
  rows: ImportRow[];
  problems: RowProblem[];
  /** Headers that are not part of the layout (an export's extra columns, say). */
  ignoredColumns: string[];
  /** Data rows in the file, blank ones left out. */
  rowCount: number;
}

type ParsedRecord = { record: string[]; info: { lines: number }; raw: string };

export function readConsultationCsv(text: string, maxRows: number): CsvReading {
  let records: ParsedRecord[];
  try {
    records = parse(text.replace(/\r\n?/g, '\n'), { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return failed({ line: (error as CsvError & { lines?: number }).lines ?? 1, column: null, field: 'csv', message: `The file is not valid CSV: ${error.message}` });
  }
  if (!records.length) return failed({ line: 1, column: null, field: 'csv', message: 'The file is empty: it needs a header line and at least one row' });

  const [header, ...data] = records;
  const layout = readHeader(header.record);
  if (layout.problems.length) return { rows: [], problems: layout.problems, ignoredColumns: layout.ignored, rowCount: data.length };
  if (data.length > maxRows) return failed({ line: 1, column: null, field: 'csv', message: `The file has ${data.length} rows; import at most ${maxRows} at a time` });
  if (!data.length) return failed({ line: 1, column: null, field: 'csv', message: 'The file has a header but no rows' });

  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  let rowCount = 0;
  for (const { record, info, raw } of data) {
    if (record.every((cell) => !cell.trim())) continue;
    rowCount++;
    const line = info.lines - (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0);
    const read = readRow(record, line, layout.columns, header.record.length);
    if ('problems' in read) problems.push(...read.problems);
    else rows.push(read);
  }
  return { rows, problems, ignoredColumns: layout.ignored, rowCount };
}

/** YYYY-MM-DD or the British DD/MM/YYYY (D/M/YYYY too). */
export function parseSheetDate(value: string): CalendarDate | undefined {
  const british = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = british ? `${british[3]}-${british[2].padStart(2, '0')}-${british[1].padStart(2, '0')}` : value;
  return isCalendarDate(iso) ? iso : undefined;
}

function failed(problem: RowProblem): CsvReading {
  return { rows: [], problems: [problem], ignoredColumns: [], rowCount: 0 };
}

interface Layout {
  columns: Map<number, { column: SheetColumn; header: string }>;
  ignored: string[];
  problems: RowProblem[];
}

function readHeader(headers: string[]): Layout {
  const columns = new Map<number, { column: SheetColumn; header: string }>();
  const ignored: string[] = [];
  const problems: RowProblem[] = [];
  headers.forEach((header, index) => {
    const column = columnForHeader(header);
    if (!column) {
      if (header.trim()) ignored.push(header.trim());
      return;
    }
    const twice = [...columns.values()].find((c) => c.column === column);
    if (twice) problems.push({ line: 1, column: header, field: column.field, message: `The columns "${twice.header}" and "${header}" both give the ${column.header}` });
    columns.set(index, { column, header });
  });
  const present = new Set([...columns.values()].map((c) => c.column));
  for (const column of CONSULTATION_COLUMNS.filter((c) => c.required && !present.has(c))) {
    problems.push({ line: 1, column: null, field: column.field, message: `The header has no "${column.header}" column (expected: ${CONSULTATION_COLUMNS.map((c) => c.header).join(', ')})` });
  }
  return { columns, ignored, problems };
}

function readRow(record: string[], line: number, columns: Layout['columns'], width: number): ImportRow | { problems: RowProblem[] } {
  if (record.length > width) {
    // The cells are shifted, so what they would say cell by cell would only mislead.
    return { problems: [{ line, column: null, field: 'csv', message: `Line ${line} has ${record.length} cells but the header has ${width}: is a comma in a cell missing its quotes?` }] };
  }
  const problems: RowProblem[] = [];
  const cells = new Map<ImportField, { value: string; header: string }>();
  columns.forEach(({ column, header }, index) => cells.set(column.field, { value: unescapeCell((record[index] ?? '').trim()), header }));
  const cell = (field: ImportField) => cells.get(field)?.value ?? '';
  const problem = (field: ImportField, message: string) => problems.push({ line, column: cells.get(field)?.header ?? null, field, message });

  const date = (field: 'startDate' | 'endDate'): string => {
    const value = cell(field);
    const parsed = parseSheetDate(value);
    const outside = parsed && outOfRange(parsed);
    if (!parsed) problem(field, value ? `"${value}" is not a date: write YYYY-MM-DD or DD/MM/YYYY` : 'A date is required');
    else if (outside) problem(field, outside);
    return parsed ?? '';
  };
  const channels = splitList(cell('channels')).map((name) => {
    const channel = name.toUpperCase().replace(/[^A-Z]+/g, '_') as Channel;
    if (!CHANNELS.includes(channel)) problem('channels', `"${name}" is not a channel (one of ${CHANNELS.join(', ')})`);
    return channel;
  });
  const status = (cell('status') || 'PLANNED').toUpperCase();
  if (status !== 'PLANNED' && status !== 'DRAFT') problem('status', `"${cell('status')}" is not a status an import can give: DRAFT or PLANNED (empty means PLANNED)`);
  const input: ConsultationInput = {
    title: cell('title'),
    summary: cell('summary') || undefined,
    startDate: date('startDate'),
    endDate: date('endDate'),
    areaCodes: splitList(cell('areaCodes')),
    audienceCodes: splitList(cell('audienceCodes')),
    topics: splitList(cell('topics')),
    channels,
    status: status as ConsultationInput['status'],
    statutory: false,
  };
  return problems.length ? { problems } : { line, organisationCode: cell('organisationCode').toUpperCase() || null, input };
}

function splitList(cell: string): string[] {
  return cell.split(/[;|\n]/).map((item) => item.trim()).filter(Boolean);
}
