import { recordSql } from '../../support/sql-recorder';
import { createTestApp, TestApp } from '../../support/test-app';

const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind } }`;
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;

// Input a member's system might send that PostgreSQL could not take: each was an internal error
// before (found by sending it by hand), and is now BAD_USER_INPUT naming the field, with nothing
// written.
describe('odd input is a member’s mistake, not an internal error', () => {
  let t: TestApp;
  let officer: string;
  let coordinator: string;
  const plan = { title: 'Parks survey', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2027-03-01', endDate: '2027-03-21' };

  beforeAll(async () => {
    t = await createTestApp();
    officer = (await t.member('TBC', 'OFFICER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
  });
  afterAll(() => t.close());

  const refusal = async (key: string, query: string, variables?: Record<string, unknown>) => (await t.graphql(key, query, variables)).errors?.[0];

  it.each([
    ['a title', REGISTER, { input: { ...plan, title: 'Parks\u0000 survey' } }, 'title'],
    ['a topic', CHECK, { input: { ...plan, topics: ['parks', '\u0000'] } }, 'topics'],
    ['a filter’s words', `query($text: String) { consultations(filter: { text: $text }) { totalCount } }`, { text: 'park\u0000' }, 'filter.text'],
    ['an area search', `query($search: String) { areas(search: $search) { code } }`, { search: '\u0000' }, 'search'],
    ['a feed label', `mutation($label: String!) { createCalendarFeed(label: $label) { feed { id } } }`, { label: 'Outlook\u0000' }, 'label'],
  ])('refuses the NUL character in %s', async (_what, query, variables, field) => {
    expect(await refusal(officer, query, variables)).toMatchObject({ message: 'Text may not contain the NUL character (U+0000)', extensions: { code: 'BAD_USER_INPUT', field } });
  });

  it('registers nothing when a title carries a NUL', async () => {
    await refusal(officer, REGISTER, { input: { ...plan, title: 'Ghost\u0000' } });
    const { consultations } = await t.ok(officer, `{ consultations(filter: { text: "Ghost" }) { totalCount } }`);
    expect(consultations.totalCount).toBe(0);
  });

  it('refuses a date past 2199 or before 1900, where windows worked out from it would not fit a date', async () => {
    const window = async (startDate: string, endDate: string) => (await refusal(officer, CHECK, { input: { ...plan, startDate, endDate } }))?.extensions;
    expect(await window('2199-12-01', '2200-01-01')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endDate' });
    expect(await window('1899-12-31', '1900-01-10')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startDate' });
    expect(await refusal(officer, `query($weekOf: Date!) { digestPreview(weekOf: $weekOf) { subject } }`, { weekOf: '9999-12-31' })).toMatchObject({
      message: expect.stringContaining('9999-12-31 is out of range: dates run from 1900-01-01 to 2199-12-31'),
      extensions: { code: 'BAD_USER_INPUT', field: 'weekOf' },
    });
    const { importConsultations } = await t.ok(officer, `mutation($csv: String!) { importConsultations(csv: $csv, dryRun: true) { problems { line field message } } }`, {
      csv: 'title,start,end,area codes,audience codes\nFar future,9999-12-01,9999-12-31,E07000199,RESIDENTS',
    });
    expect(importConsultations.problems).toContainEqual({ line: 2, field: 'startDate', message: '9999-12-01 is out of range: dates run from 1900-01-01 to 2199-12-31' });
  });

  it('refuses a date written in the query itself as BAD_USER_INPUT naming its field, as it does one in a variable', async () => {
    expect(await refusal(officer, `{ consultations(filter: { from: "2027-02-30" }) { totalCount } }`)).toMatchObject({
      message: '"2027-02-30" is not a valid calendar date (YYYY-MM-DD)',
      extensions: { code: 'BAD_USER_INPUT', field: 'from' },
    });
    expect(await refusal(officer, `{ blackoutPeriods(from: "2026-01-01", to: "9999-01-01") { name } }`)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
    expect(await refusal(officer, `query { checkConsultation(input: { title: "x", areaCodes: ["E07000199"], audienceCodes: ["RESIDENTS"], startDate: "2027-13-01", endDate: "2027-03-01" }) { kind } }`))
      .toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'startDate' } });
  });

  it('refuses a range that ends before it begins', async () => {
    expect(await refusal(officer, `{ blackoutPeriods(from: "2028-01-01", to: "2027-01-01") { name } }`)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
    expect(await refusal(coordinator, `{ conflicts(filter: { from: "2028-01-01", to: "2027-01-01" }) { totalCount } }`)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.to' } });
  });
  // Filters are inputs nested in the arguments: they carry the same limits as top-level ones, and a
  // refusal is made before the service asks PostgreSQL anything about consultations or conflicts.
  const many = (n: number) => Array.from({ length: n }, (_, i) => `E${String(i).padStart(8, '0')}`);
  it.each([
    ['consultations', 'a text over 200 characters', `query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }`, { text: 'park '.repeat(2000) }, 'filter.text'],
    ['consultations', 'over 300 area codes', `query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }`, { areaCodes: many(150_000) }, 'filter.areaCodes'],
    ['consultations', 'over 50 audience codes', `query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }`, { audienceCodes: many(51) }, 'filter.audienceCodes'],
    ['consultations', 'an area code of a kilobyte', `query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }`, { areaCodes: ['E'.repeat(1024)] }, 'filter.areaCodes'],
    ['consultations', 'over 100 organisation codes', `query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }`, { organisationCodes: many(101) }, 'filter.organisationCodes'],
    ['consultations', 'a list of statuses repeated', `query($f: ConsultationFilter) { consultations(filter: $f) { totalCount } }`, { statuses: Array(10_000).fill('LIVE') }, 'filter.statuses'],
    ['exportConsultations', 'a text over 200 characters', `query($f: ConsultationFilter) { exportConsultations(filter: $f) { filename } }`, { text: 'x'.repeat(10_800) }, 'text'], // a top-level argument: named as before
    ['conflicts', 'over 100 organisation codes', `query($f: ConflictFilter) { conflicts(filter: $f) { totalCount } }`, { organisationCodes: many(5000) }, 'filter.organisationCodes'],
    ['conflicts', 'a list of severities repeated', `query($f: ConflictFilter) { conflicts(filter: $f) { totalCount } }`, { severities: Array(10_000).fill('HIGH') }, 'filter.severities'],
    ['conflicts', 'a list of kinds repeated', `query($f: ConflictFilter) { conflicts(filter: $f) { totalCount } }`, { kinds: Array(10_000).fill('OVERLAP') }, 'filter.kinds'],
    ['auditLog', 'an action over 64 characters', `query($f: AuditFilter) { auditLog(filter: $f) { totalCount } }`, { action: 'consultation.'.repeat(100) }, 'filter.action'],
    ['auditLog', 'an email over 320 characters', `query($f: AuditFilter) { auditLog(filter: $f) { totalCount } }`, { actorEmail: `${'a'.repeat(400)}@example.org` }, 'filter.actorEmail'],
  ])('refuses the filter of %s with %s, naming the field, before any SQL on what it filters', async (_query, _what, query, f, field) => {
    let error: Awaited<ReturnType<typeof refusal>>;
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const statements = await recordSql(async () => (error = await refusal(coordinator, query, { f })));
    expect(error!).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
    expect(statements.filter((sql) => /consultation|conflict|audit_log/i.test(sql))).toEqual([]);
  });
});
