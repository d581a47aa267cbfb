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
  // FILE_COPY copies the template's files, a third of the time of writing them all to the WAL (PostgreSQL 15's default).
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${readTestEnv('template')} STRATEGY FILE_COPY`));
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () => withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * For a describe block whose tests speak SQL directly: a fresh test database and one client on
 * it, made before its tests (beforeAll) and dropped after them. Read `client` and `url` inside
 * tests and hooks, once it exists.
 */
export function useConnectedTestDatabase(): { readonly client: Client; readonly url: string } {
  let database: TestDatabase | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The test database is made in beforeAll: use it inside tests and hooks');
    return value;
  };
  return {
    get client() {
      return ready(client);
    },
    get url() {
      return ready(database).url;
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
