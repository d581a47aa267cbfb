import { DataSource } from 'typeorm';
import { runMigrations } from '../database/data-source-options';
import { seedReferenceData } from '../seed/seed';
import { cliCommand, noArgs } from './cli-command';

export const migrateCommand = cliCommand({
  name: 'migrate',
  summary: 'Apply pending database migrations',
  usage: 'migrate',
  options: {},
  args: noArgs,
  async run(context) {
    const applied = await runMigrations(context.databaseUrl);
    context.print(applied.length ? `Applied ${applied.join(', ')}` : 'The database schema is up to date');
  },
});

export const seedCommand = cliCommand({
  name: 'seed',
  summary: 'Load the network reference data (organisations, areas, audiences); safe to repeat',
  usage: 'seed',
  options: {},
  args: noArgs,
  async run(context) {
    const app = await context.app();
    const seeded = await seedReferenceData(app.get(DataSource));
    context.print(`Added ${seeded.organisations} organisations, ${seeded.areas} areas, ${seeded.audiences} audiences, ${seeded.blackouts} blackout periods`);
  },
});
