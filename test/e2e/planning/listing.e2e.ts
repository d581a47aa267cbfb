import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createTestApp, TestApp } from '../../support/test-app';

const LIST = `query($filter: ConsultationFilter, $first: Int, $after: String) {
  consultations(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title } }
  }
}`;

describe('listing: filters, pagination and batching', () => {
  let t: TestApp;
  let key: string;
  const titles: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const officers = Object.fromEntries(await Promise.all(['SCC', 'TBC', 'SP'].map(async (org) => [org, (await t.member(org, 'OFFICER')).apiKey])));
    key = officers.SCC;
    const register = async (org: string, title: string, over: Record<string, unknown>) => {
      await t.ok(officers[org], `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
        input: { title, audienceCodes: ['RESIDENTS'], areaCodes: ['E10000028'], startDate: '2027-03-01', endDate: '2027-03-31', ...over },
      });
      titles[title] = title;
    };
    await register('SCC', 'County budget 2027', { summary: 'Council tax and spending priorities' });
    await register('TBC', 'Tamworth Castle grounds', { areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE'], startDate: '2027-06-01', endDate: '2027-06-30' });
    await register('TBC', 'Amington ward parking', { areaCodes: ['E05007066'], audienceCodes: ['SECONDARY_PUPILS'], startDate: '2027-07-01', endDate: '2027-07-14' });
    await register('SP', 'Stoke neighbourhood policing', { areaCodes: ['E06000021'], audienceCodes: ['BUSINESSES'], startDate: '2027-09-01', endDate: '2027-09-30' });
    await t.ok(officers.SP, `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`, {
      id: (await t.ok(officers.SP, `mutation { registerConsultation(input: { title: "Abandoned idea", audienceCodes: ["STAFF"], areaCodes: ["E10000028"], startDate: "2027-01-01", endDate: "2027-01-02" }) { id } }`)).registerConsultation.id,
    });
  });
  afterAll(() => t.close());

  const titlesFor = async (filter: Record<string, unknown>) =>
    (await t.ok(key, LIST, { filter, first: 100 })).consultations.edges.map((e: { node: { title: string } }) => e.node.title).sort();

  it.each([
    ['windows overlapping a date range', { from: '2027-06-15', to: '2027-07-02' }, ['Amington ward parking', 'Tamworth Castle grounds']],
    ['a ward: the county-wide ones and those in its district and itself', { areaCodes: ['E05007066'] }, ['Abandoned idea', 'Amington ward parking', 'County budget 2027', 'Tamworth Castle grounds']],
    ['a district: the county above it and the ward below it', { areaCodes: ['E07000199'], statuses: ['PLANNED'] }, ['Amington ward parking', 'County budget 2027', 'Tamworth Castle grounds']],
    ['Stoke-on-Trent, outside the county', { areaCodes: ['E06000021'] }, ['Stoke neighbourhood policing']],
    ['an audience: its ancestors and descendants', { audienceCodes: ['YOUNG_PEOPLE'] }, ['Amington ward parking', 'County budget 2027', 'Tamworth Castle grounds']],
    ['an organisation', { organisationCodes: ['TBC'] }, ['Amington ward parking', 'Tamworth Castle grounds']],
    ['a status', { statuses: ['CANCELLED'] }, ['Abandoned idea']],
    ['free text in the summary', { text: 'council tax' }, ['County budget 2027']],
    ['part of a word in the title', { text: 'castl' }, ['Tamworth Castle grounds']],
  ])('filters by %s', async (_label, filter, expected) => {
    expect(await titlesFor(filter)).toEqual(expected);
  });

  it('walks every page once, in start-date order, with a correct total', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const { consultations } = await t.ok(key, LIST, { first: 2, after });
      expect(consultations.totalCount).toBe(5);
      seen.push(...consultations.edges.map((e: { node: { title: string } }) => e.node.title));
      pages++;
      if (!consultations.pageInfo.hasNextPage) break;
      after = consultations.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['Abandoned idea', 'County budget 2027', 'Tamworth Castle grounds', 'Amington ward parking', 'Stoke neighbourhood policing']);
  });

  it.each([
    ['a cursor it did not issue', { after: 'bm9wZQ' }, 'after'],
    ['a cursor whose keys are not a date and an id', { after: Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url') }, 'after'],
    ['first over 100', { first: 101 }, 'first'],
    ['first of 0', { first: 0 }, 'first'],
  ])('rejects %s', async (_label, variables, field) => {
    const result = await t.graphql(key, LIST, variables);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('loads relations for a whole page in a constant number of SQL statements', async () => {
    const officer = (await t.member('SFRS', 'OFFICER')).apiKey;
    const areaCodes = ['E07000192', 'E07000193', 'E07000194', 'E07000195', 'E07000196'];
    for (let i = 0; i < 100; i++) {
      await t.dataSource.query(
        `INSERT INTO consultation (organisation_id, title, start_date, end_date, status, area_ids, audience_ids, area_block_ids, area_lineage_ids, audience_lineage_ids)
         SELECT o.id, 'Bulk ' || $1, DATE '2028-01-01' + $1::int, DATE '2028-02-01' + $1::int, 'PLANNED',
                ARRAY[a.id], ARRAY[u.id], ARRAY[a.id], a.lineage_ids, u.lineage_ids
           FROM organisation o, area a, audience u
          WHERE o.code = $2 AND a.code = $3 AND u.code = $4`,
        [i, ['SCC', 'TBC', 'SP', 'SFRS'][i % 4], areaCodes[i % 5], ['RESIDENTS', 'BUSINESSES', 'STAFF'][i % 3]],
      );
    }
    const query = `query($first: Int) { consultations(first: $first, filter: { from: "2028-01-01" }) {
      edges { node { id organisation { name } areas { code name } audiences { code name } leadOfficer { name } conflicts { id } } } } }`;
    const statements = async (first: number) => {
      await t.ok(officer, query, { first }); // warm: authentication cache, prepared metadata
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        const { consultations } = await t.ok(officer, query, { first });
        expect(consultations.edges).toHaveLength(first);
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const forTen = await statements(10);
    const forHundred = await statements(100);
    expect(forHundred).toBe(forTen);
    expect(forHundred).toBeLessThanOrEqual(8);
  });
});
