import { Client } from 'pg';

/** One statement on a connection of its own, opened and closed around it: for a database the test does not otherwise hold. */
export async function queryOnce<T = Record<string, any>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
