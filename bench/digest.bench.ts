import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { addDays, todayInLondon } from '../src/common/dates/calendar-date';
import { isoWeekOf } from '../src/common/dates/iso-week';
import { defaultSharedBuffersMb, loadConfig } from '../src/config/app-config';
import { ConsultationsService } from '../src/consultations/consultations.service';
import { runMigrations } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { DigestQueue } from '../src/digest/digest-queue';
import { MembersService } from '../src/members/members.service';
import { seedReferenceData } from '../src/seed/seed';

// npm run bench: compose and send 10,000 member digests through the real queue to a local SMTP
// sink, timing it and sampling memory. Target (issue 35): under 60 s on 2 cores, RSS at most 400 MB.
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const CONSULTATIONS = Number(process.env.BENCH_CONSULTATIONS ?? 300);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  const { url: adminUrl, stop } = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: 54500 + Math.floor(Math.random() * 400), database: 'postgres', sharedBuffersMb: defaultSharedBuffersMb() });
  const database = `cc_bench_${Date.now()}`;
  await admin(adminUrl, `CREATE DATABASE ${database}`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  const sink = await startSink();
  try {
    await runMigrations(url);
    const config = loadConfig({
      NODE_ENV: 'production', LOG_LEVEL: 'warn', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port),
      DIGEST_SCHEDULE: 'true', DIGEST_CRON: '0 7 * * 1', DIGEST_SEND_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '25',
    });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, digest: { ...config.digest, schedule: false } }, url), { logger: ['error'] });
    await seedReferenceData(app.get(DataSource));
    await fillRegister(app.get(DataSource), app.get(MembersService), app.get(ConsultationsService));
    await sentLastWeek(app.get(DataSource));
    await app.close();

    // The service as it runs: the schedule on, workers polling the queue.
    const service = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), { logger: ['error', 'warn'] });
    await service.init();
    const dataSource = service.get(DataSource);
    const week = isoWeekOf(new Date());
    const memory: number[] = [];
    const sampler = setInterval(() => memory.push(process.memoryUsage().rss), 1000);
    const started = Date.now();
    await service.get(DigestQueue).planAndQueue(week);
    for (;;) {
      const [{ open }] = await dataSource.query(`SELECT count(*)::int AS open FROM digest_delivery WHERE week = $1 AND status IN ('PENDING','SENDING','FAILED')`, [week.id]);
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const statuses = await dataSource.query(`SELECT status, count(*)::int AS n FROM digest_delivery WHERE week = $1 GROUP BY status ORDER BY status`, [week.id]);
    const received = await sink.count();
    await service.close();
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    const firstQuarter = memory.slice(0, Math.max(1, Math.floor(memory.length / 4)));
    const lastQuarter = memory.slice(-Math.max(1, Math.floor(memory.length / 4)));
    console.log(JSON.stringify({
      members: MEMBERS,
      consultations: CONSULTATIONS,
      seconds: Math.round(seconds * 10) / 10,
      digestsPerSecond: Math.round(received / seconds),
      smtpReceived: received,
      statuses,
      rss: { min: mb(Math.min(...memory)), max: mb(Math.max(...memory)), firstQuarterAvg: mb(avg(firstQuarter)), lastQuarterAvg: mb(avg(lastQuarter)) },
      target: 'under 60 s, RSS at most 400 MB',
      met: seconds < 60 && Math.max(...memory) <= 400 * 1024 * 1024 && received === MEMBERS,
    }, null, 2));
  } finally {
    sink.close();
    if (process.env.BENCH_KEEP_DB) console.log(`Kept database ${database} for inspection`);
    else await admin(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// A network of MEMBERS members across the 15 organisations, and a busy register around today.
async function fillRegister(dataSource: DataSource, members: MembersService, consultations: ConsultationsService) {
  const organisations: { id: string; code: string }[] = await dataSource.query(`SELECT id, code FROM organisation ORDER BY code`);
  await dataSource.query(
    `INSERT INTO member (organisation_id, name, email, role)
     SELECT ($1::uuid[])[1 + i % array_length($1::uuid[], 1)], 'Member ' || i, 'member' || i || '@bench.example', 'VIEWER'
       FROM generate_series(1, $2) AS i`,
    [organisations.map((o) => o.id), MEMBERS - organisations.length],
  );
  const areas: { code: string }[] = await dataSource.query(`SELECT code FROM area WHERE level IN ('DISTRICT','WARD','UNITARY') ORDER BY code`);
  const audiences: { code: string }[] = await dataSource.query(`SELECT code FROM audience ORDER BY code`);
  const officers = [];
  for (const o of organisations) {
    const { member } = await members.create(undefined, { organisationCode: o.code, email: `officer@${o.code.toLowerCase()}.bench.example`, role: 'OFFICER' });
    officers.push({ memberId: member.id, organisationId: o.id, role: 'OFFICER' as const, name: member.name, email: member.email });
  }
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const today = todayInLondon(new Date());
  for (let i = 0; i < CONSULTATIONS; i++) {
    const start = addDays(today, Math.floor(random() * 60) - 20);
    await consultations.register(pick(officers), {
      title: `Bench consultation ${i} on ${pick(['parking', 'libraries', 'youth services', 'policing priorities', 'bus routes', 'health services'])}`,
      topics: [pick(['transport', 'community safety', 'health', 'youth', 'environment'])],
      audienceCodes: [pick(audiences).code],
      areaCodes: [pick(areas).code, pick(areas).code],
      channels: ['ONLINE_SURVEY'],
      startDate: start,
      endDate: addDays(start, 14 + Math.floor(random() * 30)),
      status: 'PLANNED',
      statutory: false,
    } as never);
  }
}

// A week as it runs in service: each member's last digest went a week ago, at its own moment of a
// run that took a couple of minutes, so each member's "since" differs.
async function sentLastWeek(dataSource: DataSource) {
  const last = isoWeekOf(addDays(todayInLondon(new Date()), -7));
  await dataSource.query(
    `INSERT INTO digest_delivery (member_id, week, week_start, status, email, sent_at)
     SELECT id, $1, $2, 'SENT', email, now() - interval '7 days' + row_number() OVER (ORDER BY id) * interval '10 ms' FROM member`,
    [last.id, last.start],
  );
}

function startSink(): Promise<{ port: number; count(): Promise<number>; close(): void }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/smtp-counter.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  child.stdout.on('data', (chunk) => {
    buffer += String(chunk);
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      waiters.shift()?.(line);
    }
  });
  const next = () => new Promise<string>((resolve) => waiters.push(resolve));
  return next().then((line) => ({
    port: Number(line.split(' ')[1]),
    count: async () => {
      const reply = next();
      child.stdin.write('count\n');
      return Number((await reply).split(' ')[1]);
    },
    close: () => child.kill(),
  }));
}

async function admin(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
