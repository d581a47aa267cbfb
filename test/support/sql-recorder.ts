import { Client } from 'pg';
import { currentDeadline } from '../../src/common/deadline/request-deadline';

// Records the SQL the service sends through the pg driver while a call runs: how many
// statements a request costs, and their text for the .sql snapshots.
export async function recordSql(call: () => Promise<unknown>, { requestsOnly = false } = {}): Promise<string[]> {
  const statements: string[] = [];
  const query = Client.prototype.query;
  Client.prototype.query = function recorded(this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    // requestsOnly: only what a GraphQL request sends under its deadline, not background work meanwhile
    // (the clash re-evaluation queue woken late by a notification); the key's look-up comes before the deadline.
    if (!requestsOnly || currentDeadline()) statements.push(typeof first === 'string' ? first : (first.text ?? ''));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await call();
  } finally {
    Client.prototype.query = query;
  }
  return statements;
}
