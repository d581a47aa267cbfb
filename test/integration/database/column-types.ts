import fc from 'fast-check';
import { Client } from 'pg';
import { columnTypes } from '../../../src/database/column-types';
import { useConnectedTestDatabase } from '../../support/test-database';
import { propertyRuns } from '../../support/test-env';

// The service reads arrays of strings with its own choice of parser (column-types.ts). Topics
// are free text, so whatever an officer types must come back exactly as it went in; dates are
// calendar dates, not instants.
describe('arrays of strings and dates read from PostgreSQL', () => {
  const database = useConnectedTestDatabase();
  // Ours reads with the service's parsers; database.client with pg's own.
  let client: Client;
  beforeEach(async () => {
    client = new Client({ connectionString: database.url, types: columnTypes });
    await client.connect();
  });
  afterEach(() => client.end());

  const roundTrip = async (values: (string | null)[], type: string) =>
    (await client.query(`SELECT $1::${type} AS value`, [values])).rows[0].value as (string | null)[];

  it('come back as they went in: commas, quotes, backslashes, braces, spaces, NULL as a word, empty strings, any script', async () => {
    const awkward = ['a,b', 'say "hi"', 'back\\slash', '{braces}', ' spaced ', 'NULL', 'null', '', 'Ünïcødé – ✓', '\\"', 'end\\'];
    expect(await roundTrip(awkward, 'text[]')).toEqual(awkward);
    expect(await roundTrip([...awkward, null], 'varchar[]')).toEqual([...awkward, null]);
    expect(await roundTrip([], 'text[]')).toEqual([]);
    const text = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { freq: 8 }), { maxLength: 6 }), async (values) => {
        expect(await roundTrip(values, 'text[]')).toEqual(values);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('reads uuid arrays as pg itself does', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-0000000000ff'];
    expect(await roundTrip(ids, 'uuid[]')).toEqual(ids);
    const sql = `SELECT ARRAY[gen_random_uuid(), NULL, gen_random_uuid()] AS a, '{}'::uuid[] AS b`;
    const [ours] = (await client.query(sql)).rows;
    expect(ours.a).toHaveLength(3);
    expect(ours.a[1]).toBeNull();
    const literal = `SELECT '{${ours.a[0]},NULL,${ours.a[2]}}'::uuid[] AS a, '{}'::uuid[] AS b`;
    expect((await database.client.query(literal)).rows[0]).toEqual(ours);
  });

  it('reads dates as the calendar dates they are, whatever the clock\'s time zone', async () => {
    // pg would give a Date at local midnight; across the change to summer time that is a day
    // early when read back in UTC.
    const { rows } = await client.query(`SELECT '2026-03-29'::date AS spring, '2026-10-25'::date AS autumn, NULL::date AS none`);
    expect(rows[0]).toMatchObject({ spring: '2026-03-29', autumn: '2026-10-25', none: null });
  });
});
