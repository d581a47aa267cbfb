import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import type { AppConfig } from '../config/app-config';
import { ConfigError, loadConfig } from '../config/app-config';
import { connectDatabase } from '../database/database-connection';
import { runMigrations } from '../database/data-source-options';
import { AppError } from '../common/errors/app-error';
import { CliCommand, CliContext, CliValues, UsageError } from './cli-command';

// Each command's module is loaded only when that command runs (help loads them all), so codes and
// migrate start without the service's modules. In the order help lists them.
const MODULE_OF: Readonly<Record<string, string>> = {
  bootstrap: './member-commands',
  demo: './demo-command',
  'member:create': './member-commands',
  'member:key': './member-commands',
  codes: './code-commands',
  seed: './database-commands',
  migrate: './database-commands',
  'digest:send': './digest-commands',
  import: './spreadsheet-commands',
  export: './spreadsheet-commands',
  'areas:import': './spreadsheet-commands',
  'conflicts:reevaluate': './conflict-commands',
};

function load(name: string): CliCommand | undefined {
  if (!Object.hasOwn(MODULE_OF, name)) return undefined;
  const exported = Object.values(require(MODULE_OF[name]) as Record<string, CliCommand>);
  return exported.find((command) => command?.name === name && typeof command.run === 'function');
}

function usage(): string {
  const commands = Object.keys(MODULE_OF).map((name) => load(name)!);
  return ['Usage: npm run cli -- <command> [options]', '', ...commands.map((c) => `  ${c.usage.padEnd(60)} ${c.summary}`)].join('\n');
}

const HELP = ['help', '--help', '-h'];

/** Where one run of the CLI reads its settings (the process's environment when absent) and writes: main.ts gives the process's own streams. */
export interface CliIo {
  env?: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * One command line, run to its exit code: 0 done, 1 failed (the reason on stderr), 2 bad
 * arguments (the reason and the usage). Never rejects. Tests run it in-process, without a node
 * process and a second load of the modules for each command.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    const message =
      error instanceof AppError ? `${error.message}${error.extensions.field ? ` (${String(error.extensions.field)})` : ''}`
      : error instanceof ConfigError ? error.message
      : error instanceof Error ? `${error.name}: ${error.message}`
      : String(error);
    io.stderr(`${message}\n`);
    return 1;
  }
}

async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? load(name) : undefined;
  const printed = (text: string) => {
    io.stdout(`${text}\n`);
    return 0;
  };
  // Asked for, help goes to stdout with success; it touches no database.
  if (HELP.includes(name)) return printed(usage());
  if (command && rest.some((arg) => HELP.includes(arg))) return printed(`Usage: npm run cli -- ${command.usage}\n\n${command.summary}`);
  if (!command) {
    io.stderr(`${name ? `Unknown command "${name}"\n\n` : ''}${usage()}\n`);
    return 2;
  }
  const refused = (message: string) => {
    io.stderr(`${message}\nUsage: npm run cli -- ${command.usage}\n`);
    return 2;
  };
  let values: CliValues;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: command.positionals ?? false });
    values = parsed.values as CliValues;
    positionals = parsed.positionals;
  } catch (error) {
    return refused((error as Error).message);
  }
  // Bad arguments are answered before anything connects (or the configuration is read): at once, database or not.
  let args: unknown;
  try {
    args = await command.args(values, positionals);
  } catch (error) {
    if (error instanceof UsageError) return refused(error.message);
    throw error;
  }

  // Operators read the CLI's own lines; service logs only when something is wrong.
  // The CLI never runs the digest schedule: that is the service's job.
  const loaded = loadConfig(io.env);
  // Nor does it cut off a long statement or an idle transaction: an operator's import or re-evaluation may take its time.
  const config = { ...loaded, logLevel: 'warn' as const, digest: { ...loaded.digest, schedule: false }, databaseStatementTimeoutMs: 0, databaseIdleInTransactionTimeoutMs: 0, databaseLockTimeoutMs: 0 };
  const info = (message: string) => io.stderr(`${message}\n`);
  const database = await connectDatabase(config, { log: () => undefined, warn: info });
  let app: INestApplicationContext | undefined;
  try {
    if (command.name !== 'migrate') await runMigrations(database.url);
    const context: CliContext = {
      config,
      databaseUrl: database.url,
      info,
      print: (line) => io.stdout(`${line}\n`),
      write: io.stdout,
      app: async () => (app ??= await applicationContext(config, database.url)),
    };
    await command.run(context, args);
    return 0;
  } catch (error) {
    // What only the database can tell: no member has that email, say.
    if (error instanceof UsageError) return refused(error.message);
    throw error;
  } finally {
    await app?.close();
    await database.stop();
  }
}

// The service's modules, without GraphQL, loaded only for a command that uses them: help and
// codes start without them.
function applicationContext(config: AppConfig, databaseUrl: string): Promise<INestApplicationContext> {
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { AppModule } = require('../app.module') as typeof import('../app.module');
  return NestFactory.createApplicationContext(AppModule.forRoot(config, databaseUrl, { graphql: false }), { logger: ['error', 'warn'] });
}
