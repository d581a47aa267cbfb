import { createTestApp, GraphQLResult, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const PROTECT = `mutation($id: ID!, $daysBefore: Int!, $daysAfter: Int!) { protectConsultation(id: $id, daysBefore: $daysBefore, daysAfter: $daysAfter) { id protection { daysBefore daysAfter } } }`;
const UNPROTECT = `mutation($id: ID!) { unprotectConsultation(id: $id) { id protection { daysBefore daysAfter } } }`;
const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind severity explanation overlapStart overlapEnd other { id } } }`;
const CHECK_EDIT = `query($input: ConsultationInput!, $excludeId: ID) { checkConsultation(input: $input, excludeId: $excludeId) { kind explanation other { id } } }`;
const STORED = `query($id: ID!) { consultation(id: $id) { protection { daysBefore daysAfter } conflicts { kind severity explanation other { id } } } }`;

type Key = { id: string; apiKey: string; email: string };
type Clash = { kind: string; severity: string; explanation: string; overlapStart?: string; overlapEnd?: string; other: { id: string } | null };
const problem = (result: GraphQLResult) => ({ code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field });
const guarded = (clashes: Clash[]) => clashes.filter((c) => c.kind === 'PROTECTED');

// Protected windows over real HTTP and PostgreSQL: the county's residents' survey in Tamworth
// (1–31 March 2027) protected by the network coordinator; Tamworth's plans weeks after it.
// The service's today is 15 January 2027.
describe('protected windows: a flagship survey kept clear', () => {
  let t: TestApp;
  let county: Key;
  let tamworth: Key;
  let tamworthViewer: Key;
  let coordinator: Key;
  let survey: string;
  let markets: string;
  const plan = (title: string, startDate: string, endDate: string) => ({
    title, startDate, endDate, areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'],
  });
  const check = async (startDate: string, endDate: string) => guarded((await t.ok(tamworth.apiKey, CHECK, { input: plan('Tamworth parking survey', startDate, endDate) })).checkConsultation);
  const stored = async (id: string) => (await t.ok(tamworthViewer.apiKey, STORED, { id })).consultation as { protection: unknown; conflicts: Clash[] };

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock('2027-01-15T09:00:00Z'));
    county = await t.member('SCC', 'OFFICER', 'survey.lead@staffordshire.example');
    tamworth = await t.member('TBC', 'OFFICER', 'tam.officer@tamworth.example');
    tamworthViewer = await t.member('TBC', 'VIEWER', 'tam.viewer@tamworth.example');
    coordinator = await t.member('SCC', 'COORDINATOR', 'cora.network@staffordshire.example');
    survey = (await t.ok(county.apiKey, REGISTER, { input: { ...plan('Residents survey 2027', '2027-03-01', '2027-03-31'), channels: ['POSTAL_SURVEY'] } })).registerConsultation.id;
    // 39 clear days after the survey: no OVERLAP, and beyond what a plan's own check looks at near it.
    markets = (await t.ok(tamworth.apiKey, REGISTER, { input: plan('Tamworth markets', '2027-05-10', '2027-05-31') })).registerConsultation.id;
    await t.settled();
  });
  afterAll(() => t.close());

  it('only the coordinator protects, with 0 to 90 days each side, and every member reads the protection', async () => {
    expect((await stored(survey)).protection).toBeNull();
    for (const key of [county, tamworth, tamworthViewer]) {
      expect(problem(await t.graphql(key.apiKey, PROTECT, { id: survey, daysBefore: 7, daysAfter: 45 }))).toEqual({ code: 'FORBIDDEN', field: undefined });
      expect(problem(await t.graphql(key.apiKey, UNPROTECT, { id: survey }))).toEqual({ code: 'FORBIDDEN', field: undefined });
    }
    expect(problem(await t.graphql(coordinator.apiKey, PROTECT, { id: survey, daysBefore: -1, daysAfter: 45 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'daysBefore' });
    expect(problem(await t.graphql(coordinator.apiKey, PROTECT, { id: survey, daysBefore: 7, daysAfter: 91 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'daysAfter' });
    expect((await stored(survey)).protection).toBeNull();
    expect(guarded((await stored(markets)).conflicts)).toEqual([]);
  });

  it('a plan within the widened window clashes with the protected survey, named, in a check and once registered; the survey sees it too', async () => {
    const set = (await t.ok(coordinator.apiKey, PROTECT, { id: survey, daysBefore: 7, daysAfter: 45 })).protectConsultation;
    expect(set).toEqual({ id: survey, protection: { daysBefore: 7, daysAfter: 45 } });
    expect((await stored(survey)).protection).toEqual({ daysBefore: 7, daysAfter: 45 });

    // The window runs 22 February – 15 May 2027: a plan starting on its last day clashes, the day after does not.
    const [inside] = await check('2027-05-15', '2027-06-05');
    expect(inside).toEqual({
      kind: 'PROTECTED',
      severity: 'HIGH',
      overlapStart: '2027-05-15',
      overlapEnd: '2027-05-15',
      other: { id: survey },
      explanation:
        'Falls within the protected window of "Residents survey 2027" (Staffordshire County Council), 22 February – 15 May 2027 (its dates, 1–31 March 2027, widened by 7 days before and 45 days after), kept clear for its consultation of residents in Tamworth: move it or join it.',
    });
    expect(await check('2027-05-16', '2027-06-05')).toEqual([]);
    expect(await check('2027-02-01', '2027-02-21')).toEqual([]);
    expect(await check('2027-02-01', '2027-02-22')).toHaveLength(1);

    // Markets, registered before the protection, was judged again in the same request.
    expect(guarded((await stored(markets)).conflicts)).toEqual([
      expect.objectContaining({ severity: 'HIGH', other: { id: survey }, explanation: expect.stringMatching(/^Falls within the protected window of "Residents survey 2027"/) }),
    ]);
    const fromSurvey = guarded((await t.ok(county.apiKey, STORED, { id: survey })).consultation.conflicts);
    expect(fromSurvey).toEqual([
      expect.objectContaining({
        other: { id: markets },
        explanation: '"Tamworth markets" (Tamworth Borough Council) runs within this consultation\'s protected window (22 February – 15 May 2027) on 10–15 May 2027 and asks residents in Tamworth: it should move or join this one.',
      }),
    ]);

    // Checking an edit of the survey finds what its window catches, as saving the edit would.
    const edit = { input: { ...plan('Residents survey 2027', '2027-03-01', '2027-03-31'), channels: ['POSTAL_SURVEY'] }, excludeId: survey };
    expect(guarded((await t.ok(county.apiKey, CHECK_EDIT, edit)).checkConsultation)).toEqual([expect.objectContaining({ other: { id: markets }, explanation: fromSurvey[0].explanation })]);

    // A plan registered now, within the window, keeps the clash from its own side.
    const parking = (await t.ok(tamworth.apiKey, REGISTER, { input: plan('Tamworth parking survey', '2027-04-20', '2027-04-30') })).registerConsultation.id;
    expect(guarded((await stored(parking)).conflicts)).toEqual([expect.objectContaining({ severity: 'HIGH', other: { id: survey } })]);

    const audited = await t.dataSource.query(`SELECT action, before, after FROM audit_log WHERE entity_id = $1 AND action LIKE 'consultation.%protected' ORDER BY id`, [survey]);
    expect(audited).toEqual([{ action: 'consultation.protected', before: { protection: null }, after: { protection: { daysBefore: 7, daysAfter: 45 } } }]);
  });

  it('narrowing the window releases what it no longer reaches; lifting the protection releases the rest', async () => {
    await t.ok(coordinator.apiKey, PROTECT, { id: survey, daysBefore: 7, daysAfter: 30 }); // to 30 April
    expect(guarded((await stored(markets)).conflicts)).toEqual([]);
    expect(guarded((await t.ok(county.apiKey, STORED, { id: survey })).consultation.conflicts).map((c: Clash) => c.other!.id)).not.toContain(markets);
    expect(await check('2027-05-10', '2027-05-31')).toEqual([]);
    expect(await check('2027-04-30', '2027-05-31')).toHaveLength(1);

    expect((await t.ok(coordinator.apiKey, UNPROTECT, { id: survey })).unprotectConsultation).toEqual({ id: survey, protection: null });
    expect(guarded((await t.ok(county.apiKey, STORED, { id: survey })).consultation.conflicts)).toEqual([]);
    expect(await check('2027-04-20', '2027-04-30')).toEqual([]);
    const actions = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'consultation.%protected' ORDER BY id`, [survey]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['consultation.protected', 'consultation.protected', 'consultation.unprotected']);
  });
});
