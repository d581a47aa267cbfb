import { createTestApp, TestApp } from '../../support/test-app';

// The clash check's query and the caller's key are sent as named statements, so each pooled
// connection parses and plans them once, for any parameters (see data-source-options.ts; the
// plan itself is checked in candidate-plans.spec.ts).

const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind other { title } } }`;
const plan = (title: string) => ({ title, areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE'], channels: ['ONLINE_SURVEY'], topics: ['parks'], startDate: '2027-03-01', endDate: '2027-04-30' });

describe('prepared statements', () => {
  let t: TestApp;
  let officer: { apiKey: string };

  beforeAll(async () => {
    // One connection, so the statements the checks prepared are on the one the test reads from.
    t = await createTestApp({ DATABASE_POOL_SIZE: '1' });
    officer = await t.member('TBC', 'OFFICER');
    const other = await t.member('LDC', 'OFFICER');
    await t.ok(other.apiKey, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, { input: plan('Parks and play areas') });
  });
  afterAll(() => t.close());

  it('prepares and plans the check and the key look-up once per connection', async () => {
    const runs = 7; // more than the five plans for their own parameters PostgreSQL would otherwise make first
    for (let i = 0; i < runs; i++) {
      const { checkConsultation } = await t.ok(officer.apiKey, CHECK, { input: plan(`Parks check ${i}`) });
      expect(checkConsultation).toContainEqual({ kind: 'OVERLAP', other: { title: 'Parks and play areas' } });
    }
    const prepared: { name: string; generic_plans: string; custom_plans: string }[] = await t.dataSource.query(
      `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name`,
    );
    expect(prepared.map((p) => p.name)).toEqual(['caller-for-api-key', 'clash-candidates']);
    expect(prepared.map((p) => Number(p.custom_plans))).toEqual([0, 0]);
    expect(Number(prepared[1].generic_plans)).toBeGreaterThanOrEqual(runs);
  });

  it('never compiles a query with JIT, which takes longer than any of the service\'s queries', async () => {
    expect(await t.dataSource.query(`SHOW jit`)).toEqual([{ jit: 'off' }]);
  });
});
