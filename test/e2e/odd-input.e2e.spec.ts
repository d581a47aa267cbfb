import { createTestApp, TestApp } from '../support/test-app';

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
});
