import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { ConfigError, loadConfig } from '../config/app-config';
import { connectDatabase } from '../database/database-connection';
import { runMigrations } from '../database/data-source-options';
import { AppError } from '../common/errors/app-error';
import { CliCommand, CliContext, UsageError } from './cli-command';
import { migrateCommand, seedCommand } from './database-commands';
import { bootstrapCommand, memberCreateCommand, memberKeyCommand } from './member-commands';
import { digestSendCommand } from './digest-commands';
import { areasImportCommand, exportCommand, importCommand } from './spreadsheet-commands';
import { reevaluateCommand } from './conflict-commands';

const COMMANDS: readonly CliCommand[] = [bootstrapCommand, memberCreateCommand, memberKeyCommand, seedCommand, migrateCommand, digestSendCommand, importCommand, exportCommand, areasImportCommand, reevaluateCommand];

function usage(): string {
  return ['Usage: npm run cli -- <command> [options]', '', ...COMMANDS.map((c) => `  ${c.usage.padEnd(60)} ${c.summary}`)].join('\n');
}

const HELP = ['help', '--help', '-h'];

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  // Asked for, help goes to stdout with success; it touches no database.
  if (HELP.includes(name)) return printed(usage());
  if (command && rest.some((arg) => HELP.includes(arg))) return printed(`Usage: npm run cli -- ${command.usage}\n\n${command.summary}`);
  if (!command) {
    process.stderr.write(`${name ? `Unknown command "${name}"\n\n` : ''}${usage()}\n`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: command.positionals ?? false });
    values = parsed.values as typeof values;
    positionals = parsed.positionals;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nUsage: npm run cli -- ${command.usage}\n`);
    return 2;
  }

  // Operators read the CLI's own lines; service logs only when something is wrong.
  // The CLI never runs the digest schedule: that is the service's job.
  const loaded = loadConfig();
  // Nor does it cut off a long statement: an operator's import or re-evaluation may take its time.
  const config = { ...loaded, logLevel: 'warn' as const, digest: { ...loaded.digest, schedule: false }, databaseStatementTimeoutMs: 0 };
  const info = (message: string) => process.stderr.write(`${message}\n`);
  const database = await connectDatabase(config, { log: () => undefined, warn: info });
  let app: INestApplicationContext | undefined;
  try {
    if (command !== migrateCommand) await runMigrations(database.url);
    const context: CliContext = {
      config,
      databaseUrl: database.url,
      info,
      print: (line) => process.stdout.write(`${line}\n`),
      app: async () => (app ??= await NestFactory.createApplicationContext(AppModule.forRoot(config, database.url), { logger: ['error', 'warn'] })),
    };
    await command.run(context, values, positionals);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nUsage: npm run cli -- ${command.usage}\n`);
      return 2;
    }
    throw error;
  } finally {
    await app?.close();
    await database.stop();
  }
}

function printed(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

// Exit only once stdout is flushed: a piped API key must not be cut off.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));

main(process.argv.slice(2)).then(
  exit,
  (error: unknown) => {
    const message =
      error instanceof AppError ? `${error.message}${error.extensions.field ? ` (${String(error.extensions.field)})` : ''}`
      : error instanceof ConfigError ? error.message
      : error instanceof Error ? `${error.name}: ${error.message}`
      : String(error);
    process.stderr.write(`${message}\n`);
    exit(1);
  },
);
