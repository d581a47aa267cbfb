import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { seedReferenceData } from '../../src/seed/seed';
import { buildService } from './built-service';
import { freePort, scratchDir } from './scratch';
import { databaseUrl, TEST_ENV } from './test-env';

// Uses DATABASE_URL when set (CI's PostgreSQL), else a throwaway embedded server. Builds one
// migrated, seeded template database; every test file clones it (CREATE DATABASE … TEMPLATE).
// Brings the build in dist/ up to date for the tests that run the service as a process.
export default async function globalSetup(): Promise<void> {
  // The build the process-spawning tests run (dist/), made while the template database is.
  const built = buildService();
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = scratchDir('cc-test-pg-');
    const server = await startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: await freePort(), database: 'postgres' });
    adminUrl = server.url;
    process.env[TEST_ENV.embeddedDir] = server.dataDir;
    (globalThis as { __embeddedPostgres?: typeof server }).__embeddedPostgres = server;
  }
  const template = `cc_test_${runId}_template`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const templateUrl = databaseUrl(adminUrl, template);
  await runMigrations(templateUrl);
  const dataSource = new DataSource(dataSourceOptions(templateUrl, 1));
  await dataSource.initialize();
  try {
    await seedReferenceData(dataSource);
  } finally {
    await dataSource.destroy();
  }
  await built;
  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.template] = template;
  process.env[TEST_ENV.runId] = runId;
}
