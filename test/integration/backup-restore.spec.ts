import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../src/database/data-source-options';
import { seedReferenceData } from '../../src/seed/seed';
import { freePort, scratchDir } from '../support/scratch';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { databaseUrl, readTestEnv } from '../support/test-env';

jest.setTimeout(180_000);

interface Tool {
  path: string;
  major: number;
  version: string;
}
interface PgTools {
  serverMajor(url: string): Promise<number>;
  findTools(name: string): Tool[];
  fittingTools(found: Tool[], major: number): Tool[];
}
// The scripts are plain JavaScript, so that they run wherever the service runs.
const pgTools = require('../../scripts/pg-tools.js') as PgTools;
const SCRIPTS = join(__dirname, '..', '..', 'scripts');

/**
 * The tests' own server when a pg_dump and pg_restore fit it. Otherwise (the embedded
 * PostgreSQL 17, with Debian's 15 tools on the PATH) a throwaway server made with the server
 * programs beside a pg_dump that is there, migrated and seeded as the tests' template is.
 */
async function databaseToBackUp(): Promise<{ database: TestDatabase; stop(): Promise<void> } | string> {
  const major = await pgTools.serverMajor(readTestEnv('adminUrl'));
  const dumps = pgTools.findTools('pg_dump');
  const fits = (m: number) => pgTools.fittingTools(dumps, m).length > 0 && pgTools.fittingTools(pgTools.findTools('pg_restore'), m).length > 0;
  if (fits(major)) return { database: await createTestDatabase(), stop: async () => undefined };
  const withServer = dumps.find((t) => ['initdb', 'pg_ctl', 'postgres'].every((p) => existsSync(join(t.path, '..', p))) && fits(t.major));
  if (!withServer) {
    return `the test server is PostgreSQL ${major}, and no pg_dump of ${major} or later was found (${dumps.map((t) => `${t.path} ${t.version}`).join(', ') || 'none'}), nor a server beside one`;
  }
  return startThrowawayServer(join(withServer.path, '..'));
}

async function startThrowawayServer(bin: string): Promise<{ database: TestDatabase; stop(): Promise<void> }> {
  const dir = scratchDir('cc-backup-pg-');
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  // PostgreSQL refuses to run as root: as root, its programs run as the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    for (const folder of [dir, data]) chownSync(folder, id('-u'), id('-g'));
  }
  const as = (program: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, program), args, { stdio: 'pipe' });
  const port = await freePort();
  as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`, 'start']);
  const stop = async () => {
    as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const name = 'cc_backup_restore';
    await sql(adminUrl, `CREATE DATABASE ${name}`);
    const url = databaseUrl(adminUrl, name);
    await runMigrations(url);
    const dataSource = new DataSource(dataSourceOptions(url, 1));
    await dataSource.initialize();
    await seedReferenceData(dataSource).finally(() => dataSource.destroy());
    return { database: { url, name, drop: () => sql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function sql<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every table's row count, the indexes by name, and a checksum of the rows of a few tables. */
async function snapshot(url: string) {
  const tables = await sql<{ name: string }>(
    url,
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = Number((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM ${name}`))[0].n);
  const checksums: Record<string, string> = {};
  for (const table of ['consultation', 'conflict', 'member', 'area', 'audit_log', 'topic_word_count']) {
    checksums[table] = (await sql<{ sum: string }>(url, `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM ${table} t`))[0].sum;
  }
  const indexes = (await sql<{ name: string }>(url, `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`)).map((r) => r.name);
  return { counts, checksums, indexes };
}

function script(name: string, args: string[], url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(SCRIPTS, name), ...args], { env: { ...process.env, DATABASE_URL: url, PG_BIN_DIR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id conflicts { severity } } }`;
const COUNT = `{ consultations { totalCount } conflicts { totalCount } }`;

// npm run backup and npm run restore, as an operator runs them: back up a register with rows
// in it, wipe the database, restore, and find every row, index and API key as it was.
describe('backup and restore (scripts/backup.js, scripts/restore.js)', () => {
  let target: Awaited<ReturnType<typeof databaseToBackUp>>;
  let dir: string;
  let coordinatorKey: string;

  beforeAll(async () => {
    target = await databaseToBackUp();
    if (typeof target === 'string') return;
    dir = scratchDir('cc-backup-');
    const service = await createTestApp({}, target.database);
    try {
      const officer = await service.member('SCC', 'OFFICER');
      coordinatorKey = (await service.member('SCC', 'COORDINATOR')).apiKey;
      const plan = { audienceCodes: ['YOUNG_PEOPLE'], areaCodes: ['E07000197'], channels: ['FOCUS_GROUP'], startDate: '2027-03-01', endDate: '2027-03-28' };
      await service.ok(officer.apiKey, REGISTER, { input: { ...plan, title: 'Youth services review', topics: ['youth services'] } });
      await service.ok(officer.apiKey, REGISTER, { input: { ...plan, title: 'Youth offer survey', topics: ['youth services'], startDate: '2027-03-08' } });
      await service.ok(officer.apiKey, REGISTER, { input: { ...plan, title: 'Stafford parks survey', audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'] } });
    } finally {
      await service.app.close();
    }
  });

  afterAll(async () => {
    if (typeof target === 'string' || !target) return;
    await target.database.drop();
    await target.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up, refuses to restore over a database in use, restores into a wiped one, and the service finds it all', async () => {
    if (typeof target === 'string') {
      console.warn(`Skipped the backup and restore test: ${target}`);
      return;
    }
    const { url, name } = target.database;
    const before = await snapshot(url);
    expect(before.counts['public.consultation']).toBe(3);
    expect(before.counts['public.conflict']).toBeGreaterThan(0);
    expect(before.counts['public.area']).toBeGreaterThan(190);

    const file = join(dir, 'register.dump');
    const backup = await script('backup.js', ['--out', file], url);
    expect(backup).toMatchObject({ code: 0, stdout: `${file}\n` });
    expect(existsSync(file)).toBe(true);

    // A database with tables in it is not restored over unless asked.
    const refused = await script('restore.js', [file], url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${name} already holds`);

    // Wiped: dropped and created again, empty.
    const adminUrl = databaseUrl(url, 'postgres');
    await sql(adminUrl, `DROP DATABASE ${name} WITH (FORCE)`);
    await sql(adminUrl, `CREATE DATABASE ${name}`);
    expect(await sql(url, `SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)).toEqual([]);

    const restored = await script('restore.js', [file], url);
    expect(restored.stderr).toContain('Restored.');
    expect(restored.code).toBe(0);
    expect(await snapshot(url)).toEqual(before);

    // --replace drops what is there and restores again.
    const replaced = await script('restore.js', [file, '--replace'], url);
    expect(replaced.code).toBe(0);
    expect(await snapshot(url)).toEqual(before);

    // The service runs on it, and a key issued before the backup still signs in.
    const service = await createTestApp({}, target.database);
    try {
      const counts = await service.ok(coordinatorKey, COUNT);
      expect(counts.consultations.totalCount).toBe(3);
      expect(counts.conflicts.totalCount).toBeGreaterThan(0);
    } finally {
      await service.app.close();
    }
  });
});
