#!/usr/bin/env node
// @ts-check
// npm run restore -- FILE [--replace]
// Restores a backup made by backup.js into the service's database (DATABASE_URL, else the
// embedded one), all or nothing. See docs/operating.md.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');
const { Client } = require('pg');
const { ToolError, commandArguments, connectionFor, findTools, fittingTools, main, noFittingTool, run, serverMajor, serviceDatabase } = require('./pg-tools');

const USAGE = `Usage: npm run restore -- FILE [--replace]

Restores FILE (from npm run backup) into the service's database: DATABASE_URL, else the
embedded one. Stop the service first. The database must be missing (it is created) or empty;
--replace drops it and creates it again first (every row in it is lost). The restore is one
transaction: it ends complete or not at all. PG_BIN_DIR chooses the folder of pg_restore.`;

main(async () => {
  const parsed = commandArguments(USAGE, { options: { replace: { type: 'boolean' } }, allowPositionals: true });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new ToolError(`No such file: ${file}`);

  const database = await serviceDatabase({ mustExist: false });
  try {
    const connection = connectionFor(database.url);
    const major = await serverMajor(maintenanceUrl(database.url));
    const pgRestore = restoreToolFor(file, major, database.embedded);
    await prepareEmptyDatabase(database.url, connection.database, Boolean(values.replace));
    process.stderr.write(`Restoring ${file} into ${connection.database} on ${connection.where} (PostgreSQL ${major}) with ${pgRestore.path} ${pgRestore.version}\n`);
    await run(
      pgRestore.path,
      ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${connection.dbname}`, file],
      connection.env,
    ).catch((error) => {
      throw error instanceof ToolError ? new ToolError(`The restore failed and was rolled back: ${connection.database} is empty`) : error;
    });
    process.stderr.write(`Restored. Start the service: it applies any migration newer than the backup.\n`);
    return 0;
  } finally {
    await database.stop();
  }
});

/** The same server's `postgres` database, to create or drop the service's own from. */
function maintenanceUrl(url) {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

/** A pg_restore not older than the server that can read this file (a newer pg_dump's may not be). */
function restoreToolFor(file, major, embedded) {
  const found = findTools('pg_restore');
  const fitting = fittingTools(found, major);
  if (!fitting.length) throw noFittingTool('pg_restore', major, found, embedded);
  // One that cannot list it (made by a newer pg_dump, or not a backup at all): try the next.
  const reads = (tool) => spawnSync(tool.path, ['--list', file], { stdio: 'ignore', timeout: 60_000 }).status === 0;
  const tool = fitting.find(reads);
  if (tool) return tool;
  throw new ToolError(
    `None of ${fitting.map((t) => `pg_restore ${t.version}`).join(', ')} can read ${file}: it is not a backup made by npm run backup, ` +
      `or it was made by a newer pg_dump (install that version's client tools, or set PG_BIN_DIR to them)`,
  );
}

/** Creates the database if it is missing; refuses one with tables in it unless told to replace it. */
async function prepareEmptyDatabase(url, name, replace) {
  const admin = new Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
    if (exists) {
      const tables = await countTables(url);
      if (tables > 0 && !replace) {
        throw new ToolError(`${name} already holds ${tables} table${tables === 1 ? '' : 's'}. Restore into an empty database, or pass --replace to drop ${name} and create it again (stop the service first).`);
      }
      if (tables > 0 || replace) {
        const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0].n > 0) throw new ToolError(`${rows[0].n} connections are open to ${name}: stop the service (and anything else using it) first`);
        process.stderr.write(`Dropping ${name} and creating it again\n`);
        await admin.query(`DROP DATABASE ${quote(name)}`);
        await admin.query(`CREATE DATABASE ${quote(name)}`);
      }
    } else {
      process.stderr.write(`Creating ${name}\n`);
      await admin.query(`CREATE DATABASE ${quote(name)}`);
    }
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw new ToolError(`Could not prepare ${name}: ${error.message} (the user needs the right to create databases; or create an empty ${name} by hand and restore without --replace)`);
  } finally {
    await admin.end();
  }
}

async function countTables(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

function quote(identifier) {
  return `"${identifier.replace(/"/g, '""')}"`;
}
