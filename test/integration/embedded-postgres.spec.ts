import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { built } from '../support/built-service';
import { queryOnce } from '../support/query-once';
import { freePort, scratchDir } from '../support/scratch';

jest.setTimeout(120_000);

// The zero-set-up database, driven from child processes as `npm start` runs it: it keeps its
// data across restarts, recovers after a crash, and explains what it cannot fix.
describe('embedded PostgreSQL', () => {
  const dir = scratchDir('cc-embedded-');
  const dataDir = join(dir, 'postgres');
  let port: number;

  beforeAll(async () => (port = await freePort()));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its data across a restart', async () => {
    let service = await startService(dataDir, port);
    await queryOnce(service.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await service.stop();
    expect(await portIsOpen(port)).toBe(false);

    service = await startService(dataDir, port);
    expect(await queryOnce(service.url, `SELECT note FROM kept`)).toEqual([{ note: 'still here' }]);
    await service.stop();
  });

  it('adopts the server a killed service left running, and stops it when done', async () => {
    const crashed = await startService(dataDir, port);
    await crashed.kill();
    const orphan = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(processIsAlive(orphan)).toBe(true);

    const service = await startService(dataDir, port);
    expect(service.output).toContain(`Adopting the embedded PostgreSQL (pid ${orphan}) left running by a process that died`);
    expect(await queryOnce(service.url, `SELECT note FROM kept`)).toEqual([{ note: 'still here' }]);
    await service.stop();
    expect(processIsAlive(orphan)).toBe(false);
  });

  it('clears a pid file left by a server that is gone, and starts', async () => {
    const crashed = await startService(dataDir, port);
    await crashed.kill();
    const orphan = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(orphan, 'SIGKILL'); // the server dies too, leaving its pid file behind
    await waitFor(() => !processIsAlive(orphan));

    const service = await startService(dataDir, port);
    expect(service.output).toMatch(/Removing stale .*postmaster\.pid left by a PostgreSQL that is no longer running/);
    expect(await queryOnce(service.url, `SELECT note FROM kept`)).toEqual([{ note: 'still here' }]);
    await service.stop();
  });

  it('stops in order on Ctrl-C under npm start: the service drains, then stops its database', async () => {
    const serviceDir = join(dir, 'service');
    const [databasePort, httpPort] = [await freePort(), await freePort()];
    const { DATABASE_URL: _ignored, ...env } = process.env;
    // The launcher npm start runs, leading a process group as a terminal's foreground job does.
    const launcher = spawn(process.execPath, [built('launcher')], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(httpPort), EMBEDDED_PG_PORT: String(databasePort), EMBEDDED_PG_DATA_DIR: join(serviceDir, 'postgres'), DIGEST_OUTBOX_DIR: join(serviceDir, 'outbox') },
    });
    let output = '';
    launcher.stdout!.on('data', (chunk) => (output += String(chunk)));
    launcher.stderr!.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    await waitFor(() => output.includes('Consultation Calendar is ready'), 90_000);
    expect(output).toContain('Consultation Calendar is ready');
    const postmaster = Number(readFileSync(join(serviceDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

    process.kill(-launcher.pid!, 'SIGINT'); // Ctrl-C: the whole group
    expect(await exited).toBe(0);
    expect(output).toContain('"signal":"SIGINT","msg":"Shutting down"');
    expect(output).toContain('Digest queue stopped');
    // Before, PostgreSQL got the SIGINT too and cut the queue's connections: "terminating connection due to administrator command".
    expect(output.split('\n').filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
    expect(processIsAlive(postmaster)).toBe(false);
  });

  it('says what to do when another program holds the port', async () => {
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      await expect(startService(dataDir, port)).rejects.toThrow(
        /Port \d+ is already in use by another program.*Set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL/,
      );
    } finally {
      blocker.close();
    }
  });
});

interface Service {
  url: string;
  output: string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

function startService(dataDir: string, port: number): Promise<Service> {
  const child = spawn(process.execPath, [built('embeddedPostgres'), dataDir, String(port)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const ready = /READY (\S+)/.exec(output);
      if (ready) resolve({ url: ready[1], output, stop: () => signal(child, 'SIGTERM'), kill: () => signal(child, 'SIGKILL') });
    });
    child.once('exit', () => reject(new Error(output.replace(/^FAILED /m, ''))));
  });
}

function signal(child: ChildProcess, name: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(name);
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (let i = 0; i < timeoutMs / 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2000 });
    client.connect().then(
      () => client.end().then(() => resolve(true)),
      (error: NodeJS.ErrnoException) => resolve(error.code !== 'ECONNREFUSED'),
    );
  });
}
