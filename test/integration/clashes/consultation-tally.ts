import { loadRegister } from '../../../bench/register/load';
import { createTestApp, TestApp } from '../../support/test-app';

// An unfiltered list's totalCount comes from a tally kept by triggers, not a count of the table:
// whoever writes (the service, a bulk COPY load, plain SQL), the tally must stay the true count.

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const TOTAL = `query($filter: ConsultationFilter) { consultations(first: 1, filter: $filter) { totalCount } }`;

describe('the consultation tally behind totalCount', () => {
  let t: TestApp;
  let officer: { apiKey: string };
  let other: { apiKey: string };

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.member('TBC', 'OFFICER');
    other = await t.member('LDC', 'OFFICER');
  });
  afterAll(() => t.close());

  const plan = (title: string, status = 'PLANNED') => ({ title, status, areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'], topics: ['parks'], startDate: '2027-05-03', endDate: '2027-05-30' });

  // What a count of the table says the viewer sees, with the same filter.
  const counted = async (viewerCode: string, where = 'TRUE', params: unknown[] = []): Promise<number> => {
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM consultation c JOIN organisation o ON o.id = c.organisation_id
        WHERE (c.status <> 'DRAFT' OR o.code = $1) AND ${where}`,
      [viewerCode, ...params],
    );
    return n;
  };
  const total = async (key: string, filter?: Record<string, unknown>): Promise<number> => (await t.ok(key, TOTAL, { filter })).consultations.totalCount;
  const tallyMatchesTable = async () => {
    const difference = await t.dataSource.query(
      `(SELECT organisation_id, status, count(*) FROM consultation GROUP BY 1, 2 EXCEPT SELECT organisation_id, status, n FROM consultation_tally WHERE n <> 0)
       UNION ALL
       (SELECT organisation_id, status, n FROM consultation_tally WHERE n <> 0 EXCEPT SELECT organisation_id, status, count(*) FROM consultation GROUP BY 1, 2)`,
    );
    expect(difference).toEqual([]);
  };

  it('counts what each viewer sees through registrations, drafts, status changes, bulk loads and plain SQL', async () => {
    for (let i = 0; i < 3; i++) await t.ok(officer.apiKey, REGISTER, { input: plan(`Tamworth parks ${i}`) });
    await t.ok(officer.apiKey, REGISTER, { input: plan('Tamworth parks draft', 'DRAFT') });
    const { registerConsultation: cancelled } = await t.ok(other.apiKey, REGISTER, { input: plan('Lichfield parks') });
    await t.ok(other.apiKey, `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`, { id: cancelled.id });
    await loadRegister(t.database.url, { total: 250, seed: 11 });
    await t.dataSource.query(`UPDATE consultation SET status = 'CLOSED' WHERE id IN (SELECT id FROM consultation WHERE status = 'PLANNED' ORDER BY id LIMIT 40)`);
    await t.dataSource.query(`DELETE FROM consultation WHERE id IN (SELECT id FROM consultation WHERE status = 'CLOSED' ORDER BY id LIMIT 7)`);
    await tallyMatchesTable();

    expect(await total(officer.apiKey)).toBe(await counted('TBC'));
    expect(await total(other.apiKey)).toBe(await counted('LDC'));
    expect(await total(officer.apiKey)).toBe((await total(other.apiKey)) + 1); // TBC's own draft
    expect(await total(officer.apiKey, { statuses: ['CLOSED', 'CANCELLED'] })).toBe(await counted('TBC', `c.status IN ('CLOSED', 'CANCELLED')`));
    expect(await total(officer.apiKey, { organisationCodes: ['TBC'], statuses: ['DRAFT', 'PLANNED'] })).toBe(await counted('TBC', `o.code = 'TBC' AND c.status IN ('DRAFT', 'PLANNED')`));
    // Any other filter is a real count, and agrees.
    expect(await total(officer.apiKey, { text: 'Tamworth' })).toBe(await counted('TBC', `c.title ILIKE '%tamworth%'`));
  });

  it('empties with the table', async () => {
    await t.dataSource.query(`TRUNCATE consultation CASCADE`);
    await tallyMatchesTable();
    expect(await total(officer.apiKey)).toBe(0);
  });
});
