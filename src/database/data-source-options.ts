import { DataSource, DataSourceOptions } from 'typeorm';
import { columnTypes } from './column-types';
import { migrations } from './migrations';
import { PooledClient } from './pooled-client';

/** How every connection is set up: the service's, and the benchmark's for the raw candidate SQL. */
export const connectionSettings = {
  application_name: 'consultation-calendar',
  types: columnTypes,
  // Only the named statements (prepared-statement.ts) are affected: each is planned once per
  // connection, for any parameters, as planning the candidate query cost PostgreSQL more than
  // running it on a county's register. The one plan is the right one at every size: the reach
  // index is the only way in (its function's cost prices out reading the table, and forbids
  // parallel workers), and the query works out what depends on the plan once per run. JIT
  // compilation (where the server has it) takes 10-15 ms, longer than any query here gains.
  options: '-c plan_cache_mode=force_generic_plan -c jit=off',
};

/** Time limits of the service's pool; migrations, the CLI and the TypeORM CLI pass none: they may rightly take longer. */
export interface SessionLimits {
  /** statement_timeout: any statement running longer is cut off (a hostile filter, a plan at the limits). */
  statementTimeoutMs?: number;
  /**
   * idle_in_transaction_session_timeout: a session left inside a transaction with nothing running
   * for longer is ended by PostgreSQL, so a stuck request cannot hold its locks and its connection.
   */
  idleInTransactionTimeoutMs?: number;
  /** lock_timeout: a statement waiting longer for a lock another transaction holds gives up (55P03). */
  lockTimeoutMs?: number;
}

export function dataSourceOptions(url: string, poolSize = 10, { statementTimeoutMs = 0, idleInTransactionTimeoutMs = 0, lockTimeoutMs = 0 }: SessionLimits = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize,
    extra: {
      connectionTimeoutMillis: 5000,
      ...connectionSettings,
      Client: PooledClient,
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
      ...(idleInTransactionTimeoutMs > 0 ? { idle_in_transaction_session_timeout: idleInTransactionTimeoutMs } : {}),
      ...(lockTimeoutMs > 0 ? { lock_timeout: lockTimeoutMs } : {}),
    },
  };
}

export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
