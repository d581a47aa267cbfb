import { recordSql } from '../../support/sql-recorder';
import { createTestApp, TestApp } from '../../support/test-app';

// A plan may name up to 300 areas, each ward on its own, which makes thousands of reach keys.
// Sent in one lookup, past some thousands of keys PostgreSQL reads the whole register instead of
// the index (minutes on a national one), so the check looks them up a chunk at a time; whatever
// chunk a clash is found in, the check must report it.
const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind other { title } } }`;

describe('a plan naming every ward of the county', () => {
  let t: TestApp;
  let wards: string[];

  beforeAll(async () => {
    t = await createTestApp();
    wards = (await t.dataSource.query(`SELECT code FROM area WHERE level = 'WARD' ORDER BY code`)).map((r: { code: string }) => r.code);
  });
  afterAll(() => t.close());

  it('finds a clash in any of them, its keys looked up a chunk at a time', async () => {
    const other = (await t.member('SP', 'OFFICER')).apiKey;
    const officer = (await t.member('SCC', 'OFFICER')).apiKey;
    const dates = { startDate: '2030-06-01', endDate: '2030-06-30' };
    for (const ward of [wards[0], wards.at(-1)!]) {
      await t.ok(other, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
        input: { title: `Street lighting in ${ward}`, areaCodes: [ward], audienceCodes: ['RESIDENTS'], ...dates },
      });
    }
    let found: { kind: string; other: { title: string } | null }[] = [];
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const statements = await recordSql(async () => {
      ({ checkConsultation: found } = await t.ok(officer, CHECK, { input: { title: 'Ward boundaries review', areaCodes: wards, audienceCodes: ['RESIDENTS'], ...dates } }));
    });
    expect(found.filter((c) => c.kind === 'OVERLAP').map((c) => c.other!.title).sort()).toEqual([`Street lighting in ${wards[0]}`, `Street lighting in ${wards.at(-1)}`]);
    const lookups = statements.filter((sql) => sql.includes("'consultation' AS source")).length;
    expect(lookups).toBeGreaterThan(1);
  });
});
