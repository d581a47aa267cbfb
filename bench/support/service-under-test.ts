import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { generateApiKey, hashApiKey } from '../../src/auth/api-key';
import { createThrowawayDatabase, sql } from './throwaway-database';

// What the soak and the benchmark share: a throwaway database (on the embedded PostgreSQL or
// DATABASE_URL) and the production build of the service running in a process of its own.

export interface ServiceUnderTest {
  baseUrl: string;
  databaseUrl: string;
  process: ChildProcess;
  /** Resident memory of the service process now, in MB. */
  rssMb(): number;
  /**
   * Starts counting CPU: the function returned gives the seconds used since by the service and by
   * the PostgreSQL backends serving its database (when they run on this machine).
   */
  cpuSince(): () => { service: number; database: number };
  stop(): Promise<void>;
}

export async function startServiceUnderTest(name: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServiceUnderTest> {
  const { url: databaseUrl, name: database, drop } = await createThrowawayDatabase(name);

  console.log('Building the service (npm run build)');
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const port = 55000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(port), DIGEST_SCHEDULE: 'false', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await drop();
  };
  try {
    await until(async () => (await fetch(`${baseUrl}/health`).catch(() => undefined))?.status === 200, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  console.log(`Service healthy on ${baseUrl}`);
  return { baseUrl, databaseUrl, process: child, rssMb: () => rssMb(child), cpuSince: () => cpuSince(child.pid!, database), stop };
}

/** A member in each organisation, with keys made as `member:create` makes them. */
export async function createMembers(url: string, organisationCodes: readonly string[], role = 'OFFICER'): Promise<string[]> {
  const keys: string[] = [];
  for (const code of organisationCodes) {
    const key = generateApiKey();
    await sql(url, `WITH m AS (INSERT INTO member (organisation_id, name, email, role) SELECT id, 'Bench officer', $2, $3 FROM organisation WHERE code = $1 RETURNING id)
      INSERT INTO api_key (member_id, key_hash, label, issued) SELECT id, $4, 'Issued key', true FROM m`, [
      code,
      `bench.${code.toLowerCase()}.${role.toLowerCase()}.${randomUUID().slice(0, 8)}@example.org`,
      role,
      hashApiKey(key),
    ]);
    keys.push(key);
  }
  return keys;
}

export function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL' };
}

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

// utime + stime from /proc/<pid>/stat, in the kernel's clock ticks (100 a second on Linux).
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // the process has gone
  }
}

// Each backend is counted from its own start: one that exits meanwhile (a pool's idle connection
// closing) is left out, where subtracting two totals would count all its past work as negative.
function cpuSince(servicePid: number, database: string): () => { service: number; database: number } {
  const service = cpuSecondsOf(servicePid);
  const backends = backendCpuSeconds(database);
  return () => {
    let used = 0;
    for (const [pid, seconds] of backendCpuSeconds(database)) used += seconds - (backends.get(pid) ?? 0);
    return { service: cpuSecondsOf(servicePid) - service, database: used };
  };
}

/** PostgreSQL names each backend after its user and database: the CPU seconds of each serving `database`, by pid. */
function backendCpuSeconds(database: string): Map<number, number> {
  const backends = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (command.startsWith('postgres: ') && command.includes(` ${database} `)) backends.set(Number(pid), cpuSecondsOf(Number(pid)));
  }
  return backends;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
