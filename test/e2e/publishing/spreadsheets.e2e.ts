import { parse } from 'csv-parse/sync';
import { createTestApp, TestApp } from '../../support/test-app';

const IMPORT = `mutation($csv: String!, $dryRun: Boolean) {
  importConsultations(csv: $csv, dryRun: $dryRun) {
    dryRun imported rowCount ignoredColumns
    problems { line column field message }
    rows { line organisationCode title startDate endDate consultation { id organisation { code } } conflicts { kind severity stored explanation other { id title } } }
  }
}`;
const EXPORT = `query($filter: ConsultationFilter) { exportConsultations(filter: $filter) { filename contentType rowCount content } }`;
const EXPORT_CONFLICTS = `query($filter: ConsultationFilter) { exportConflicts(filter: $filter) { filename rowCount content } }`;
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const HEADER = 'title,summary,organisation code,start,end,area codes,audience codes,topics,channels,status';
const AUDIENCES = ['RESIDENTS', 'OLDER_PEOPLE', 'TENANTS', 'YOUNG_PEOPLE'];

type Row = { line: number; title: string; consultation: { id: string; organisation: { code: string } } | null; conflicts: { kind: string; stored: boolean; other: { id: string; title: string } | null }[] };
type Problem = { line: number; column: string | null; field: string; message: string };

/** The line row i starts on: the header is line 1, and every seventh row has a two-line summary. */
const lineOf = (i: number) => 2 + i + Math.ceil(i / 7);

/** Tamworth's forward plan: ward-level plans every three days, and a borough-wide one every 25th row. */
function forwardPlan(wards: string[], length = 500): string[][] {
  return Array.from({ length }, (_, i) => {
    const start = new Date(Date.UTC(2027, 0, 4 + i * 3));
    const end = new Date(start.getTime() + 13 * 86_400_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const british = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const boroughWide = i % 25 === 0;
    return [
      `Plan ${i}: ${boroughWide ? 'borough budget, fees; charges' : 'ward services'}`,
      i % 7 === 0 ? 'Line one\nline two' : '',
      'TBC',
      i % 2 ? british(start) : iso(start),
      iso(end),
      boroughWide ? 'E07000199' : wards[i % wards.length],
      boroughWide ? 'RESIDENTS' : AUDIENCES[i % AUDIENCES.length],
      'local services; budget',
      i % 3 ? 'online survey' : 'ONLINE_SURVEY; drop-in',
      '',
    ];
  });
}

function toCsv(rows: string[][]): string {
  const cell = (value: string) => (/[",\n;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [HEADER, ...rows.map((r) => r.map(cell).join(','))].join('\r\n');
}

describe('spreadsheet import and export', () => {
  let t: TestApp;
  let officer: string;
  let viewer: string;
  let coordinator: string;
  let wards: string[];
  const count = async () => Number((await t.dataSource.query(`SELECT count(*) FROM consultation c JOIN organisation o ON o.id = c.organisation_id WHERE o.code = 'TBC'`))[0].count);
  const audits = async () => Number((await t.dataSource.query(`SELECT count(*) FROM audit_log`))[0].count);
  const importCsv = async (key: string, csv: string, dryRun: boolean) => (await t.ok(key, IMPORT, { csv, dryRun })).importConsultations;

  beforeAll(async () => {
    t = await createTestApp();
    officer = (await t.member('TBC', 'OFFICER')).apiKey;
    viewer = (await t.member('TBC', 'VIEWER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    wards = (await t.ok(officer, `{ areas(parentCode: "E07000199") { code } }`)).areas.map((a: { code: string }) => a.code);
    await t.ok(officer, REGISTER, { input: { title: 'Already here', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2028-03-01', endDate: '2028-03-14' } });
    await t.ok(officer, REGISTER, { input: { title: '=HYPERLINK("http://example.org","click")', areaCodes: ['E07000199'], audienceCodes: ['BUSINESSES'], startDate: '2029-01-01', endDate: '2029-01-14' } });
  }, 60_000);
  afterAll(() => t.close());

  it('checks a 500-row file with mixed errors line by line and writes nothing', async () => {
    const rows = forwardPlan(wards);
    rows[10][5] = 'E05999999';
    rows[50][3] = '31/02/2027';
    rows[120][4] = '2026-01-01';
    rows[200][6] = 'MARTIANS';
    rows[250][8] = 'carrier pigeon';
    rows[300][0] = ' ';
    rows[350][2] = 'SP';
    rows[400] = [...rows[398]];
    rows[450] = ['Already here', '', 'TBC', '01/03/2028', '2028-03-14', 'E07000199', 'RESIDENTS', '', '', ''];
    rows[499][9] = 'LIVE';
    const [before, auditsBefore] = [await count(), await audits()];

    const report = await importCsv(officer, toCsv(rows), false);

    expect(report).toMatchObject({ imported: false, rowCount: 500, rows: [] });
    expect(report.problems.map((p: Problem) => [p.line, p.column, p.field])).toEqual([
      [lineOf(10), 'area codes', 'areaCodes'],
      [lineOf(50), 'start', 'startDate'],
      [lineOf(120), 'end', 'endDate'],
      [lineOf(200), 'audience codes', 'audienceCodes'],
      [lineOf(250), 'channels', 'channels'],
      [lineOf(300), 'title', 'title'],
      [lineOf(350), 'organisation code', 'organisationCode'],
      [lineOf(400), 'title', 'title'],
      [lineOf(450), 'title', 'title'],
      [lineOf(499), 'status', 'status'],
    ]);
    const message = (line: number) => report.problems.find((p: Problem) => p.line === line).message;
    expect(message(lineOf(10))).toContain('E05999999');
    expect(message(lineOf(400))).toBe(`Repeats line ${lineOf(398)}: the same title and dates for TBC`);
    expect(message(lineOf(450))).toBe('TBC has already registered "Already here" for 2028-03-01 to 2028-03-14');
    expect([await count(), await audits()]).toEqual([before, auditsBefore]);
  }, 60_000);

  // 200 rows, each checked twice (the 500 above are only read): enough for their clashes, some
  // 2,600, to be stored in more than one statement.
  it('dry-runs a good file exactly as the import then does, conflicts between rows included', async () => {
    const csv = toCsv(forwardPlan(wards, 60));
    const [before, auditsBefore] = [await count(), await audits()];

    const dry = await importCsv(officer, csv, true);
    expect(dry).toMatchObject({ dryRun: true, imported: false, rowCount: 60, problems: [] });
    expect(dry.rows).toHaveLength(60);
    expect(dry.rows.every((r: Row) => r.consultation === null)).toBe(true);
    expect([await count(), await audits()]).toEqual([before, auditsBefore]);

    const real = await importCsv(officer, csv, false);
    expect(real).toMatchObject({ dryRun: false, imported: true, problems: [] });
    expect(await count()).toBe(before + 60);

    // The borough-wide plan of row 25 overlaps the ward plans either side of it.
    const dryBorough = dry.rows.find((r: Row) => r.line === lineOf(25));
    const realBorough = real.rows.find((r: Row) => r.line === lineOf(25));
    const overlaps = (row: Row) => row.conflicts.filter((c) => c.kind === 'OVERLAP');
    expect(overlaps(realBorough).length).toBeGreaterThan(3);
    expect(overlaps(realBorough).every((c) => c.stored && c.other?.title.startsWith('Plan '))).toBe(true);
    expect(overlaps(dryBorough).every((c) => !c.stored && c.other === null)).toBe(true);
    // The dry run predicted every row's conflicts.
    const summary = (rows: Row[]) => rows.map((r) => `${r.line}:${r.conflicts.map((c) => c.kind).sort().join(',')}`);
    expect(summary(dry.rows)).toEqual(summary(real.rows));
    expect(real.rows[0].consultation.organisation.code).toBe('TBC');
  }, 120_000);

  it('exports a filter as CSV that Excel opens and that imports again', async () => {
    t.clock.set('2028-02-29T23:59:00Z'); // the file is named by the service's today in London
    const file = (await t.ok(officer, EXPORT, { filter: { organisationCodes: ['TBC'], from: '2027-01-01' } })).exportConsultations;
    expect(file.filename).toBe('consultations-2028-02-29.csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.content.startsWith('\uFEFF')).toBe(true);
    expect(file.content.split('\r\n')[0]).toBe(`\uFEFF${HEADER},id,organisation name,area names,audience names,statutory,expected respondents,conflicts,version,updated at`);
    const records = parse(file.content, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(file.rowCount);
    expect(file.rowCount).toBe(await count());
    const borough = records.find((r) => r.title === 'Plan 25: borough budget, fees; charges')!;
    expect(borough).toMatchObject({ 'organisation code': 'TBC', start: '2027-03-20', end: '2027-04-02', 'area codes': 'E07000199', 'area names': 'Tamworth', channels: 'ONLINE_SURVEY' });
    expect(Number(borough.conflicts)).toBeGreaterThan(3);
    // A title that looks like a formula is written as text, so Excel does not run it.
    expect(records.find((r) => r.title.includes('HYPERLINK'))!.title).toBe(`'=HYPERLINK("http://example.org","click")`);

    // Round trip: the importer reads every row back and recognises each as already registered.
    const again = await importCsv(officer, file.content, true);
    expect(again.ignoredColumns).toEqual(['id', 'organisation name', 'area names', 'audience names', 'statutory', 'expected respondents', 'conflicts', 'version', 'updated at']);
    expect(again.problems).toHaveLength(file.rowCount);
    expect(again.problems.every((p: Problem) => p.field === 'title' && p.message.includes('has already registered'))).toBe(true);
    expect(again.problems.map((p: Problem) => p.message)).toContain('TBC has already registered "=HYPERLINK("http://example.org","click")" for 2029-01-01 to 2029-01-14');
  });

  it('exports the conflicts of a filter, each once', async () => {
    const file = (await t.ok(officer, EXPORT_CONFLICTS, { filter: { organisationCodes: ['TBC'] } })).exportConflicts;
    const records = parse(file.content, { bom: true, columns: true }) as Record<string, string>[];
    const [{ count: expected }] = await t.dataSource.query(
      `SELECT count(DISTINCT f.id) FROM conflict f JOIN consultation c ON c.id IN (f.consultation_id, f.other_id) JOIN organisation o ON o.id = c.organisation_id WHERE o.code = 'TBC'`,
    );
    expect(records).toHaveLength(Number(expected));
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    const overlap = records.find((r) => r.kind === 'OVERLAP')!;
    expect(overlap.explanation).toContain(overlap['clashes with']);
    expect(overlap['overlap start']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lets a coordinator import for another organisation, and no viewer import at all', async () => {
    const csv = `${HEADER}\nCoordinated plan,,TBC,2030-01-06,2030-01-19,E07000199,RESIDENTS,,,DRAFT\n`;
    const report = await importCsv(coordinator, csv, false);
    expect(report.rows[0]).toMatchObject({ organisationCode: 'TBC', consultation: { organisation: { code: 'TBC' } } });
    const refused = await t.graphql(viewer, IMPORT, { csv, dryRun: true });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
