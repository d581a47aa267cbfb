import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { formatError } from '../../../src/common/graphql/format-error';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { createTestApp, TestApp } from '../../support/test-app';

// Every statement the service sends on its pool stops after DATABASE_STATEMENT_TIMEOUT_MS, and
// the member is told the request was too costly, never an internal error with SQL in it.
// Migrations and the CLI build their data sources without a limit.
describe('the statement timeout', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_STATEMENT_TIMEOUT_MS: '300' });
  }, 60_000);
  afterAll(() => t.close());

  it('cuts off a slow statement on the service’s pool, and its connection serves again', async () => {
    // 57014 is query_canceled: PostgreSQL stopped it, rather than the five seconds running out.
    await expect(t.dataSource.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ driverError: { code: '57014' } });
    // Every connection of the pool has it, not only the first.
    const settings = await Promise.all(Array.from({ length: 4 }, () => t.dataSource.query(`SELECT current_setting('statement_timeout') AS s, pg_sleep(0.05)`)));
    expect(settings.map(([row]) => row.s)).toEqual(['300ms', '300ms', '300ms', '300ms']);
    expect(await t.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('answers the member QUERY_TOO_COSTLY without SQL, and logs nothing as a fault', async () => {
    const cutOff = await t.dataSource.query('SELECT pg_sleep(5)').catch((e: unknown) => e);
    const unexpected: unknown[] = [];
    // As Apollo hands a resolver's error to formatError.
    const error = new GraphQLError('canceling statement due to statement timeout', { path: ['consultations'], originalError: cutOff as Error });
    const formatted = formatError((e) => unexpected.push(e), false)({ message: error.message, path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    expect(formatted).toMatchObject({ path: ['consultations'], extensions: { code: 'QUERY_TOO_COSTLY' } });
    expect(formatted.message).toMatch(/more database time than the service allows/);
    expect(JSON.stringify(formatted)).not.toMatch(/pg_sleep|SELECT|statement timeout/i);
    expect(unexpected).toEqual([]);
  });

  it('is 5 seconds by default, and not set on the data source of migrations and the CLI', async () => {
    const service = await createTestApp();
    try {
      expect(service.config.databaseStatementTimeoutMs).toBe(5000);
      expect((await service.dataSource.query(`SELECT current_setting('statement_timeout') AS s`))[0].s).toBe('5s');
    } finally {
      await service.close();
    }
    const unlimited = new DataSource(dataSourceOptions(t.database.url, 1));
    await unlimited.initialize();
    try {
      expect((await unlimited.query(`SELECT current_setting('statement_timeout') AS s`))[0].s).toBe('0');
    } finally {
      await unlimited.destroy();
    }
  }, 60_000);
});
