import fc from 'fast-check';
import { addDays } from '../../../src/common/dates/calendar-date';
import { reachKeys, serverAgrees } from '../../../src/conflicts/reach-keys';
import { useConnectedTestDatabase } from '../../support/test-database';
import { propertyRuns } from '../../support/test-env';

// The service sends each plan's reach keys with the clash check instead of asking PostgreSQL to
// work them out. If they differed from the keys the index files consultations under, the check
// would silently miss clashes: so they are held to the database's own function here.
describe('reach keys worked out by the service', () => {
  const database = useConnectedTestDatabase();

  const databaseKeys = async (args: readonly unknown[]): Promise<string[]> => {
    const { rows } = await database.client.query(`SELECT consultation_reach_keys($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date, $6::date)::text[] AS keys`, [...args]);
    return rows[0].keys;
  };

  it('are exactly the keys consultation_reach_keys gives, for any selection and window', async () => {
    const ids = fc.uniqueArray(fc.uuid(), { maxLength: 4 });
    const window = fc.tuple(fc.date({ min: new Date('1999-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 800 }))
      .map(([start, days]) => { const first = start.toISOString().slice(0, 10); return [first, addDays(first, days)] as const; });
    await fc.assert(
      fc.asyncProperty(ids, ids, ids, ids, window, async (areaBlocks, areaLineage, audienceBlocks, audienceLineage, [first, last]) => {
        const args = [areaBlocks, areaLineage, audienceBlocks, audienceLineage, first, last] as const;
        expect(reachKeys(...args).sort()).toEqual((await databaseKeys(args)).sort());
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('are sent with checks only when this server agrees', async () => {
    const query = (sql: string, params: unknown[]) => database.client.query(sql, params).then((r) => r.rows);
    expect(await serverAgrees(query)).toBe(true);
    // A server that hashed otherwise: its keys no longer match ours.
    expect(await serverAgrees(async (sql, params) => (await query(sql, params)).map((row) => ({ keys: row.keys.map((key: string) => String(BigInt(key) ^ 1n)) })))).toBe(false);
  });
});
