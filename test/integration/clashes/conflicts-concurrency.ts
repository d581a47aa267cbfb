import { createTestApp, TestApp } from '../../support/test-app';

// Titles with no words in common, so that only OVERLAP (and FATIGUE) arise, never DUPLICATE.
const TITLES = ['Allotments', 'Bus lanes', 'Cemetery hours', 'Dog fouling', 'Energy grants', 'Flood wardens', 'Gritting routes', 'Hackney fares', 'Ice rink', 'Jobs fair', 'Kerbside waste', 'Leisure pricing'];
const ORGS = ['SCC', 'CCDC', 'ESBC', 'LDC', 'NULBC', 'SSDC', 'SBC', 'SMDC', 'TBC', 'SP', 'SCO', 'SFRS'];

describe('conflicts under concurrent registration', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ DATABASE_POOL_SIZE: '16' })));
  afterAll(() => t.close());

  it('records every clashing pair exactly once when all register at the same moment', async () => {
    const keys = await Promise.all(ORGS.map((org) => t.member(org, 'OFFICER').then((m) => m.apiKey)));
    const register = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
    const results = await Promise.all(
      keys.map((key, i) =>
        t.ok(key, register, {
          input: { title: TITLES[i], audienceCodes: ['OLDER_PEOPLE'], areaCodes: i % 2 ? ['E07000197'] : ['E10000028'], startDate: '2027-04-01', endDate: '2027-04-20' },
        }),
      ),
    );
    expect(results).toHaveLength(12);
    const pairs: { consultation_id: string; other_id: string }[] = await t.dataSource.query(`SELECT consultation_id, other_id FROM conflict WHERE kind = 'OVERLAP'`);
    expect(pairs).toHaveLength((12 * 11) / 2);
    expect(new Set(pairs.map((p) => `${p.consultation_id}|${p.other_id}`)).size).toBe(pairs.length);
    // Each of the twelve is also one of more than three reaching Stafford's older people at once
    // (the earlier ones told once the later ones' neighbours' re-evaluations are done).
    await t.settled();
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM conflict WHERE kind = 'FATIGUE'`);
    expect(count).toBe(12);
  });

  it('records the conflict of a plan and a blackout period made at the same moment, and registers plans as periods are deleted', async () => {
    const officer = (await t.member('SBC', 'OFFICER')).apiKey;
    const coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    const pairs = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const dates = { startDate: `2029-0${1 + (i % 9)}-01`, endDate: `2029-0${1 + (i % 9)}-10` };
        const [plan, blackout] = await Promise.all([
          t.ok(officer, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
            input: { title: `${TITLES[i % TITLES.length]} ${i}`, audienceCodes: ['BUSINESSES'], areaCodes: ['E07000197'], ...dates },
          }),
          t.ok(coordinator, `mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`, {
            input: { name: `Hold ${i}`, areaCodes: ['E07000197'], audienceCodes: ['BUSINESSES'], ...dates },
          }),
        ]);
        return `${plan.registerConsultation.id} ${blackout.createBlackoutPeriod.id}`;
      }),
    );
    const stored: { pair: string }[] = await t.dataSource.query(`SELECT consultation_id || ' ' || blackout_id AS pair FROM conflict WHERE kind = 'BLACKOUT'`);
    expect(pairs.filter((pair) => !stored.some((s) => s.pair === pair))).toEqual([]);

    // Deleted as plans register over them: every registration still goes through.
    const registered = await Promise.all(
      pairs.map(async (pair, i) => {
        const [, blackoutId] = pair.split(' ');
        const dates = { startDate: `2029-0${1 + (i % 9)}-02`, endDate: `2029-0${1 + (i % 9)}-09` };
        const [plan] = await Promise.all([
          t.graphql(officer, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
            input: { title: `${TITLES[i % TITLES.length]} again ${i}`, audienceCodes: ['BUSINESSES'], areaCodes: ['E07000197'], ...dates },
          }),
          t.ok(coordinator, `mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, { id: blackoutId }),
        ]);
        return plan.errors ?? [];
      }),
    );
    expect(registered.flat()).toEqual([]);
  });
});
