import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordSql } from '../support/sql-recorder';
import { createTestApp, TestApp } from '../support/test-app';

// The busiest requests cost a fixed number of SQL statements however long the page or the
// register, and their SQL is kept as readable .sql snapshots beside the code that sends it, so a
// change to it shows in a diff. UPDATE_SQL_SNAPSHOTS=1 npm test -- busy-sql rewrites them.

const PAGE = `query($first: Int) { consultations(first: $first) { totalCount edges { node { id title organisation { name } areas { code } audiences { code } conflicts { kind severity } } } } }`;
const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind severity explanation } }`;
const SRC = join(__dirname, '..', '..', 'src');

function matchesSnapshot(file: string, statements: string[]): void {
  // Sorted: the relation loaders run side by side, so their order from one run to the next is not.
  const text = statements.map(readable).sort().map((sql) => `${sql};\n`).join('\n');
  if (process.env.UPDATE_SQL_SNAPSHOTS || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** ORM-built SQL comes on one line: break it at its clauses. Hand-written SQL keeps its layout. */
function readable(sql: string): string {
  const trimmed = sql.trim().replace(/^ {4,}/gm, '  ');
  return trimmed.includes('\n') ? trimmed : trimmed.replace(/ (FROM|LEFT JOIN|WHERE|ORDER BY|LIMIT) /g, '\n$1 ').replace(/, (?="\w+"\."\w+" AS)/g, ',\n       ');
}

describe('busy SQL', () => {
  let t: TestApp;
  let officer: { apiKey: string };
  const plan = (title: string, startDate: string) => ({ title, areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE'], channels: ['ONLINE_SURVEY'], topics: ['parks'], startDate, endDate: '2027-04-30' });

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.member('TBC', 'OFFICER');
    const other = await t.member('LDC', 'OFFICER');
    for (const [i, start] of ['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29'].entries()) {
      await t.ok(i % 2 ? other.apiKey : officer.apiKey, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, { input: plan(`Parks plan ${i}`, start) });
    }
    await t.settled(); // the neighbours' re-evaluations, queued, are not the requests measured
  });
  afterAll(() => t.close());

  const quietCheck = () => t.ok(officer.apiKey, CHECK, { input: { ...plan('Quiet plan', '2030-06-01'), endDate: '2030-06-30' } });
  const busyCheck = () => t.ok(officer.apiKey, CHECK, { input: plan('Parks check', '2027-03-10') });

  it('reads each area, audience and organisation once per process: a restarted service needs at most three more statements', async () => {
    const restarted = await createTestApp({}, t.database);
    try {
      await restarted.settled(); // it looks for queued work as it starts
      const page = () => restarted.ok(officer.apiKey, PAGE, { first: 100 });
      const check = () => restarted.ok(officer.apiKey, CHECK, { input: plan('Parks check', '2027-03-10') });
      expect(await recordSql(page)).toHaveLength(6); // key, page with organisations, count, conflicts, areas, audiences
      expect(await recordSql(page)).toHaveLength(4); // the areas and audiences are held now
      // The plan's codes and the blackouts' areas and audiences were not all read by the page.
      const firstCheck = await recordSql(check);
      expect(firstCheck.length).toBeGreaterThan(2);
      expect(firstCheck.length).toBeLessThanOrEqual(6);
      expect(await recordSql(check)).toHaveLength(3); // key, candidates with blackouts, the DUPLICATEs' findings
    } finally {
      await restarted.app.close();
    }
  });

  it('lists a page with organisation, areas, audiences, conflicts and totalCount in 4 statements, one page or a hundred', async () => {
    await t.ok(officer.apiKey, PAGE, { first: 100 });
    let page: any;
    const hundred = await recordSql(async () => (page = await t.ok(officer.apiKey, PAGE, { first: 100 })));
    const one = await recordSql(() => t.ok(officer.apiKey, PAGE, { first: 1 }));

    const nodes = page.consultations.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(5);
    expect(nodes.every((n: any) => n.organisation.name && n.areas.length && n.audiences.length && n.conflicts.length)).toBe(true);
    expect(hundred).toHaveLength(4); // key, page with organisations, count, conflicts
    expect(one).toHaveLength(hundred.length);
    matchesSnapshot(join(SRC, 'consultations', 'consultations-page.sql'), hundred);
  });

  it('counts only when totalCount is asked for', async () => {
    const statements = await recordSql(() => t.ok(officer.apiKey, `{ consultations(first: 10) { edges { node { id } } } }`));
    expect(statements.some((sql) => /COUNT\(|consultation_tally/i.test(sql))).toBe(false);
    expect(statements).toHaveLength(2);
  });

  it('checks a plan in a fixed number of statements, however many plans it meets', async () => {
    await quietCheck();
    await busyCheck();
    const alone = await recordSql(quietCheck);
    let found: any;
    const busy = await recordSql(async () => (found = await busyCheck()));
    expect(found.checkConsultation.length).toBeGreaterThanOrEqual(5);
    expect(found.checkConsultation.filter((c: { kind: string }) => c.kind === 'DUPLICATE').length).toBeGreaterThanOrEqual(2);
    // key, candidates with blackouts; with DUPLICATEs, one more for their findings, however many
    // (an explanation names a past consultation's findings: src/findings/findings.resolver.ts).
    expect(alone).toHaveLength(2);
    expect(busy).toHaveLength(3);
    matchesSnapshot(join(SRC, 'conflicts', 'check-consultation.sql'), busy);
  });
});
