import { isoWeekOf } from '../../../src/common/dates/iso-week';
import { DigestDeliveries } from '../../../src/digest/digest-deliveries';
import { DigestSender } from '../../../src/digest/digest-sender';
import { ReviewNotifier } from '../../../src/reviews/review-notifier';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { createTestApp, GraphQLResult, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: ConsultationUpdateInput!) { updateConsultation(id: $id, input: $input) { id } }`;
const LAUNCH = `mutation($id: ID!) { launchConsultation(id: $id) { id status } }`;
const REVIEW_FIELDS = `status reasons { kind explanation } decision { agree note reviewedAt reviewedBy { email } }`;
const QUEUE = `{ reviewQueue { consultation { id title } ${REVIEW_FIELDS} } }`;
const REVIEW = `mutation($id: ID!, $agree: Boolean!, $note: String!) { reviewConsultation(id: $id, agree: $agree, note: $note) { consultation { id } ${REVIEW_FIELDS} } }`;
const OWN_VIEW = `query($id: ID!) { consultation(id: $id) { status review { ${REVIEW_FIELDS} } conflicts { severity acknowledgement { note } } } }`;

type Key = { id: string; apiKey: string; email: string };
const problem = (result: GraphQLResult) => ({ code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field });

// Network review over real HTTP, PostgreSQL and SMTP, with both settings on (REVIEW_PANEL_USE,
// REVIEW_UNACKNOWLEDGED_HIGH): plans that need the coordinator's agreement, the queue, decisions
// and the launch gate, and the coordinator's digest. The service's today is 15 January 2027.
describe('network review: the coordinator agrees before launch', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let tamworth: Key;
  let tamworthViewer: Key;
  let police: Key;
  let coordinator: Key;
  const ids: Record<string, string> = {};
  // Tamworth, away from the May 2027 pre-election period.
  const plan = (title: string, startDate: string, endDate: string, audienceCodes: string[], channels = ['ONLINE_SURVEY']) => ({
    title, startDate, endDate, audienceCodes, channels, areaCodes: ['E07000199'],
  });
  const register = async (key: Key, input: Record<string, unknown>) => (await t.ok(key.apiKey, REGISTER, { input })).registerConsultation.id as string;
  const queue = async () => (await t.ok(coordinator.apiKey, QUEUE)).reviewQueue as { consultation: { id: string; title: string }; status: string; reasons: { kind: string; explanation: string }[] }[];
  const reviewOf = async (key: Key, id: string) => (await t.ok(key.apiKey, OWN_VIEW, { id })).consultation;
  const mailed = async () => t.app.get(ReviewNotifier).settled();
  const digestsTo = (key: Key) => sink.to(key.email).filter((m) => m.subject?.startsWith('Consultation digest'));

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp(
      { PUBLIC_BASE_URL: 'https://calendar.network.example', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), REVIEW_PANEL_USE: 'true', REVIEW_UNACKNOWLEDGED_HIGH: 'true' },
      undefined,
      new TestClock('2027-01-15T09:00:00Z'),
    );
    tamworth = await t.member('TBC', 'OFFICER', 'tam.officer@tamworth.example');
    tamworthViewer = await t.member('TBC', 'VIEWER', 'tam.viewer@tamworth.example');
    police = await t.member('SP', 'OFFICER', 'pc.engagement@police.example');
    coordinator = await t.member('SCC', 'COORDINATOR', 'cora.network@staffordshire.example');
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it("a plan asking the Citizens' Panel cannot launch, waits in the queue with its reason, and launches once the coordinator agrees", async () => {
    ids.leisure = await register(tamworth, plan('Leisure centres panel survey', '2027-06-01', '2027-06-21', ['CITIZENS_PANEL']));
    const refused = await t.graphql(tamworth.apiKey, LAUNCH, { id: ids.leisure });
    expect(problem(refused)).toEqual({ code: 'REVIEW_REQUIRED', field: 'id' });
    expect(refused.errors![0].extensions).toMatchObject({ awaiting: 'COORDINATOR_AGREEMENT', reviewStatus: 'AWAITING', reasons: [{ kind: 'PANEL_USE' }] });
    expect(refused.errors![0].message).toContain(`"Leisure centres panel survey" cannot go live until the network coordinator agrees`);
    const why = `It asks Staffordshire and Stoke-on-Trent Citizens' Panel, where every member is asked: the network agrees each use before launch, so that one panel is not asked twice at once (REVIEW_PANEL_USE).`;
    // The owner sees where it stands and why; another organisation does not.
    expect((await reviewOf(tamworthViewer, ids.leisure)).review).toEqual({ status: 'AWAITING', reasons: [{ kind: 'PANEL_USE', explanation: why }], decision: null });
    expect((await reviewOf(police, ids.leisure)).review).toBeNull();

    expect(await queue()).toEqual([{ consultation: { id: ids.leisure, title: 'Leisure centres panel survey' }, status: 'AWAITING', reasons: [{ kind: 'PANEL_USE', explanation: why }], decision: null }]);
    // Only the coordinator reads the queue and decides.
    for (const key of [tamworth, tamworthViewer, police]) {
      expect(problem(await t.graphql(key.apiKey, QUEUE))).toEqual({ code: 'FORBIDDEN', field: undefined });
      expect(problem(await t.graphql(key.apiKey, REVIEW, { id: ids.leisure, agree: true, note: 'Fine by me' }))).toEqual({ code: 'FORBIDDEN', field: undefined });
    }
    expect(problem(await t.graphql(coordinator.apiKey, REVIEW, { id: ids.leisure, agree: true, note: '   ' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'note' });
    const none = await register(tamworth, plan('Town centre survey', '2027-11-01', '2027-11-21', ['RESIDENTS']));
    expect(problem(await t.graphql(coordinator.apiKey, REVIEW, { id: none, agree: true, note: 'Agreed' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM consultation_review`))[0].n)).toBe(0);

    const agreed = (await t.ok(coordinator.apiKey, REVIEW, { id: ids.leisure, agree: true, note: 'Agreed: the panel is free in June' })).reviewConsultation;
    expect(agreed).toMatchObject({
      consultation: { id: ids.leisure },
      status: 'AGREED',
      decision: { agree: true, note: 'Agreed: the panel is free in June', reviewedAt: '2027-01-15T09:00:00.000Z', reviewedBy: { email: coordinator.email } },
    });
    const [audit] = await t.dataSource.query(`SELECT action, actor_id AS "actorId", after FROM audit_log WHERE entity_id = $1 AND action LIKE 'consultation.review%'`, [ids.leisure]);
    expect(audit).toMatchObject({ action: 'consultation.review.agree', actorId: coordinator.id, after: { agree: true, note: 'Agreed: the panel is free in June', reasons: ['PANEL_USE'] } });
    expect(await queue()).toEqual([]);
    // The plan's officers (it has no lead officer) are emailed the decision, its note and where to see it; the viewer is not.
    await mailed();
    const [decision] = sink.to(tamworth.email);
    expect(decision.subject).toBe('Agreed to launch: "Leisure centres panel survey"');
    expect(decision.text).toContain('agreed to the launch of "Leisure centres panel survey": it can go live.');
    expect(decision.text).toContain('Their note: Agreed: the panel is free in June');
    expect(decision.text).toContain(`https://calendar.network.example/consultations/${ids.leisure}`);
    expect(decision.html).toContain(`<a href="https://calendar.network.example/consultations/${ids.leisure}">`);
    expect(sink.to(tamworthViewer.email)).toEqual([]);
    expect((await t.ok(tamworth.apiKey, LAUNCH, { id: ids.leisure })).launchConsultation.status).toBe('LIVE');
    // A plan that needs no review launches as always.
    expect((await t.ok(tamworth.apiKey, LAUNCH, { id: none })).launchConsultation.status).toBe('LIVE');
  });

  it('asks for changes: the plan stays blocked with the note shown to its owner; edited, it waits again; agreed and then moved, it needs agreement again', async () => {
    // Its lead officer, another Tamworth officer, is the one emailed the decision.
    const lead = await t.member('TBC', 'OFFICER', 'parking.lead@tamworth.example');
    ids.parking = await register(tamworth, { ...plan('Parking panel survey', '2027-08-02', '2027-08-22', ['CITIZENS_PANEL']), leadOfficerEmail: lead.email });
    const note = 'Please move it after the county budget survey, which asks the panel until 6 August';
    const before = sink.to(tamworth.email).length;
    const asked = (await t.ok(coordinator.apiKey, REVIEW, { id: ids.parking, agree: false, note })).reviewConsultation;
    expect(asked).toMatchObject({ status: 'CHANGES_REQUESTED', decision: { agree: false, note } });
    await mailed();
    const [changes] = sink.to(lead.email);
    expect(changes.subject).toBe('Changes asked for before launch: "Parking panel survey"');
    expect(changes.text).toContain('asked for changes to "Parking panel survey" before it launches: it cannot go live until they agree.');
    expect(changes.text).toContain(`Their note: ${note}`);
    expect(changes.text).toContain(`https://calendar.network.example/consultations/${ids.parking}`);
    expect(sink.to(tamworth.email)).toHaveLength(before);
    const refused = await t.graphql(tamworth.apiKey, LAUNCH, { id: ids.parking });
    expect(problem(refused)).toEqual({ code: 'REVIEW_REQUIRED', field: 'id' });
    expect(refused.errors![0].extensions).toMatchObject({ reviewStatus: 'CHANGES_REQUESTED', note });
    expect(refused.errors![0].message).toContain(`The coordinator asked for changes: ${note}`);
    expect((await reviewOf(tamworthViewer, ids.parking)).review).toMatchObject({ status: 'CHANGES_REQUESTED', decision: { agree: false, note, reviewedBy: { email: coordinator.email } } });
    expect((await queue()).map((r) => [r.consultation.title, r.status])).toEqual([['Parking panel survey', 'CHANGES_REQUESTED']]);

    // Moved as asked: back in the queue, the request still shown, and the coordinator agrees.
    await t.ok(tamworth.apiKey, UPDATE, { id: ids.parking, input: { startDate: '2027-08-16', endDate: '2027-09-05' } });
    expect((await reviewOf(tamworth, ids.parking)).review).toMatchObject({ status: 'AWAITING', decision: { agree: false, note } });
    expect((await queue()).map((r) => [r.consultation.title, r.status])).toEqual([['Parking panel survey', 'AWAITING']]);
    await t.ok(coordinator.apiKey, REVIEW, { id: ids.parking, agree: true, note: 'Agreed, thank you for moving it' });

    // A change that does not alter what needed review keeps the agreement; new dates for the panel do not.
    await t.ok(tamworth.apiKey, UPDATE, { id: ids.parking, input: { summary: 'Residents parking, season tickets and charges' } });
    expect((await reviewOf(tamworth, ids.parking)).review.status).toBe('AGREED');
    await t.ok(tamworth.apiKey, UPDATE, { id: ids.parking, input: { endDate: '2027-09-12' } });
    expect((await reviewOf(tamworth, ids.parking)).review).toMatchObject({ status: 'AWAITING', decision: { agree: true } });
    expect(problem(await t.graphql(tamworth.apiKey, LAUNCH, { id: ids.parking }))).toEqual({ code: 'REVIEW_REQUIRED', field: 'id' });
    expect((await reviewOf(tamworth, ids.parking)).status).toBe('PLANNED');
  });

  it("lists the queue in the coordinators' weekly digest, and in nobody else's", async () => {
    const week = isoWeekOf('2027-01-15');
    const deliveries = t.app.get(DigestDeliveries);
    for (const key of [coordinator, tamworth]) {
      await deliveries.plan(week, key.id);
      const [id] = await deliveries.idsToSend(week, { memberId: key.id });
      expect(await t.app.get(DigestSender).deliver(id)).toBe('SENT');
    }
    const [mail] = digestsTo(coordinator);
    expect(mail.text).toContain('PLANS AWAITING YOUR AGREEMENT BEFORE LAUNCH (NETWORK REVIEW)');
    expect(mail.text).toContain(`* Parking panel survey\n  Tamworth Borough Council, from 16 August 2027: awaiting your agreement. It asks Staffordshire and Stoke-on-Trent Citizens' Panel`);
    expect(mail.text).toContain(`https://calendar.network.example/consultations/${ids.parking}`);
    expect(mail.html).toContain('Plans awaiting your agreement before launch (network review)');
    const [officers] = digestsTo(tamworth);
    expect(officers.text).not.toContain('NETWORK REVIEW');
  });

  it("lets a plan launch over its unacknowledged HIGH clashes once the coordinator agrees, and asks again for a new one", async () => {
    const olderPeople = (title: string) => plan(title, '2027-10-04', '2027-10-24', ['OLDER_PEOPLE'], ['FOCUS_GROUP']);
    ids.dayCentres = await register(tamworth, olderPeople('Day centres focus groups'));
    await register(police, olderPeople('Falls and scams listening groups'));
    await t.settled();
    const refused = await t.graphql(tamworth.apiKey, LAUNCH, { id: ids.dayCentres });
    expect(problem(refused)).toEqual({ code: 'REVIEW_REQUIRED', field: 'id' });
    const [reason] = (await queue()).filter((r) => r.consultation.id === ids.dayCentres)[0].reasons;
    expect(reason).toEqual({
      kind: 'UNACKNOWLEDGED_HIGH',
      explanation: `A HIGH clash is unacknowledged (with "Falls and scams listening groups" (Staffordshire Police)): the network's coordinator may agree to its launch over it, or each can be acknowledged (REVIEW_UNACKNOWLEDGED_HIGH).`,
    });
    await t.ok(coordinator.apiKey, REVIEW, { id: ids.dayCentres, agree: true, note: 'Agreed: the police will share its venues and dates' });
    // A third plan clashing HIGH is something the coordinator has not agreed to.
    ids.lunchClubs = await register(police, olderPeople('Lunch clubs listening groups'));
    await t.settled();
    expect((await reviewOf(tamworth, ids.dayCentres)).review.status).toBe('AWAITING');
    await t.ok(coordinator.apiKey, REVIEW, { id: ids.dayCentres, agree: true, note: 'Agreed for both police groups' });
    expect((await t.ok(tamworth.apiKey, LAUNCH, { id: ids.dayCentres })).launchConsultation.status).toBe('LIVE');
    // Launched over them: the clashes themselves stay unacknowledged.
    const { conflicts } = await reviewOf(tamworth, ids.dayCentres);
    expect(conflicts.filter((c: { severity: string; acknowledgement: unknown }) => c.severity === 'HIGH' && c.acknowledgement === null).length).toBeGreaterThanOrEqual(2);
  });
});
