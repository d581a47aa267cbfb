#!/usr/bin/env node
// @ts-check
// npm run backup -- [--out FILE]
// Dumps the service's database (DATABASE_URL, else the embedded one) to one file in pg_dump's
// custom format, with a pg_dump that fits the server. See docs/operating.md.
const { mkdirSync, renameSync, rmSync, statSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const { ToolError, commandArguments, connectionFor, findTools, fittingTools, main, noFittingTool, run, serverMajor, serviceDatabase } = require('./pg-tools');

const USAGE = `Usage: npm run backup -- [--out FILE]

Dumps the service's database (DATABASE_URL, else the embedded one) to FILE in pg_dump's custom
format; by default backups/consultation-calendar-<database>-<UTC date and time>.dump.
PG_BIN_DIR chooses the folder of pg_dump; otherwise the oldest one found that is not older
than the server is used. Safe while the service runs.`;

main(async () => {
  const parsed = commandArguments(USAGE, { options: { out: { type: 'string' } } });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const database = await serviceDatabase({ mustExist: true });
  try {
    const major = await serverMajor(database.url);
    const found = findTools('pg_dump');
    const [pgDump] = fittingTools(found, major);
    if (!pgDump) throw noFittingTool('pg_dump', major, found, database.embedded);
    const connection = connectionFor(database.url);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const file = resolve(values.out ?? `backups/consultation-calendar-${connection.database}-${stamp}.dump`);
    mkdirSync(dirname(file), { recursive: true });
    // Written beside the target and renamed at the end, so a failed dump never looks like a backup.
    const partial = `${file}.partial`;
    process.stderr.write(`Backing up ${connection.database} on ${connection.where} (PostgreSQL ${major}) with ${pgDump.path} ${pgDump.version}\n`);
    try {
      await run(pgDump.path, ['--format=custom', `--file=${partial}`, `--dbname=${connection.dbname}`], connection.env);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error instanceof ToolError ? new ToolError(`The backup failed; nothing was written to ${file}`) : error;
    }
    renameSync(partial, file);
    process.stderr.write(`Backed up to ${file} (${(statSync(file).size / 2 ** 20).toFixed(1)} MB)\n`);
    process.stdout.write(`${file}\n`);
    return 0;
  } finally {
    await database.stop();
  }
});
