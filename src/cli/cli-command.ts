import { INestApplicationContext } from '@nestjs/common';
import { ParseArgsConfig } from 'node:util';
import { AppConfig } from '../config/app-config';

/** What a command may use; the Nest context is built only for commands that need services. */
export interface CliContext {
  config: AppConfig;
  databaseUrl: string;
  app(): Promise<INestApplicationContext>;
  /** Progress and diagnostics: stderr, so stdout carries only results (an API key, a report). */
  info(message: string): void;
  print(line: string): void;
  /** Text as it is on stdout, a file's content say. */
  write(text: string): void;
}

export type CliValues = Record<string, string | boolean | undefined>;

/** A command; A is what it makes of its arguments. Build one with cliCommand() so A is inferred. */
export interface CliCommand<A = unknown> {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** True when the command takes arguments besides its options (a file name, say). */
  positionals?: boolean;
  // Reads and checks the arguments before anything connects, so an operator's typo is answered at
  // once, database or not: throws UsageError. Only what needs no database (an unknown member is run's).
  args(values: CliValues, positionals: string[]): A | Promise<A>;
  run(context: CliContext, args: A): Promise<void>;
}

export function cliCommand<A>(command: CliCommand<A>): CliCommand<A> {
  return command;
}

/** For a command that takes no arguments besides the ones parseArgs checks. */
export const noArgs = (): void => undefined;

/** Bad arguments: the message is printed with the command's usage and the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function requireString(values: CliValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

export function optionalString(values: CliValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Rows of cells as lines, each column as wide as its widest cell. */
export function alignColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}
