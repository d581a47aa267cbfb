import { recordSql } from '../../support/sql-recorder';
import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const CALENDAR = `query($from: Date!, $to: Date!, $areaCodes: [String!], $audienceCodes: [String!], $granularity: CalendarGranularity, $statuses: [ConsultationStatus!]) {
  calendar(from: $from, to: $to, areaCodes: $areaCodes, audienceCodes: $audienceCodes, granularity: $granularity, statuses: $statuses) {
    from to granularity fatigueThreshold
    areas { code }
    periods { label start end cells { area { code } audience { code } count level consultations { title } } }
    consultations { title startDate endDate organisation { code } }
    segments { start end count consultations { title } }
  }
}`;

type Cell = { area: { code: string }; audience: { code: string } | null; count: number; level: string; consultations: { title: string }[] };
type Period = { label: string; start: string; end: string; cells: Cell[] };

// Staffordshire: Tamworth (E07000199) and Stafford (E07000197) are districts of the county
// (E10000028); Amington (E05007066) is a ward of Tamworth; Stoke-on-Trent (E06000021) is a
// unitary outside the county; SSOT is the composite of the county and Stoke.
describe('load calendar', () => {
  let t: TestApp;
  let tamworth: string;
  let county: string;

  beforeAll(async () => {
    t = await createTestApp();
    county = (await t.member('SCC', 'OFFICER')).apiKey;
    tamworth = (await t.member('TBC', 'OFFICER')).apiKey;
    const police = (await t.member('SP', 'OFFICER')).apiKey;
    const register = (key: string, title: string, areaCodes: string[], audienceCodes: string[], startDate: string, endDate: string, status = 'PLANNED') =>
      t.ok(key, REGISTER, { input: { title, areaCodes, audienceCodes, startDate, endDate, status } });
    await register(county, 'County budget', ['E10000028'], ['RESIDENTS'], '2027-03-01', '2027-03-21');
    await register(tamworth, 'Tamworth youth offer', ['E07000199'], ['YOUNG_PEOPLE'], '2027-03-08', '2027-03-14');
    await register(tamworth, 'Amington school run', ['E05007066'], ['SECONDARY_PUPILS'], '2027-03-10', '2027-03-12');
    await register(county, 'Stafford town centre', ['E07000197'], ['RESIDENTS'], '2027-03-01', '2027-03-07');
    await register(police, 'Stoke policing', ['E06000021'], ['RESIDENTS'], '2027-03-01', '2027-03-31');
    await register(police, 'Business crime survey', ['SSOT'], ['BUSINESSES'], '2027-03-01', '2027-03-14');
    await register(tamworth, 'Tamworth private draft', ['E07000199'], ['RESIDENTS'], '2027-03-01', '2027-03-07', 'DRAFT');
    const cancelled = await register(police, 'Withdrawn idea', ['E10000028'], ['RESIDENTS'], '2027-03-01', '2027-03-21');
    await t.ok(police, `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`, { id: cancelled.registerConsultation.id });
  });
  afterAll(() => t.close());

  const calendar = async (key: string, args: Record<string, unknown>) => (await t.ok(key, CALENDAR, args)).calendar;
  const grid = (periods: Period[]) =>
    periods.map((p) => [p.label, ...p.cells.map((c) => `${c.area.code}${c.audience ? `/${c.audience.code}` : ''}: ${c.count} ${c.level}`)]);
  const titles = (list: { title: string }[]) => list.map((c) => c.title).sort();

  it('counts per district per week through the hierarchy: county-wide and composite plans in every district, a ward in its own', async () => {
    const result = await calendar(county, { from: '2027-03-01', to: '2027-03-21', areaCodes: ['E07000199', 'E07000197', 'E06000021'] });
    expect(result).toMatchObject({ from: '2027-03-01', to: '2027-03-21', granularity: 'WEEK', fatigueThreshold: 3 });
    expect(grid(result.periods)).toEqual([
      ['2027-W09', 'E07000199: 2 LIGHT', 'E07000197: 3 AT_LIMIT', 'E06000021: 2 LIGHT'],
      ['2027-W10', 'E07000199: 4 FATIGUE', 'E07000197: 2 LIGHT', 'E06000021: 2 LIGHT'],
      ['2027-W11', 'E07000199: 1 LIGHT', 'E07000197: 1 LIGHT', 'E06000021: 1 LIGHT'],
    ]);
    expect(titles(result.periods[1].cells[0].consultations)).toEqual(['Amington school run', 'Business crime survey', 'County budget', 'Tamworth youth offer']);
    // Drafts of other organisations and cancelled plans never count.
    expect(titles(result.consultations)).not.toContain('Tamworth private draft');
    expect(titles(result.consultations)).not.toContain('Withdrawn idea');
  });

  it('splits a row by audience through the audience tree', async () => {
    const result = await calendar(county, { from: '2027-03-08', to: '2027-03-14', areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE', 'BUSINESSES'] });
    expect(grid(result.periods)).toEqual([['2027-W10', 'E07000199/YOUNG_PEOPLE: 3 AT_LIMIT', 'E07000199/BUSINESSES: 1 LIGHT']]);
  });

  it('counts by month', async () => {
    const result = await calendar(county, { from: '2027-03-15', to: '2027-04-02', areaCodes: ['E05007066'], granularity: 'MONTH' });
    expect(grid(result.periods)).toEqual([['2027-03', 'E05007066: 4 FATIGUE'], ['2027-04', 'E05007066: 0 NONE']]);
  });

  it('defaults to one row per district and unitary authority', async () => {
    const result = await calendar(county, { from: '2027-03-01', to: '2027-03-07' });
    expect(result.areas).toHaveLength(9);
    expect(result.areas.map((a: { code: string }) => a.code)).toEqual(expect.arrayContaining(['E07000199', 'E07000197', 'E06000021']));
    expect(result.periods[0].cells).toHaveLength(9);
  });

  it("counts the caller's own drafts only when asked, and never another organisation's", async () => {
    const args = { from: '2027-03-01', to: '2027-03-07', areaCodes: ['E07000199'], statuses: ['DRAFT', 'PLANNED'] };
    expect((await calendar(tamworth, args)).periods[0].cells[0].count).toBe(3);
    expect((await calendar(county, args)).periods[0].cells[0].count).toBe(2);
  });

  it('reads the consultations themselves only when a query lists them, once for all its lists', async () => {
    const args = { from: '2027-03-01', to: '2027-03-21', areaCodes: ['E07000199', 'E07000197'] };
    const HEAT_MAP = `query($from: Date!, $to: Date!, $areaCodes: [String!]) { calendar(from: $from, to: $to, areaCodes: $areaCodes) { periods { cells { count level } } } }`;
    const LISTS = `query($from: Date!, $to: Date!, $areaCodes: [String!]) { calendar(from: $from, to: $to, areaCodes: $areaCodes) {
      periods { cells { count consultations { title } } } consultations { title } segments { consultations { title } } } }`;
    await t.ok(county, LISTS, args); // the areas are held from now on
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const counts = await recordSql(() => t.ok(county, HEAT_MAP, args));
    let listed: any;
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const lists = await recordSql(async () => (listed = await t.ok(county, LISTS, args)));
    expect(counts.join('\n')).not.toMatch(/summary|title/);
    expect(lists).toHaveLength(counts.length + 1);
    expect(titles(listed.calendar.consultations)).toEqual(['Amington school run', 'Business crime survey', 'County budget', 'Stafford town centre', 'Tamworth youth offer']);
  });

  it('gives the timeline: day ranges over which the same consultations are live', async () => {
    const result = await calendar(county, { from: '2027-03-08', to: '2027-03-14', areaCodes: ['E05007066'] });
    expect(result.segments.map((s: { start: string; end: string; count: number; consultations: { title: string }[] }) => [s.start, s.end, s.count, titles(s.consultations)])).toEqual([
      ['2027-03-08', '2027-03-09', 3, ['Business crime survey', 'County budget', 'Tamworth youth offer']],
      ['2027-03-10', '2027-03-12', 4, ['Amington school run', 'Business crime survey', 'County budget', 'Tamworth youth offer']],
      ['2027-03-13', '2027-03-14', 3, ['Business crime survey', 'County budget', 'Tamworth youth offer']],
    ]);
    expect(result.consultations.find((c: { title: string }) => c.title === 'Amington school run')).toMatchObject({ startDate: '2027-03-10', endDate: '2027-03-12', organisation: { code: 'TBC' } });
  });

  it.each([
    ['an unknown area', { from: '2027-03-01', to: '2027-03-07', areaCodes: ['NOWHERE'] }, 'areaCodes', /NOWHERE/],
    ['an unknown audience', { from: '2027-03-01', to: '2027-03-07', audienceCodes: ['MARTIANS'] }, 'audienceCodes', /MARTIANS/],
    ['an end before the start', { from: '2027-03-07', to: '2027-03-01' }, 'to', /before/],
    ['more than three years', { from: '2027-01-01', to: '2030-06-01' }, 'to', /at most/],
  ])('refuses %s, naming the field', async (_label, args, field, message) => {
    const { errors } = await t.graphql(county, CALENDAR, args);
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
    expect(errors?.[0].message).toMatch(message);
  });
});
