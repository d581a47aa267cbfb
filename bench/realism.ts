import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { AuthService } from '../src/auth/auth.service';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/data-source-options';
import { MembersService } from '../src/members/members.service';
import { COUNTY_COUNCIL_CODE } from '../src/seed/reference-data';
import { seedReferenceData } from '../src/seed/seed';
import { ConsultationImportService } from '../src/spreadsheets/consultation-import.service';
import { formatRealism } from './realism/report';
import { KeptConflict, Labels, scoreRealism } from './realism/score';
import { createThrowawayDatabase } from './support/throwaway-database';

// npm run bench:realism [-- --data DIR] [--json FILE] [--keep]: the clash rules measured on a labelled year
// (register.csv + labels.json, as data/realistic-year-2027/README.md describes). The register goes
// in through the public import, as an officer's spreadsheet would, into a throwaway database; the
// figures come from the conflicts it keeps. A measurement, not a test: it exits 0 whatever they are.
const DEFAULT_DATA = join(__dirname, '..', 'data', 'realistic-year-2027');
const COORDINATOR = 'realism.coordinator@example.org';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { data: { type: 'string', default: DEFAULT_DATA }, json: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const data = resolve(values.data);
  const labels = JSON.parse(readFileSync(join(data, 'labels.json'), 'utf8')) as Labels;
  const csv = readFileSync(join(data, 'register.csv'), 'utf8');
  const started = Date.now();
  const database = await createThrowawayDatabase('realism');
  try {
    await runMigrations(database.url);
    const { titles, conflicts } = await importAndRead(database.url, csv);
    const realism = scoreRealism(labels, titles, conflicts);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    console.log(`\n${formatRealism(relative(process.cwd(), data) || data, realism)}\n\nMeasured in ${seconds} s`);
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ date: new Date().toISOString(), data, seconds, ...realism }, null, 2)}\n`);
    return 0;
  } finally {
    // --keep leaves the database to look into (its address printed), e.g. why a pair has its verdict.
    if (values.keep) console.log(`Kept: ${database.url}`);
    else await database.drop();
  }
}

/** Seeds, imports the register as a coordinator (the CLI's and the mutation's service), reads what is kept. */
async function importAndRead(url: string, csv: string): Promise<{ titles: string[]; conflicts: KeptConflict[] }> {
  // The rules as configured (CLASH_* settings apply); no digest schedule, service logs only when wrong.
  const loaded = loadConfig();
  const config = { ...loaded, logLevel: 'warn' as const, digest: { ...loaded.digest, schedule: false } };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), { logger: ['error', 'warn'] });
  try {
    const dataSource = app.get(DataSource);
    await seedReferenceData(dataSource);
    await app.get(MembersService).create(undefined, { organisationCode: COUNTY_COUNCIL_CODE, email: COORDINATOR, role: 'COORDINATOR' });
    const caller = (await app.get(AuthService).callerForEmail(COORDINATOR))!;
    console.log('Importing the register');
    const report = await app.get(ConsultationImportService).importCsv(caller, csv, false);
    if (!report.imported) {
      const problems = report.problems.map((p) => `line ${p.line}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
      throw new Error(`The register did not import:\n${problems.join('\n')}`);
    }
    const titles: { title: string }[] = await dataSource.query(`SELECT title FROM consultation`);
    const conflicts: KeptConflict[] = await dataSource.query(
      `SELECT c.kind, c.severity, a.title, b.title AS "otherTitle"
         FROM conflict c JOIN consultation a ON a.id = c.consultation_id LEFT JOIN consultation b ON b.id = c.other_id`,
    );
    return { titles: titles.map((t) => t.title), conflicts };
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
