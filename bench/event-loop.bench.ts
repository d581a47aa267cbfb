import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AppModule } from '../src/app.module';
import { AuthService } from '../src/auth/auth.service';
import { configureHttp } from '../src/common/http/configure-http';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/data-source-options';
import { MembersService } from '../src/members/members.service';
import { COUNTY_COUNCIL_CODE } from '../src/seed/reference-data';
import { seedReferenceData } from '../src/seed/seed';
import { ConsultationImportService } from '../src/spreadsheets/consultation-import.service';
import { heaviestRequests, Reference, REFERENCE_QUERY } from './support/heaviest-requests';
import { writeResults } from './support/results';
import { createThrowawayDatabase } from './support/throwaway-database';
import { DataSource } from 'typeorm';

// npm run bench:event-loop: how long the heaviest requests GRAPHQL_MAX_WORK admits hold the event
// loop. The realistic year (data/realistic-year-2027) is imported into a throwaway database; the
// service runs in this process, so the event loop measured (monitorEventLoopDelay) is its own, and
// /health/live is asked every 20 ms over HTTP while each request runs. A measurement, not a test.
const REGISTER = join(__dirname, '..', 'data', 'realistic-year-2027', 'register.csv');

interface Figures {
  request: string;
  work: number;
  ms: number;
  loopDelayMaxMs: number;
  healthMaxMs: number;
  healthAnswers: number;
}

async function main(): Promise<void> {
  const database = await createThrowawayDatabase('event_loop');
  // The same heaviest requests again and again: a member's work a minute would refuse them.
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DIGEST_SCHEDULE: 'false', RATE_LIMIT_WORK_PER_MINUTE: '0' } as Record<string, string>);
  try {
    await runMigrations(database.url);
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url), { logger: ['error', 'warn'] });
    configureHttp(app);
    await app.listen(0, '127.0.0.1');
    try {
      const key = await loadRegister(app);
      const figures = await measure((await app.getUrl()).replace('[::1]', '127.0.0.1'), key);
      const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
      const rows = figures.map((f) => `| ${f.request} | ${f.work.toLocaleString('en-GB')} | ${f.ms} ms | ${f.loopDelayMaxMs} ms | ${f.healthMaxMs} ms | ${f.healthAnswers} |`);
      const markdown = [
        `Event loop under the heaviest admitted requests, ${new Date().toISOString().slice(0, 10)}, ${commit}, the realistic year 2027 (GRAPHQL_MAX_WORK ${config.graphql.maxWork})`,
        '',
        '| request | work | time | event-loop delay, max | /health/live, slowest | /health/live answers meanwhile |',
        '|---|---|---|---|---|---|',
        ...rows,
        '',
      ].join('\n');
      writeResults(`event-loop-${new Date().toISOString().slice(0, 10)}`, { date: new Date().toISOString(), commit, figures }, markdown);
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}

/** Seeds, imports the realistic year as a coordinator, and gives a viewer's key (any viewer may ask for these). */
async function loadRegister(app: NestExpressApplication): Promise<string> {
  await seedReferenceData(app.get(DataSource));
  const coordinator = 'event-loop.coordinator@example.org';
  await app.get(MembersService).create(undefined, { organisationCode: COUNTY_COUNCIL_CODE, email: coordinator, role: 'COORDINATOR' });
  const report = await app.get(ConsultationImportService).importCsv((await app.get(AuthService).callerForEmail(coordinator))!, readFileSync(REGISTER, 'utf8'), false);
  if (!report.imported) throw new Error('The realistic year did not import');
  return (await app.get(MembersService).create(undefined, { organisationCode: 'TBC', email: 'event-loop.viewer@example.org', role: 'VIEWER' })).apiKey;
}

async function measure(baseUrl: string, key: string): Promise<Figures[]> {
  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const { areaCount, audienceCount, aliased, everywhere, countyWide, check, windows } = heaviestRequests((await graphql(REFERENCE_QUERY)) as unknown as Reference);
  const cases: [string, number, string, Record<string, unknown>][] = [
    [`checkConsultation, ${areaCount} areas × ${audienceCount} audiences`, areaCount * audienceCount, aliased(1, check), { in: everywhere }],
    ['the same, 15 aliases (the most allowed)', 15 * areaCount * audienceCount, aliased(15, check), { in: everywhere }],
    [`suggestWindows, two years, the county × ${audienceCount} audiences`, 731 * audienceCount, aliased(1, windows), { in: countyWide }],
    ['the same, 6 aliases (the most under the work limit)', 6 * 731 * audienceCount, aliased(6, windows), { in: countyWide }],
  ];
  const figures: Figures[] = [];
  for (const [request, work, query, variables] of cases) {
    await graphql(query, variables); // warm: plans prepared, reference rows held
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const health: number[] = [];
    let running = true;
    const probing = (async () => {
      while (running) {
        const started = performance.now();
        await fetch(`${baseUrl}/health/live`);
        health.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    delay.enable();
    const started = performance.now();
    await graphql(query, variables);
    const ms = Math.round(performance.now() - started);
    running = false;
    await probing;
    delay.disable();
    figures.push({ request, work, ms, loopDelayMaxMs: Math.round(delay.max / 1e6), healthMaxMs: Math.round(Math.max(...health)), healthAnswers: health.length });
  }
  return figures;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
