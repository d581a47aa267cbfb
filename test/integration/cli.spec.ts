import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { built } from '../support/built-service';
import { cliRun, CliRun, runCliHere } from '../support/cli-in-process';
import { scratchDir } from '../support/scratch';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

// The operator CLI as `npm run cli -- …` runs it, against this file's own database: a few commands
// as processes of the build in dist/ (which the global setup brings up to date), the rest in-process.
describe('operator CLI', () => {
  let database: TestDatabase;
  let service: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    service = await createTestApp({}, database);
  }, 120_000);
  const outbox = join(scratchDir('cc-outbox-'), 'outbox');
  afterAll(async () => {
    await service.close();
    rmSync(join(outbox, '..'), { recursive: true, force: true });
  });

  const environment = (databaseUrl: string) => ({ ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', DIGEST_OUTBOX_DIR: outbox, SMTP_HOST: '' });
  // The built CLI as operators run it, for what only a process shows (its exit code, a piped key
  // flushed before it exits): about 1.4 s of CPU a command, to load node and the service's modules.
  const spawnCli = (databaseUrl: string, args: string[]) =>
    new Promise<CliRun>((resolve) => {
      const child = spawn(process.execPath, [built('cli'), ...args], { env: environment(databaseUrl), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += String(d)));
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.once('close', (code) => resolve(cliRun(code, stdout, stderr)));
    });
  // The rest in this process, through runCli (a test below shows a process answers the same).
  const runInProcess = (databaseUrl: string, args: string[]) => runCliHere(args, environment(databaseUrl));
  const cli = (...args: string[]) => runInProcess(database.url, args);
  // A port nothing listens on: what the CLI answers there, it answered without the database.
  const nowhere = 'postgres://nobody@127.0.0.1:1/none';
  const cliWithoutDatabase = (...args: string[]) => runInProcess(nowhere, args);

  const me = (key: string) => service.graphql(key, `{ me { name email role organisation { code } } }`);

  it('bootstrap creates a county coordinator whose key, alone on the last line, signs in', async () => {
    const run = await spawnCli(database.url, ['bootstrap', '--email', 'ops@staffordshire.example', '--name', 'Olu Operator']);
    expect(run.code).toBe(0);
    expect(run.lastLine).toMatch(/^cc_[A-Za-z0-9_-]{43}$/);
    expect(run.stderr).toContain('shown once');
    expect((await me(run.lastLine)).data?.me).toEqual({
      name: 'Olu Operator',
      email: 'ops@staffordshire.example',
      role: 'COORDINATOR',
      organisation: { code: 'SCC' },
    });
  });

  it('as a process (node dist/cli/main.js) exits with the code runCli gives, having written the same stdout and stderr', async () => {
    const cases: [string, string[]][] = [
      [nowhere, ['--help']],
      [nowhere, ['member:create', '--org', 'SP', '--role', 'OFFICER']],
      [database.url, ['member:key', '--email', 'nobody@example.org']],
    ];
    const codes: (number | null)[] = [];
    for (const [url, args] of cases) {
      const spawned = await spawnCli(url, args);
      expect({ args, ...spawned }).toEqual({ args, ...(await runInProcess(url, args)) });
      codes.push(spawned.code);
    }
    expect(codes).toEqual([0, 2, 1]);
  });

  it('member:create makes a member of the named organisation and role', async () => {
    const run = await cli('member:create', '--org', 'SP', '--email', 'analyst@police.example', '--role', 'viewer');
    expect(run.code).toBe(0);
    expect((await me(run.lastLine)).data?.me).toMatchObject({ role: 'VIEWER', organisation: { code: 'SP' } });
  });

  it('refuses bad arguments at once, before touching the database, with exit 2, the reason and the usage, and prints no key', async () => {
    const cases: [string[], RegExp][] = [
      [['member:create', '--org', 'SP', '--email', 'x@police.example', '--role', 'KING'], /--role must be one of VIEWER, OFFICER, COORDINATOR/],
      [['member:create', '--org', 'SP', '--role', 'OFFICER'], /--email is required/],
      [['bootstrap', '--email', 'not-an-email'], /email/i],
      [['bootstrap', '--email', 'a@b.example', '--colour', 'red'], /Unknown option '--colour'/],
      [['launch-rockets'], /Unknown command "launch-rockets"/],
      [['digest:send', '--week', '2027-W53'], /--week must be an ISO week that exists, such as 2026-W48/],
      [['import', join(outbox, 'missing.csv'), '--member', 'ops@staffordshire.example'], /Cannot read .*missing\.csv: no such file/],
    ];
    for (const [args, reason] of cases) {
      const run = await cliWithoutDatabase(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(reason);
      expect(run.stderr).toContain('Usage: npm run cli --');
      expect(run.stdout).not.toMatch(/cc_/);
    }
  });

  it('prints help when asked, on stdout, with success: the commands, or one command\'s options', async () => {
    for (const ask of ['--help', '-h', 'help']) {
      const run = await cli(ask);
      expect({ ask, code: run.code, stderr: run.stderr }).toEqual({ ask, code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^Usage: npm run cli -- <command>/);
      expect(run.stdout).toContain('digest:send --week YYYY-Www');
    }
    const one = await cli('member:create', '--help');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^Usage: npm run cli -- member:create --org CODE --email E --role VIEWER\|OFFICER\|COORDINATOR/);
  });

  it('member:key gives a member a new key, alone on the last line; the old one stops working', async () => {
    const created = await cli('member:create', '--org', 'TBC', '--email', 'lost.key@tamworth.example', '--role', 'OFFICER');
    const renewed = await cli('member:key', '--email', 'LOST.KEY@tamworth.example');
    expect(renewed.code).toBe(0);
    expect(renewed.lastLine).toMatch(/^cc_[A-Za-z0-9_-]{43}$/);
    expect(renewed.stderr).toContain('old key no longer works');
    expect((await me(renewed.lastLine)).data?.me).toMatchObject({ email: 'lost.key@tamworth.example' });
    expect((await me(created.lastLine)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const unknown = await cli('member:key', '--email', 'nobody@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No member has the email nobody@example.org \(email\)/);
    expect(unknown.stdout).not.toMatch(/cc_/);
  });

  it('reports an unknown organisation as an error naming the field, and creates nobody', async () => {
    const run = await cli('member:create', '--org', 'NOPE', '--email', 'ghost@example.org', '--role', 'OFFICER');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/organisation.*NOPE|NOPE.*organisation/i);
    const ghosts: unknown[] = await service.dataSource.query(`SELECT 1 FROM member WHERE email = 'ghost@example.org'`);
    expect(ghosts).toHaveLength(0);
  });

  it('refuses a second member with the same email', async () => {
    const run = await cli('member:create', '--org', 'SCC', '--email', 'ops@staffordshire.example', '--role', 'OFFICER');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/email/i);
  });

  it('migrate and seed are safe to repeat on an up-to-date database', async () => {
    const migrate = await cli('migrate');
    expect(migrate.code).toBe(0);
    expect(migrate.lastLine).toBe('The database schema is up to date');
    const seed = await cli('seed');
    expect(seed.code).toBe(0);
    expect(seed.lastLine).toBe('Added 0 organisations, 0 areas, 0 audiences, 0 blackout periods');
  });

  describe('digest:send', () => {
    const week = '2026-W53'; // any week: the operator names it

    it('--dry-run lists what each member would get and sends nothing', async () => {
      const run = await cli('digest:send', '--week', week, '--dry-run');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^ops@staffordshire\.example\tNOT PLANNED\tConsultation digest, week 53, .*$/m);
      const rows: unknown[] = await service.dataSource.query(`SELECT 1 FROM digest_delivery`);
      expect(rows).toHaveLength(0);
    });

    it('sends one member’s digest, to the outbox folder when no SMTP server is set, and only once', async () => {
      const run = await cli('digest:send', '--week', week, '--member', 'ops@staffordshire.example');
      expect(run.code).toBe(0);
      expect(run.lastLine).toBe(`${week}: 1 sent, 0 skipped, 0 failed, 0 taken by another sender`);
      expect(run.stderr).toContain('.eml files in');
      const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const eml = readFileSync(join(outbox, files[0]), 'utf8');
      expect(eml).toMatch(/^To: ops@staffordshire\.example$/m);
      expect(eml).toMatch(/Content-Type: multipart\/alternative/);

      const again = await cli('digest:send', '--week', week, '--member', 'ops@staffordshire.example');
      expect(again.lastLine).toBe(`${week}: 0 sent, 0 skipped, 0 failed, 0 taken by another sender`);
      expect(readdirSync(outbox).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    });

    it('refuses a member who does not exist (a week that does not is refused with the other bad arguments)', async () => {
      const nobody = await cli('digest:send', '--week', week, '--member', 'nobody@example.org');
      expect(nobody.code).toBe(2);
      expect(nobody.stderr).toContain('No member has the email nobody@example.org');
    });
  });

  describe('import and export', () => {
    const dir = scratchDir('cc-import-');
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const header = 'title,summary,organisation code,start,end,area codes,audience codes,topics,channels,status';
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('imports a forward plan as a member, after a dry run that keeps nothing', async () => {
      const plan = file('plan.csv', `${header}\nMuseum opening hours,,SCC,01/05/2028,2028-05-28,E10000028,RESIDENTS,museums,online survey,\nMuseum shop,,SCC,2028-05-10,2028-05-20,E07000199,RESIDENTS,museums,,\n`);
      const count = async () => Number((await service.dataSource.query(`SELECT count(*) FROM consultation WHERE title LIKE 'Museum%'`))[0].count);

      const dry = await cli('import', plan, '--member', 'ops@staffordshire.example', '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.lastLine).toBe('Dry run: all 2 rows can be imported; nothing was kept');
      expect(await count()).toBe(0);

      const real = await cli('import', plan, '--member', 'ops@staffordshire.example');
      expect(real.code).toBe(0);
      // With the other row: a shared topic (DUPLICATE, HIGH) and an overlap of residents at large (LOW); and a pre-election period.
      expect(real.stdout).toMatch(/^line 2\tSCC\tMuseum opening hours\t1–28 May 2028\t3 conflicts \(1 HIGH\)$/m);
      expect(real.lastLine).toBe('Imported 2 consultations');
      expect(await count()).toBe(2);

      const out = join(dir, 'export.csv');
      const exported = await cli('export', 'consultations', '--member', 'ops@staffordshire.example', '--organisation', 'SCC', '--out', out);
      expect(exported.code).toBe(0);
      expect(readFileSync(out, 'utf8')).toMatch(/^\uFEFFtitle,summary,organisation code,start,end.*\r\nMuseum opening hours,,SCC,2028-05-01,2028-05-28,E10000028,RESIDENTS,museums,ONLINE_SURVEY,PLANNED,/s);
    });

    it('lists every problem with its line, imports nothing and exits 1', async () => {
      const bad = file('bad.csv', `${header}\nGood row,,,2028-06-01,2028-06-14,E10000028,RESIDENTS,,,\nBad row,,,2028-06-31,2028-06-14,NOWHERE,RESIDENTS,,,\n`);
      const run = await cli('import', bad, '--member', 'ops@staffordshire.example');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('line 3, start: "2028-06-31" is not a date: write YYYY-MM-DD or DD/MM/YYYY');
      expect(run.stderr).toContain('1 problem in 2 rows; nothing was imported');
      expect(Number((await service.dataSource.query(`SELECT count(*) FROM consultation WHERE title = 'Good row'`))[0].count)).toBe(0);
    });

    it('loads areas from CSV for an operator: a dry run keeps nothing, a bad file changes nothing and exits 1', async () => {
      const areas = file('areas.csv', 'code,name,level,within,valid from\nE05099911,Bolebridge,WARD,E07000199,2027-05-06\n');
      const count = async () => Number((await service.dataSource.query(`SELECT count(*) FROM area WHERE code = 'E05099911'`))[0].count);
      const dry = await cli('areas:import', areas, '--dry-run');
      expect({ code: dry.code, last: dry.lastLine }).toEqual({ code: 0, last: 'Dry run: 1 created, 0 changed, 0 unchanged; nothing was kept' });
      expect(await count()).toBe(0);
      const real = await cli('areas:import', areas);
      expect(real.stdout).toContain('line 2\tE05099911\tBolebridge\tcreate');
      expect(real.lastLine).toBe('1 created, 0 changed, 0 unchanged');
      expect(await count()).toBe(1);
      const bad = await cli('areas:import', file('bad-areas.csv', 'code,name,level,within\nE05099912,Kettlebrook,WARD,NOWHERE\n'));
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('line 2, within: Unknown area code: NOWHERE');
    });

    it('explains an unknown member (a missing file is refused with the other bad arguments)', async () => {
      const nobody = await cli('import', file('x.csv', header), '--member', 'nobody@example.org');
      expect(nobody.code).toBe(2);
      expect(nobody.stderr).toContain('No active member has the email nobody@example.org');
    });
  });
});
