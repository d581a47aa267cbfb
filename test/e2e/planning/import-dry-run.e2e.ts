import { createTestApp, TestApp } from '../../support/test-app';

const IMPORT = `mutation($csv: String!) { importConsultations(csv: $csv, dryRun: true) { rows { line conflicts { kind } } } }`;
const APPLY = `mutation($csv: String!) { importConsultations(csv: $csv) { imported rows { consultation { id } } } }`;
const CONFLICTS = `query($id: ID!) { consultation(id: $id) { conflicts { kind other { id title } } } }`;
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const HEADER = 'title,summary,organisation code,start,end,area codes,audience codes,topics,channels,status';
// A transaction that has written (the dry run's, once it has inserted its rows to judge them).
const WRITING = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`;
// One that has gone on to judge them (the clash check's candidate query, CANDIDATES_SQL).
const JUDGING = `${WRITING} AND query LIKE '%AS reach, daterange%'`;

/** Tamworth's plan: a fortnight for each of its wards, one starting every day, with the borough's words in every title. */
function forwardPlan(wards: string[], rows: number, title = 'Tamworth services review'): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const start = new Date(Date.UTC(2027, 0, 4 + i));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    return `${title} ${i},We want to hear your views,TBC,${iso(start)},${iso(new Date(start.getTime() + 13 * 86_400_000))},${wards[i % wards.length]},RESIDENTS,,ONLINE_SURVEY,`;
  });
  return [HEADER, ...lines].join('\n');
}

/** Resolves once a transaction of the import is as `sql` finds it, or the import is over. */
async function once(t: TestApp, sql: string, finished: string[]): Promise<void> {
  while (!finished.length && (await t.dataSource.query(sql))[0].n === 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

// An import inserts its rows to judge them, which adds to counters every registration adds to (an
// organisation's tally, each word's count) and used to take the territory's lock: others waited
// until it ended. It now judges them in a transaction that counts in copies of its own
// (src/consultations/dry-run-transaction.ts) and takes no lock; an apply then writes them in
// another, holding the territory's lock only for that.
describe('a large import', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it("lets another officer register and another member read while it checks, the same borough and words included", async () => {
    const importer = (await t.member('TBC', 'OFFICER')).apiKey;
    const colleague = (await t.member('TBC', 'OFFICER')).apiKey;
    const reader = (await t.member('LDC', 'VIEWER')).apiKey;
    const wards = (await t.ok(importer, `{ areas(parentCode: "E07000199") { code } }`)).areas.map((a: { code: string }) => a.code);
    const finished: string[] = [];

    const importing = t.ok(importer, IMPORT, { csv: forwardPlan(wards, 400) }).then((data) => {
      finished.push('import');
      return data;
    });
    // Once the dry run has begun writing, in its transaction.
    await once(t, WRITING, finished);
    await Promise.all([
      t
        .ok(colleague, REGISTER, { input: { title: 'Tamworth services review by the colleague', areaCodes: [wards[0]], audienceCodes: ['RESIDENTS'], startDate: '2027-01-10', endDate: '2027-01-24' } })
        .then(() => finished.push('registration')),
      t.ok(reader, '{ me { name } }').then(() => finished.push('me')),
    ]);
    const report = await importing;

    expect(finished.indexOf('import')).toBe(2);
    expect(report.importConsultations.rows).toHaveLength(400);
    expect(report.importConsultations.rows.some((r: { conflicts: { kind: string }[] }) => r.conflicts.some((c) => c.kind === 'OVERLAP'))).toBe(true);
    // Nothing of the dry run was kept; the colleague's registration was.
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM consultation WHERE title LIKE 'Tamworth services review%'`);
    expect(n).toBe(1);
  }, 60_000);

  it('applied, lets another officer register in the same borough while it judges, and keeps their clash', async () => {
    const importer = (await t.member('TBC', 'OFFICER')).apiKey;
    const colleague = (await t.member('TBC', 'OFFICER')).apiKey;
    const wards = (await t.ok(importer, `{ areas(parentCode: "E07000199") { code } }`)).areas.map((a: { code: string }) => a.code);
    const finished: string[] = [];

    const importing = t.ok(importer, APPLY, { csv: forwardPlan(wards, 400, 'Tamworth leisure review') }).then((data) => {
      finished.push('import');
      return data;
    });
    // Once it judges its rows, on the register as it was before the colleague's plan.
    await once(t, JUDGING, finished);
    const { registerConsultation } = await t.ok(colleague, REGISTER, {
      input: { title: 'Tamworth leisure review by the colleague', areaCodes: [wards[0]], audienceCodes: ['RESIDENTS'], startDate: '2027-01-10', endDate: '2027-01-24' },
    });
    finished.push('registration');
    const report = await importing;

    expect(finished).toEqual(['registration', 'import']);
    expect(report.importConsultations.imported).toBe(true);
    // Registered while the file was judged, the colleague's plan is judged with it all the same
    // (the rows are judged again once the territory is held): it overlaps the file's first row.
    const firstRow = report.importConsultations.rows[0].consultation.id;
    const theirs = (await t.ok(colleague, CONFLICTS, { id: registerConsultation.id })).consultation.conflicts;
    expect(theirs).toContainEqual({ kind: 'OVERLAP', other: { id: firstRow, title: 'Tamworth leisure review 0' } });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM consultation WHERE title LIKE 'Tamworth leisure review%'`);
    expect(n).toBe(401);
  }, 60_000);
});
