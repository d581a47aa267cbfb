import { Logger } from '@nestjs/common';
import { createTestApp, TestApp } from '../../support/test-app';

// An id that cannot be one (copied wrong, cut short, a number) is the caller's mistake: refused
// before anything runs as BAD_USER_INPUT naming where it was, never an internal error carrying
// SQL, and never logged as an error. (No input type has an ID field yet: the plugin's own spec
// covers those.)
describe('ids that are not ids', () => {
  let t: TestApp;
  let officer: string;
  let coordinator: string;
  let consultationId: string;
  const errorsLogged = jest.spyOn(Logger.prototype, 'error');

  beforeAll(async () => {
    t = await createTestApp();
    officer = (await t.member('TBC', 'OFFICER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    const plan = { title: 'Parks survey', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2027-03-01', endDate: '2027-03-21' };
    consultationId = (await t.ok(officer, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, { input: plan })).registerConsultation.id;
  });
  afterAll(async () => {
    errorsLogged.mockRestore();
    await t.close();
  });

  const refusal = async (key: string, query: string, variables?: Record<string, unknown>) => (await t.graphql(key, query, variables)).errors?.[0];

  it.each([
    ['a query argument', `{ consultation(id: "not-a-uuid") { id } }`, undefined, 'id'],
    ['a query argument sent as a number', `query($id: ID!) { consultation(id: $id) { id } }`, { id: 42 }, 'id'],
    ['an optional argument', `{ digestPreview(memberId: "me") { subject } }`, undefined, 'memberId'],
    ['an argument beside an input', `query($input: ConsultationInput!) { checkConsultation(input: $input, excludeId: "0f8fad5b-d9cb") { kind } }`,
      { input: { title: 'Parks survey', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2027-03-01', endDate: '2027-03-21' } }, 'excludeId'],
    ['a mutation argument', `mutation { redriveDigestDelivery(id: "…") { status } }`, undefined, 'id'],
    ['one of a list', `mutation($ids: [ID!]!) { acknowledgeConflicts(ids: $ids, note: "Agreed") { id } }`, { ids: ['0f8fad5b-d9cb-469f-a165-70867728950e', 'nope'] }, 'ids'],
  ])('refuses %s, naming it', async (_what, query, variables, field) => {
    errorsLogged.mockClear();
    expect(await refusal(coordinator, query, variables)).toEqual({
      message: expect.stringMatching(/^".*" is not an id: ids are UUIDs, such as [0-9a-f-]{36}$/),
      extensions: { code: 'BAD_USER_INPUT', field },
    });
    expect(errorsLogged).not.toHaveBeenCalled();
  });

  it('answers HTTP 400, as a bad variable does', async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify({ query: `mutation { cancelConsultation(id: "${consultationId.slice(0, 8)}") { status } }` }),
    });
    expect(response.status).toBe(400);
    const { count } = (await t.dataSource.query(`SELECT count(*)::int AS count FROM consultation WHERE status = 'CANCELLED'`))[0];
    expect(count).toBe(0);
  });

  it('still finds an id written in capitals, and says NOT_FOUND for a well-formed one that names nothing', async () => {
    expect((await t.ok(officer, `query($id: ID!) { consultation(id: $id) { id } }`, { id: consultationId.toUpperCase() })).consultation.id).toBe(consultationId);
    expect(await refusal(officer, `{ consultation(id: "00000000-0000-4000-8000-000000000000") { id } }`)).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    // A dry run's conflict has an id of its own shape: an id, of no kept conflict.
    const acknowledge = `mutation($id: ID!) { acknowledgeConflict(id: $id, note: "Agreed with everyone") { id } }`;
    expect(await refusal(officer, acknowledge, { id: `check:OVERLAP:${consultationId}` })).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'id' } });
    expect(await refusal(officer, acknowledge, { id: 'OVERLAP' })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
  });
});
