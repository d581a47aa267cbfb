import { Channel, CHANNELS } from '../consultations/consultation.entity';
import { ConsultationInput } from '../consultations/consultation.inputs';
import { CONSULTATION_COLUMNS, ImportField } from './consultation-columns';
import { readSheet, RowProblem, sheetDate, SheetRow, splitList } from './read-sheet';

// Reads a forward-plan spreadsheet saved as CSV into registration inputs, line by line.
// Pure: codes are checked against the register later, by the same rules as registerConsultation.

export interface ImportRow {
  /** Where the row starts, counting the header as line 1, as a text editor numbers lines. */
  line: number;
  organisationCode: string | null;
  input: ConsultationInput;
}

export interface CsvReading {
  rows: ImportRow[];
  problems: RowProblem[];
  /** Headers that are not part of the layout (an export's extra columns, say). */
  ignoredColumns: string[];
  /** Data rows in the file, blank ones left out. */
  rowCount: number;
  /** The header of a field's column as the file writes it; null without one. */
  columnOf(field: string): string | null;
}

export function readConsultationCsv(text: string, maxRows: number): CsvReading {
  const sheet = readSheet(text, maxRows, CONSULTATION_COLUMNS);
  const rows: ImportRow[] = [];
  const problems = [...sheet.problems];
  for (const row of sheet.rows) {
    const read = readRow(row);
    if ('problems' in read) problems.push(...read.problems);
    else rows.push(read);
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line), ignoredColumns: sheet.ignoredColumns, rowCount: sheet.rowCount, columnOf: sheet.columnOf };
}

function readRow(row: SheetRow<ImportField>): ImportRow | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const date = (field: 'startDate' | 'endDate'): string => {
    const read = sheetDate(row, field, true);
    if ('problem' in read) problems.push(read.problem);
    return 'date' in read ? read.date : '';
  };
  const channels = splitList(row.cell('channels')).map((name) => {
    const channel = name.toUpperCase().replace(/[^A-Z]+/g, '_') as Channel;
    if (!CHANNELS.includes(channel)) problems.push(row.problem('channels', `"${name}" is not a channel (one of ${CHANNELS.join(', ')})`));
    return channel;
  });
  const status = (row.cell('status') || 'PLANNED').toUpperCase();
  if (status !== 'PLANNED' && status !== 'DRAFT') problems.push(row.problem('status', `"${row.cell('status')}" is not a status an import can give: DRAFT or PLANNED (empty means PLANNED)`));
  const input: ConsultationInput = {
    title: row.cell('title'),
    summary: row.cell('summary') || undefined,
    startDate: date('startDate'),
    endDate: date('endDate'),
    areaCodes: splitList(row.cell('areaCodes')),
    audienceCodes: splitList(row.cell('audienceCodes')),
    topics: splitList(row.cell('topics')),
    channels,
    status: status as ConsultationInput['status'],
    statutory: false,
  };
  return problems.length ? { problems } : { line: row.line, organisationCode: row.cell('organisationCode').toUpperCase() || null, input };
}
