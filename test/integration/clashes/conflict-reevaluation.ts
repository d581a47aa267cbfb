import { ConflictReevaluation } from '../../../src/conflicts/conflict-reevaluation';
import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const CLASHES = `query($id: ID!) { consultation(id: $id) { conflicts { id kind severity explanation acknowledgement { note } } } }`;
const ACKNOWLEDGE = `mutation($id: ID!, $note: String!) { acknowledgeConflict(id: $id, note: $note) { id } }`;
const UPDATE_AUDIENCE = `mutation($code: String!, $input: UpdateAudienceInput!) { updateAudience(code: $code, input: $input) { code reach } }`;

// Kept conflicts follow the rules: judged again when the rules (or their settings) change, as after
// the upgrade to the revised rules, and when a coordinator changes whom an audience reaches.
describe('re-evaluating kept conflicts', () => {
  let t: TestApp;
  let reevaluation: ConflictReevaluation;
  let police: string;
  let fire: string;
  let coordinator: string;
  let ids: { police: string; fire: string };

  const plan = (title: string, audienceCodes: string[]) => ({
    title,
    audienceCodes,
    areaCodes: ['E07000197'], // Stafford
    channels: ['ONLINE_SURVEY'],
    startDate: '2028-06-05',
    endDate: '2028-07-02',
  });
  const clashes = async (id: string) => (await t.ok(police, CLASHES, { id })).consultation.conflicts as { id: string; kind: string; severity: string; explanation: string; acknowledgement: { note: string } | null }[];

  beforeAll(async () => {
    t = await createTestApp();
    reevaluation = t.app.get(ConflictReevaluation);
    police = (await t.member('SP', 'OFFICER')).apiKey;
    fire = (await t.member('SFRS', 'OFFICER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    ids = {
      police: (await t.ok(police, REGISTER, { input: plan('Rural crime survey', ['PARISH_COUNCILS']) })).registerConsultation.id,
      fire: (await t.ok(fire, REGISTER, { input: plan('Water supplies for firefighting', ['PARISH_COUNCILS']) })).registerConsultation.id,
    };
  });
  afterAll(() => t.close());

  it('judges every kept conflict again once the rules differ from those it was judged by, keeping acknowledgements of the same substance', async () => {
    const [overlap] = await clashes(ids.police);
    expect(overlap).toMatchObject({ kind: 'OVERLAP', severity: 'HIGH' });
    await t.ok(police, ACKNOWLEDGE, { id: overlap.id, note: 'One letter to the parish councils from both of us' });
    // As the kept conflicts stood before the upgrade: other verdicts, judged by other rules.
    await t.dataSource.query(`UPDATE conflict SET severity = 'LOW', explanation = 'judged by the old rules'`);
    await t.dataSource.query(`UPDATE consultation SET topic_title = NULL, topic_summary = NULL`);
    await t.dataSource.query(`DELETE FROM clash_rules_applied`);

    expect(await reevaluation.ifRulesChanged()).toMatchObject({ consultations: 2 });
    const [judged] = await clashes(ids.police);
    expect(judged).toMatchObject({ id: overlap.id, severity: 'HIGH', acknowledgement: { note: 'One letter to the parish councils from both of us' } });
    expect(judged.explanation).toContain('Both contact every member of Parish and town councils');
    // The wording the topic rule reads is made for rows from before it was kept.
    expect(await t.dataSource.query(`SELECT title, topic_title FROM consultation ORDER BY title`)).toEqual([
      { title: 'Rural crime survey', topic_title: 'Rural crime survey' },
      { title: 'Water supplies for firefighting', topic_title: 'Water supplies for firefighting' },
    ]);

    // Judged by these rules already: nothing to do.
    await t.dataSource.query(`UPDATE conflict SET severity = 'LOW'`);
    expect(await reevaluation.ifRulesChanged()).toBeNull();
    expect((await clashes(ids.police))[0].severity).toBe('LOW');
    await reevaluation.all();
  });

  it('grades the clashes of the consultations asking an audience again when a coordinator changes its reach, and audits the change', async () => {
    expect((await clashes(ids.police))[0].severity).toBe('HIGH');
    expect((await t.ok(coordinator, UPDATE_AUDIENCE, { code: 'PARISH_COUNCILS', input: { reach: 'GROUP' } })).updateAudience).toEqual({ code: 'PARISH_COUNCILS', reach: 'GROUP' });
    await reevaluation.settled();
    // A GROUP reached by two online surveys: worth a look, no longer a matter for action.
    expect((await clashes(ids.police))[0].severity).toBe('MEDIUM');
    const [audit] = await t.dataSource.query(`SELECT before, after FROM audit_log WHERE action = 'audience.update' ORDER BY at DESC LIMIT 1`);
    expect(audit).toEqual({ before: { reach: 'ALL_ASKED' }, after: { reach: 'GROUP' } });

    await t.ok(coordinator, UPDATE_AUDIENCE, { code: 'PARISH_COUNCILS', input: { reach: 'ALL_ASKED' } });
    await reevaluation.settled();
    expect((await clashes(ids.police))[0].severity).toBe('HIGH');
  });

  it('lets only coordinators change whom an audience reaches', async () => {
    const refused = await t.graphql(police, UPDATE_AUDIENCE, { code: 'PARISH_COUNCILS', input: { reach: 'GENERAL' } });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
