import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { readTestEnv, TEST_ENV } from './test-env';

// Drops every database this run made, then stops the throwaway server if there is one.
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: readTestEnv('adminUrl') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`cc_test_${readTestEnv('runId')}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const server = (globalThis as { __embeddedPostgres?: EmbeddedDatabase }).__embeddedPostgres;
  if (server) {
    await server.stop();
    const dir = process.env[TEST_ENV.embeddedDir];
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  }
}
