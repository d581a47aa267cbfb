import { createTestApp, TestApp } from '../support/test-app';

const IMPORT = `mutation($csv: String!) { importConsultations(csv: $csv, dryRun: true) { rows { line conflicts { kind } } } }`;
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const HEADER = 'title,summary,organisation code,start,end,area codes,audience codes,topics,channels,status';
// A transaction that has written (the dry run's, once it has inserted its rows to judge them).
const WRITING = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`;

/** Tamworth's plan: a fortnight for each of its wards, one starting every day, with the borough's words in every title. */
function forwardPlan(wards: string[], rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const start = new Date(Date.UTC(2027, 0, 4 + i));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    return `Tamworth services review ${i},We want to hear your views,TBC,${iso(start)},${iso(new Date(start.getTime() + 13 * 86_400_000))},${wards[i % wards.length]},RESIDENTS,,ONLINE_SURVEY,`;
  });
  return [HEADER, ...lines].join('\n');
}

// A dry run inserts its rows to judge them, which adds to counters every registration adds to (an
// organisation's tally, each word's count) and used to take the territory's lock: others waited
// until it ended. It now counts in copies of its own (src/consultations/dry-run-transaction.ts).
describe('a large dry-run import', () => {
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
    while (!finished.length && (await t.dataSource.query(WRITING))[0].n === 0) await new Promise((resolve) => setTimeout(resolve, 10));
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
});
