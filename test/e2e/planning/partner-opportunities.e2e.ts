import { createTestApp, GraphQLResult, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const OPEN = `mutation($id: ID!) { setOpenToPartners(id: $id, open: true) { id } }`;
const OFFERED = `query($input: ConsultationInput!, $excludeId: ID, $limit: Int) {
  partnerOpportunities(input: $input, excludeId: $excludeId, limit: $limit) { id title organisation { code } } }`;
const CHECK = `query($input: ConsultationInput!, $minSeverity: Severity) { checkConsultation(input: $input, minSeverity: $minSeverity) { kind severity other { id } } }`;

type Key = { apiKey: string };
const problem = (result: GraphQLResult) => ({ code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field });

// "Ask to join instead" for planning forms: the county's standing residents' survey, open to partner
// questions, is suggested to a police plan asking residents in one of its districts about something
// else in the same weeks, though the two only clash LOW (no clash a form shows by default). Not to
// a plan in other weeks or other places; a survey not open, and a draft, are never suggested.
// The service's today is 15 January 2027.
describe('partnerOpportunities: consultations open to partner questions a plan could join instead', () => {
  let t: TestApp;
  let county: Key;
  let police: Key;
  let tamworth: Key;
  let stafford: Key;
  const ids: Record<string, string> = {};
  const register = async (key: Key, input: Record<string, unknown>) => (await t.ok(key.apiKey, REGISTER, { input: { channels: ['ONLINE_SURVEY'], ...input } })).registerConsultation.id as string;
  // The police ask residents of Tamworth about road safety, for two weeks of the county survey's eight.
  const roads = { title: 'Road safety in Tamworth', topics: ['road safety'], areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'], startDate: '2027-05-17', endDate: '2027-05-30' };
  const offered = async (key: Key, input: Record<string, unknown>) =>
    (await t.ok(key.apiKey, OFFERED, { input: { ...roads, ...input } })).partnerOpportunities.map((c: { title: string }) => c.title);

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock('2027-01-15T09:00:00Z'));
    county = await t.member('SCC', 'OFFICER');
    police = await t.member('SP', 'OFFICER');
    tamworth = await t.member('TBC', 'OFFICER');
    stafford = await t.member('SBC', 'OFFICER');
    ids.survey = await register(county, { title: "Residents' survey 2027", topics: ['council services'], areaCodes: ['E10000028'], audienceCodes: ['RESIDENTS'], startDate: '2027-05-03', endDate: '2027-06-27' });
    await t.ok(county.apiKey, OPEN, { id: ids.survey });
    // Stafford's own residents' survey, the same weeks, not open to partner questions.
    ids.staffordSurvey = await register(stafford, { title: 'Stafford residents survey', topics: ['leisure'], areaCodes: ['E07000197'], audienceCodes: ['RESIDENTS'], startDate: '2027-05-03', endDate: '2027-06-27' });
    // Tamworth's draft, open to partner questions but private to Tamworth.
    ids.draft = await register(tamworth, { title: 'Tamworth town centre ideas', topics: ['town centre'], areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2027-05-10', endDate: '2027-06-06', status: 'DRAFT' });
    await t.ok(tamworth.apiKey, OPEN, { id: ids.draft });
    await t.settled();
  });
  afterAll(() => t?.close());

  it('suggests the open county survey to a police plan for residents of one of its districts on another topic in the same weeks, with no clash shown by default', async () => {
    expect(await offered(police, {})).toEqual(["Residents' survey 2027"]);
    // The two only clash LOW: a form showing HIGH and MEDIUM shows nothing.
    expect((await t.ok(police.apiKey, CHECK, { input: roads, minSeverity: 'MEDIUM' })).checkConsultation).toEqual([]);
    expect((await t.ok(police.apiKey, CHECK, { input: roads })).checkConsultation).toEqual([{ kind: 'OVERLAP', severity: 'LOW', other: { id: ids.survey } }]);
    // Young people are among the residents it asks.
    expect(await offered(police, { audienceCodes: ['YOUNG_PEOPLE'] })).toEqual(["Residents' survey 2027"]);
  });

  it('suggests it within the clash gap of its dates (14 days), not beyond, nor in other places or to other people', async () => {
    // As far as the check's near miss reaches: 14 clear days after it (28 June to 11 July), not 15.
    const nearMiss = async (startDate: string) =>
      (await t.ok(police.apiKey, CHECK, { input: { ...roads, startDate, endDate: '2027-07-31' } })).checkConsultation.some((c: { kind: string; other: { id: string } | null }) => c.kind === 'OVERLAP' && c.other?.id === ids.survey);
    expect([await nearMiss('2027-07-12'), await nearMiss('2027-07-13')]).toEqual([true, false]);
    expect(await offered(police, { startDate: '2027-07-12', endDate: '2027-07-31' })).toEqual(["Residents' survey 2027"]);
    expect(await offered(police, { startDate: '2027-07-13', endDate: '2027-07-31' })).toEqual([]);
    expect(await offered(police, { startDate: '2027-09-01', endDate: '2027-09-30' })).toEqual([]);
    expect(await offered(police, { areaCodes: ['E06000021'] })).toEqual([]); // Stoke-on-Trent, outside the county
    expect(await offered(police, { audienceCodes: ['BUSINESSES'] })).toEqual([]);
  });

  it('never suggests a consultation not open to partner questions, a draft of another organisation, or its own organisation\'s', async () => {
    // In Stafford the county survey is offered, Stafford's own survey (not open) is not.
    expect(await offered(police, { areaCodes: ['E07000197'] })).toEqual(["Residents' survey 2027"]);
    // Tamworth's open draft is not offered to the police, though it asks the same people at the same time.
    expect(await offered(police, {})).not.toContain('Tamworth town centre ideas');
    expect(await offered(county, {})).toEqual([]);
    expect((await t.ok(stafford.apiKey, OFFERED, { input: roads })).partnerOpportunities).toEqual([{ id: ids.survey, title: "Residents' survey 2027", organisation: { code: 'SCC' } }]);
    // The consultation named by excludeId (the plan being changed) is left out, as a check leaves it out.
    expect((await t.ok(police.apiKey, OFFERED, { input: roads, excludeId: ids.survey })).partnerOpportunities).toEqual([]);
  });

  it('validates the plan and the limit as checkConsultation does, naming the field', async () => {
    expect(problem(await t.graphql(police.apiKey, OFFERED, { input: { ...roads, areaCodes: ['NOPE'] } }))).toEqual({ code: 'BAD_USER_INPUT', field: 'areaCodes' });
    expect(problem(await t.graphql(police.apiKey, OFFERED, { input: { ...roads, endDate: '2027-05-01' } }))).toEqual({ code: 'BAD_USER_INPUT', field: 'endDate' });
    expect(problem(await t.graphql(police.apiKey, OFFERED, { input: roads, limit: 0 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'limit' });
    expect(problem(await t.graphql(police.apiKey, OFFERED, { input: roads, limit: 21 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'limit' });
    expect(problem(await t.graphql(police.apiKey, OFFERED, { input: roads, excludeId: 'not-an-id' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'excludeId' });
    expect(problem(await t.graphql(undefined, OFFERED, { input: roads }))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('stops suggesting it once the organisation has asked to join', async () => {
    await t.ok(police.apiKey, `mutation($id: ID!) { requestToJoin(consultationId: $id, note: "Four questions on speeding") { id } }`, { id: ids.survey });
    expect(await offered(police, {})).toEqual([]);
  });
});
