import { Client } from 'pg';

// Records the SQL the service sends through the pg driver while a call runs: how many
// statements a request costs, and their text for the .sql snapshots.
export async function recordSql(call: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const query = Client.prototype.query;
  Client.prototype.query = function recorded(this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    statements.push(typeof first === 'string' ? first : (first.text ?? ''));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await call();
  } finally {
    Client.prototype.query = query;
  }
  return statements;
}
