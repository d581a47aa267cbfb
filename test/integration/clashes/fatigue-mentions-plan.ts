import { loadRegister } from '../../../bench/register/load';
import { FATIGUE_MENTIONING_SQL } from '../../../src/conflicts/conflict-store';
import { useConnectedTestDatabase } from '../../support/test-database';

// Every registration, edit and cancellation asks which FATIGUE conflicts name the consultation.
// A national register holds millions of conflicts, so the question must be answered through an
// index, not by reading them all: a plan, not a timing, so the result does not depend on the machine.
describe('the FATIGUE mentions query', () => {
  const database = useConnectedTestDatabase();

  beforeAll(async () => {
    await loadRegister(database.url, { total: 5_000, seed: 11 });
    // A tired register: each consultation's FATIGUE conflict names four others, spread across the
    // register (picked by position: choosing at random per row would cost millions of comparisons).
    await database.client.query(`
      WITH register AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS total FROM consultation)
      INSERT INTO conflict (kind, severity, consultation_id, related_ids, explanation, substance)
      SELECT 'FATIGUE', 'MEDIUM', ids[n + 1], ARRAY(SELECT ids[(n + step) % total + 1] FROM unnest(ARRAY[1, 7, 101, 997]) AS step), 'Tired', 'FATIGUE'
        FROM register, generate_series(0, total - 1) AS n`);
    await database.client.query('ANALYZE conflict');
  }, 120_000);

  it('is answered through conflict_fatigue_related_idx, not by reading every conflict', async () => {
    const [{ id }] = (await database.client.query(`SELECT related_ids[1] AS id FROM conflict LIMIT 1`)).rows;
    // At 5,000 conflicts reading them all is still cheap; at millions it is not, so price it out.
    await database.client.query('SET enable_seqscan = off');
    const { rows } = await database.client.query(`EXPLAIN (FORMAT JSON) ${FATIGUE_MENTIONING_SQL}`, [id]);
    await database.client.query('RESET enable_seqscan');
    const plan = JSON.stringify(rows[0]['QUERY PLAN']);
    expect(plan).toContain('"Index Name":"conflict_fatigue_related_idx"');
    expect(plan).not.toContain('Seq Scan');
    expect((await database.client.query(FATIGUE_MENTIONING_SQL, [id])).rowCount).toBeGreaterThan(0);
  });
});
