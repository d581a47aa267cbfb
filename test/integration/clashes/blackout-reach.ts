import { createTestApp, TestApp } from '../../support/test-app';
import { recordSql } from '../../support/sql-recorder';

// A national pre-election period reaches tens of thousands of registered consultations. Creating
// or moving one must cost a few statements, not a candidate query and a write for each of them:
// statements counted, not timed, so the result does not depend on the machine.
const REACHED = 2_500;
const CREATE = `mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: BlackoutPeriodUpdateInput!) { updateBlackoutPeriod(id: $id, input: $input) { id } }`;

describe('a blackout period reaching thousands of consultations', () => {
  let t: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    t = await createTestApp();
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    // Stafford's residents, asked every day of 2032 by somebody, and Tamworth's, out of its reach.
    await t.dataSource.query(
      `INSERT INTO consultation (organisation_id, title, start_date, end_date, status, area_ids, audience_ids, area_block_ids, area_lineage_ids, audience_lineage_ids)
       SELECT o.id, 'Bulk ' || a.code || ' ' || n, DATE '2032-01-01' + n % 300, DATE '2032-01-01' + n % 300 + 20, 'PLANNED',
              ARRAY[a.id], ARRAY[u.id], ARRAY[a.id], a.lineage_ids, u.lineage_ids
         FROM generate_series(1, $1::int) AS n, organisation o, area a, audience u
        WHERE o.code = 'SBC' AND a.code IN ('E07000197', 'E07000199') AND u.code = 'RESIDENTS'`,
      [REACHED],
    );
  }, 60_000);
  afterAll(() => t.close());

  const stored = async (id: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM conflict WHERE blackout_id = $1`, [id]))[0].n as number;

  it('stores its conflicts with every one it reaches, and drops them as it moves away, in a few statements', async () => {
    let id = '';
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const created = await recordSql(async () => {
      id = (await t.ok(coordinator, CREATE, { input: { name: 'Stafford by-election', startDate: '2032-01-01', endDate: '2032-12-31', areaCodes: ['E07000197'] } })).createBlackoutPeriod.id;
    });
    expect(await stored(id)).toBe(REACHED);
    expect(created.length).toBeLessThan(25);

    // Moved to end on New Year's Day 2032: only the plans starting that day are still reached.
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const moved = await recordSql(() => t.ok(coordinator, UPDATE, { id, input: { startDate: '2031-12-01', endDate: '2032-01-01' } }));
    const [{ n: expected }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM consultation c JOIN area a ON a.id = c.area_ids[1] WHERE a.code = 'E07000197' AND c.title LIKE 'Bulk %' AND c.start_date <= '2032-01-01'`,
    );
    expect(await stored(id)).toBe(expected);
    expect(expected).toBeLessThan(REACHED);
    expect(moved.length).toBeLessThan(25);
  });
});
