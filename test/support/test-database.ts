import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, readTestEnv } from './test-env';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh copy of the migrated, seeded template, private to the calling test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = readTestEnv('adminUrl');
  const name = `cc_test_${readTestEnv('runId')}_${randomUUID().slice(0, 8)}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${readTestEnv('template')}`));
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () => withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface ConnectedTestDatabase extends TestDatabase {
  client: Client;
  /** Ends the client and drops the database. */
  close(): Promise<void>;
}

/** A fresh test database with one client connected to it, for tests that speak SQL directly. */
export async function connectTestDatabase(): Promise<ConnectedTestDatabase> {
  const database = await createTestDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return {
    ...database,
    client,
    close: async () => {
      await client.end();
      await database.drop();
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
