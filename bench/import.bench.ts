import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { AuthService } from '../src/auth/auth.service';
import { addDays } from '../src/common/dates/calendar-date';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/data-source-options';
import { MembersService } from '../src/members/members.service';
import { COUNTY_COUNCIL_CODE } from '../src/seed/reference-data';
import { seedReferenceData } from '../src/seed/seed';
import { ConsultationExportService, CsvFile } from '../src/spreadsheets/consultation-export.service';
import { ConsultationImportService, ImportReport } from '../src/spreadsheets/consultation-import.service';
import { createThrowawayDatabase } from './support/throwaway-database';

// npm run bench:import [-- --rows 2000] [--data DIR] [--json FILE]: a big forward plan imported on
// the realistic year (data/realistic-year-2027, loaded as bench:realism loads it), dry run first,
// then applied, timed through the import service the mutation calls. The plan repeats the year's
// consultations a year apart (each copy 364 days on, so weekdays stay), the shape of a body filing
// its recurring consultations ahead; copies of one title clash as DUPLICATEs, as a real plan's do.
// It also checks that the dry run reported what applying kept. A measurement: exits 0 unless the
// import fails or the two reports differ.
const DEFAULT_DATA = join(__dirname, '..', 'data', 'realistic-year-2027');
const COORDINATOR = 'import.coordinator@example.org';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '2000' }, data: { type: 'string', default: DEFAULT_DATA }, json: { type: 'string' } } });
  const register = readFileSync(join(resolve(values.data), 'register.csv'), 'utf8');
  const plan = recurringPlan(register, Number(values.rows));
  const database = await createThrowawayDatabase('import');
  await runMigrations(database.url);
  const loaded = loadConfig();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...loaded, logLevel: 'warn', digest: { ...loaded.digest, schedule: false } }, database.url), { logger: ['error', 'warn'] });
  try {
    const dataSource = app.get(DataSource);
    await seedReferenceData(dataSource);
    await app.get(MembersService).create(undefined, { organisationCode: COUNTY_COUNCIL_CODE, email: COORDINATOR, role: 'COORDINATOR' });
    const caller = (await app.get(AuthService).callerForEmail(COORDINATOR))!;
    const imports = app.get(ConsultationImportService);
    const year = await timed(() => imports.importCsv(caller, register, false));
    console.log(`The realistic year: ${year.report.rows.length} consultations in ${year.seconds} s`);
    const dryRun = await timed(() => imports.importCsv(caller, plan, true));
    const watch = watchClashLocks(database.url);
    const applied = await timed(() => imports.importCsv(caller, plan, false));
    const clashLocksHeldSeconds = await watch.stop();
    for (const [name, run] of [['dry run', dryRun], ['apply', applied]] as const) {
      if (run.report.problems.length) throw new Error(`The ${name} found problems: ${JSON.stringify(run.report.problems.slice(0, 5))}`);
    }
    const differences = compare(dryRun.report, applied.report);
    const exports = app.get(ConsultationExportService);
    const consultationsCsv = await timedExport(() => exports.consultationsCsv(caller));
    const conflictsCsv = await timedExport(() => exports.conflictsCsv(caller));
    const conflicts = applied.report.rows.reduce((sum, row) => sum + row.conflicts.length, 0);
    const [{ kept }] = await dataSource.query(`SELECT count(*)::int AS kept FROM conflict`);
    const figures = {
      date: new Date().toISOString(),
      register: year.report.rows.length,
      rows: applied.report.rows.length,
      conflictsReported: conflicts,
      conflictsKept: kept,
      dryRunSeconds: dryRun.seconds,
      applySeconds: applied.seconds,
      dryRunMsPerRow: round((dryRun.seconds * 1000) / applied.report.rows.length),
      applyMsPerRow: round((applied.seconds * 1000) / applied.report.rows.length),
      clashLocksHeldSeconds,
      reportsDiffer: differences.length,
      exportConsultations: consultationsCsv,
      exportConflicts: conflictsCsv,
    };
    console.log(`\n${JSON.stringify(figures, null, 2)}`);
    if (differences.length) console.log(`The dry run and the import reported differently, e.g.:\n${differences.slice(0, 5).join('\n')}`);
    if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
    return differences.length ? 1 : 0;
  } finally {
    await app.close();
    await database.drop();
  }
}

/** `rows` rows: the year's consultations again and again, each round 364 days later than the last. */
function recurringPlan(register: string, rows: number): string {
  const [header, ...year] = parse(register, { bom: true }) as string[][];
  const [start, end] = [header.indexOf('start'), header.indexOf('end')];
  const plan: string[][] = [];
  for (let round = 1; plan.length < rows; round++) {
    for (const row of year.slice(0, rows - plan.length)) {
      plan.push(row.map((cell, column) => (column === start || column === end ? addDays(cell, 364 * round) : cell)));
    }
  }
  return stringify([header, ...plan]);
}

/**
 * Each row's conflicts as a user reads them (kind, severity, explanation, dates, what it shares),
 * ids aside. A FATIGUE explanation names the first few of the consultations it counts, and ids
 * break ties among them, so which few differs from one import to the next: it is compared up to
 * the names (how many, whom, where, when).
 */
function compare(dryRun: ImportReport, applied: ImportReport): string[] {
  const told = (report: ImportReport) =>
    report.rows.map((row) =>
      row.conflicts
        .map((c) => {
          const explanation = c.kind === 'FATIGUE' ? c.explanation.split(': this one and')[0] : c.explanation;
          return JSON.stringify([c.kind, c.severity, explanation, c.overlapStart, c.overlapEnd, c.blackoutId, c.sharedAreaIds, c.sharedAudienceIds, c.sharedChannels, c.sharedTopics]);
        })
        .sort(),
    );
  const [a, b] = [told(dryRun), told(applied)];
  return a.flatMap((conflicts, i) => {
    const [onlyDry, onlyApplied] = [conflicts.filter((c) => !b[i].includes(c)), b[i].filter((c) => !conflicts.includes(c))];
    return onlyDry.length || onlyApplied.length ? [`line ${dryRun.rows[i].line}: only in the dry run ${onlyDry.join(' ')}; only applied ${onlyApplied.join(' ')}`] : [];
  });
}

async function timed(run: () => Promise<ImportReport>): Promise<{ report: ImportReport; seconds: number }> {
  const started = process.hrtime.bigint();
  const report = await run();
  return { report, seconds: round(Number(process.hrtime.bigint() - started) / 1e9) };
}

/** An export of the whole register, as exportConsultations and exportConflicts make it: its rows and time. */
async function timedExport(run: () => Promise<CsvFile>): Promise<{ rows: number; seconds: number; msPer1000Rows: number }> {
  const started = process.hrtime.bigint();
  const file = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows: file.rowCount, seconds: round(seconds), msPer1000Rows: round((seconds * 1e6) / file.rowCount) };
}

/**
 * How long the apply held clash (territory) locks, the locks other officers' registrations wait on:
 * from the first time another connection sees one held to the last, looking every 20 ms.
 */
function watchClashLocks(url: string): { stop(): Promise<number> } {
  const client = new Client({ connectionString: url });
  let [first, last, watching] = [0, 0, true];
  const looking = (async () => {
    await client.connect();
    while (watching) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`);
      if (rows[0].n > 0) [first, last] = [first || Date.now(), Date.now()];
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
  })();
  return {
    async stop() {
      watching = false;
      await looking;
      return round((last - first) / 1000);
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
