import { DataSource, DataSourceOptions } from 'typeorm';
import { columnTypes } from './column-types';
import { migrations } from './migrations';

/** How every connection is set up: the service's, and the benchmark's for the raw candidate SQL. */
export const connectionSettings = {
  application_name: 'consultation-calendar',
  types: columnTypes,
  // Only the named statements (prepared-statement.ts) are affected: each run is planned for its
  // own parameters, as an unnamed statement is. A plan cached for any parameters would have to
  // guess how many consultations the reach keys find, and at a million it guesses 10,000 and
  // sends parallel workers; what naming saves is the parsing. JIT compilation (where the server
  // has it) takes 10-15 ms, longer than any of the service's queries gains from it.
  options: '-c plan_cache_mode=force_custom_plan -c jit=off',
};

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize,
    extra: { connectionTimeoutMillis: 5000, ...connectionSettings },
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
