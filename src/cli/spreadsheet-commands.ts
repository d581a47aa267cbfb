import { readFile, writeFile } from 'node:fs/promises';
import { INestApplicationContext } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { Caller } from '../auth/caller';
import { formatDateRange } from '../common/dates/calendar-date';
import { ConsultationExportService } from '../spreadsheets/consultation-export.service';
import { ConsultationImportService } from '../spreadsheets/consultation-import.service';
import { AreaImportService } from '../areas/area-import.service';
import { RowProblem } from '../spreadsheets/read-sheet';
import { cliCommand, CliContext, CliValues, optionalString, requireString, UsageError } from './cli-command';

export const importCommand = cliCommand({
  name: 'import',
  summary: 'Register a forward plan from CSV, all or nothing, as a member (--dry-run: check only)',
  usage: 'import FILE.csv --member EMAIL [--dry-run]',
  options: { member: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: true,
  args: async (values, positionals) => ({ ...(await csvFileArgs(values, positionals)), email: requireString(values, 'member') }),
  async run(context, { csv, email, dryRun }) {
    const app = await context.app();
    const caller = await memberCaller(app, email);
    const report = await app.get(ConsultationImportService).importCsv(caller, csv, dryRun);
    printProblems(context, report);
    for (const row of report.rows) {
      const high = row.conflicts.filter((c) => c.severity === 'HIGH').length;
      context.print(`line ${row.line}\t${row.organisationCode}\t${row.title}\t${formatDateRange(row.startDate, row.endDate)}\t${plural(row.conflicts.length, 'conflict')} (${high} HIGH)`);
    }
    context.print(report.imported ? `Imported ${report.rows.length} consultations` : `Dry run: all ${report.rows.length} rows can be imported; nothing was kept`);
  },
});

export const areasImportCommand = cliCommand({
  name: 'areas:import',
  summary: 'Add and change areas from CSV, all or nothing: a boundary review, say (--dry-run: check only)',
  usage: 'areas:import FILE.csv [--dry-run]',
  options: { 'dry-run': { type: 'boolean' } },
  positionals: true,
  args: csvFileArgs,
  async run(context, { csv, dryRun }) {
    const report = await (await context.app()).get(AreaImportService).importCsv(undefined, csv, dryRun);
    printProblems(context, report);
    for (const row of report.rows) context.print(`line ${row.line}\t${row.code}\t${row.name}\t${row.action.toLowerCase()}`);
    const counts = (['CREATE', 'UPDATE'] as const).map((action) => report.rows.filter((row) => row.action === action).length);
    context.print(`${report.imported ? '' : 'Dry run: '}${counts[0]} created, ${counts[1]} changed, ${report.rows.length - counts[0] - counts[1]} unchanged${report.imported ? '' : '; nothing was kept'}`);
  },
});

// The file is read before anything connects: a mistyped name is a usage error, database or not.
async function csvFileArgs(values: CliValues, positionals: string[]): Promise<{ csv: string; dryRun: boolean }> {
  if (positionals.length !== 1) throw new UsageError('Give one CSV file to import');
  const csv = await readFile(positionals[0], 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read ${positionals[0]}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  return { csv, dryRun: values['dry-run'] === true };
}

/** An import's problems, one a line; any problem means nothing was imported (exit 1). */
function printProblems(context: CliContext, report: { ignoredColumns: string[]; problems: RowProblem[]; rowCount: number }): void {
  if (report.ignoredColumns.length) context.info(`Ignored columns: ${report.ignoredColumns.join(', ')}`);
  for (const p of report.problems) context.print(`line ${p.line}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
  if (report.problems.length) throw new Error(`${plural(report.problems.length, 'problem')} in ${plural(report.rowCount, 'row')}; nothing was imported`);
}

export const exportCommand = cliCommand({
  name: 'export',
  summary: 'Write the consultations (or their conflicts) a member can see as CSV for Excel',
  usage: 'export consultations|conflicts --member EMAIL [--organisation CODE] [--out FILE]',
  options: { member: { type: 'string' }, organisation: { type: 'string' }, out: { type: 'string' } },
  positionals: true,
  args(values, positionals) {
    const [what] = positionals;
    if (positionals.length !== 1 || (what !== 'consultations' && what !== 'conflicts')) throw new UsageError('Say what to export: consultations or conflicts');
    return { what, email: requireString(values, 'member'), organisation: optionalString(values, 'organisation'), out: optionalString(values, 'out') };
  },
  async run(context, { what, email, organisation, out }) {
    const app = await context.app();
    const caller = await memberCaller(app, email);
    const filter = organisation ? { organisationCodes: [organisation] } : {};
    const exports = app.get(ConsultationExportService);
    const file = what === 'consultations' ? await exports.consultationsCsv(caller, filter) : await exports.conflictsCsv(caller, filter);
    if (out) {
      await writeFile(out, file.content);
      context.info(`Wrote ${file.rowCount} ${what} to ${out}`);
    } else {
      context.write(file.content);
    }
  },
});

async function memberCaller(app: INestApplicationContext, email: string): Promise<Caller> {
  const caller = await app.get(AuthService).callerForEmail(email);
  if (!caller) throw new UsageError(`No active member has the email ${email}`);
  return caller;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
