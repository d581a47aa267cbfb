import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { defaultSharedBuffersMb } from '../../src/config/app-config';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface ThrowawayDatabase {
  url: string;
  name: string;
  /** Drops the database, and stops the embedded server if one was started for it. */
  drop(): Promise<void>;
}

/** An empty database of its own on DATABASE_URL's server, else on an embedded PostgreSQL started for it. */
export async function createThrowawayDatabase(name: string): Promise<ThrowawayDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `cc-${name}-`));
  chmodSync(dir, 0o755); // the embedded server runs as the postgres user when we are root
  const { url: adminUrl, stop: stopServer } = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: 54500 + Math.floor(Math.random() * 400), database: 'postgres', sharedBuffersMb: defaultSharedBuffersMb() });
  console.log(`PostgreSQL ready (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'})`);
  const database = `cc_${name}_${Date.now()}`;
  await sql(adminUrl, `CREATE DATABASE ${database}`);
  return {
    name: database,
    url: Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString(),
    drop: async () => {
      await sql(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function sql(url: string, text: string, params: unknown[] = []): Promise<Record<string, any>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}
