import { JoinRequestNotifier } from '../../../src/partners/join-request-notifier';
import { Key, SAFETY, startJointNetwork } from '../../support/joint-network';
import { SmtpSink } from '../../support/smtp-sink';
import { GraphQLResult, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const REQUEST = `mutation($consultationId: ID!, $note: String!, $ownConsultationId: ID) {
  requestToJoin(consultationId: $consultationId, note: $note, ownConsultationId: $ownConsultationId) { id status } }`;
const ANSWER = `mutation($id: ID!, $accept: Boolean!) { answerJoinRequest(id: $id, accept: $accept) { id status } }`;
const ENDED = `id status endNote endedAt endedBy { email }`;
const WITHDRAW = `mutation($id: ID!, $note: String) { withdrawJoinRequest(id: $id, note: $note) { ${ENDED} } }`;
const LEAVE = `mutation($consultationId: ID!, $note: String) { leavePartnership(consultationId: $consultationId, note: $note) { ${ENDED} } }`;
const REMOVE = `mutation($consultationId: ID!, $organisationCode: String!, $note: String) {
  removePartner(consultationId: $consultationId, organisationCode: $organisationCode, note: $note) { ${ENDED} } }`;
const JOINT = `query($id: ID!) { consultation(id: $id) { status partners { organisation { code } } joinRequests { status organisation { code } }
  conflicts { kind severity other { id } } } }`;
const PREVIEW = `{ digestPreview { items { section title detail } } }`;

const code = (result: GraphQLResult) => result.errors?.[0]?.extensions?.code;
const problem = (result: GraphQLResult) => ({ code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field });

// Ending a join request over real HTTP, PostgreSQL and SMTP: withdrawn while pending, a partnership
// left by the partner or ended by the owner; each audited, the other side emailed and told in the
// digest, and leaving undoes the joining (draft visibility, the clash between the two raised again).
// The service's today is 15 January 2027.
describe('joint consultations: withdrawing, leaving and removing a partner', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let county: Key;
  let countyCoordinator: Key;
  let countyViewer: Key;
  let police: Key;
  let policeViewer: Key;
  let tamworth: Key;
  let lichfield: Key;
  const ids: Record<string, string> = {};
  const register = async (key: Key, title: string, startDate: string, endDate: string) =>
    (await t.ok(key.apiKey, REGISTER, { input: { ...SAFETY, title, startDate, endDate } })).registerConsultation.id as string;
  const mailed = async () => t.app.get(JoinRequestNotifier).settled();
  const otherIds = (conflicts: { other: { id: string } | null }[]) => conflicts.map((c) => c.other?.id);
  const audit = async (id: string) => t.dataSource.query(`SELECT action, actor_label, after->>'status' AS status, after->>'endNote' AS "endNote" FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
  const digestItems = async (key: Key) =>
    (await t.ok(key.apiKey, PREVIEW)).digestPreview.items.filter((i: { section: string }) => i.section === 'JOIN_REQUEST').map((i: { title: string; detail: string }) => `${i.title}: ${i.detail}`);
  const ask = async (key: Key, consultationId: string, ownConsultationId?: string) =>
    (await t.ok(key.apiKey, REQUEST, { consultationId, note: 'Three questions on feeling safe', ownConsultationId })).requestToJoin.id as string;

  beforeAll(async () => {
    ({ t, sink, county, countyCoordinator, countyViewer, police, policeViewer, tamworth, lichfield } = await startJointNetwork());
    ids.joint = await register(county, "Young people's safety survey", '2027-03-01', '2027-03-31');
    ids.police = await register(police, 'Youth community safety survey', '2027-03-08', '2027-03-28');
    await t.settled();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('a pending request withdrawn by the asking organisation: audited, the owner emailed and told in the digest; an answered one refused', async () => {
    const request = await ask(tamworth, ids.joint);
    await mailed(); // the request's own mails to the county first: the withdrawal's must come last
    expect(code(await t.graphql(county.apiKey, WITHDRAW, { id: request }))).toBe('FORBIDDEN'); // the owner declines instead
    expect(problem(await t.graphql(lichfield.apiKey, WITHDRAW, { id: request }))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    expect(problem(await t.graphql(tamworth.apiKey, WITHDRAW, { id: request, note: 'n'.repeat(2001) }))).toEqual({ code: 'BAD_USER_INPUT', field: 'note' });

    t.clock.set('2027-01-15T11:00:00Z');
    const withdrawn = (await t.ok(tamworth.apiKey, WITHDRAW, { id: request, note: 'We will run our own in the summer' })).withdrawJoinRequest;
    expect(withdrawn).toEqual({ id: request, status: 'WITHDRAWN', endNote: 'We will run our own in the summer', endedAt: '2027-01-15T11:00:00.000Z', endedBy: { email: tamworth.email } });
    await mailed();
    for (const to of [county, countyCoordinator]) {
      const mail = sink.to(to.email).at(-1)!;
      expect(mail.subject).toBe(`Tamworth Borough Council withdrew its request to join "Young people's safety survey"`);
      expect(mail.text).toContain('Their note: We will run our own in the summer');
      expect(mail.text).toContain(`https://calendar.network.example/consultations/${ids.joint}`);
    }
    expect(sink.to(tamworth.email)).toEqual([]);
    expect(await digestItems(countyViewer)).toEqual([
      `Young people's safety survey: Tamworth Borough Council withdrew its request to join: nothing to answer. Their note: We will run our own in the summer`,
    ]);

    // Answered, or withdrawn already, it cannot be withdrawn (nor answered once withdrawn).
    expect(problem(await t.graphql(tamworth.apiKey, WITHDRAW, { id: request }))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(problem(await t.graphql(county.apiKey, ANSWER, { id: request, accept: true }))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    const declined = await ask(lichfield, ids.joint);
    await t.ok(county.apiKey, ANSWER, { id: declined, accept: false });
    const refused = await t.graphql(lichfield.apiKey, WITHDRAW, { id: declined });
    expect(problem(refused)).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(refused.errors![0].message).toBe('Only a PENDING request can be withdrawn: this one is DECLINED');

    expect(await audit(request)).toEqual([
      { action: 'join_request.request', actor_label: expect.stringContaining(tamworth.email), status: 'PENDING', endNote: null },
      { action: 'join_request.withdraw', actor_label: expect.stringContaining(tamworth.email), status: 'WITHDRAWN', endNote: 'We will run our own in the summer' },
    ]);
    // Withdrawn, it leaves the way open to ask again.
    expect((await t.ok(tamworth.apiKey, REQUEST, { consultationId: ids.joint, note: 'After all, two questions' })).requestToJoin.status).toBe('PENDING');
  });

  it('a partner leaving: audited, the owner emailed and told in the digest, and the clash between the two raised again', async () => {
    const request = await ask(police, ids.joint, ids.police);
    await t.ok(county.apiKey, ANSWER, { id: request, accept: true });
    await t.settled();
    expect(otherIds((await t.ok(county.apiKey, JOINT, { id: ids.joint })).consultation.conflicts)).not.toContain(ids.police);

    // Wrong state or side: the owner does not leave its own, nor does an organisation that is not a partner; an accepted request is not withdrawn.
    expect(problem(await t.graphql(county.apiKey, LEAVE, { consultationId: ids.joint }))).toEqual({ code: 'BAD_USER_INPUT', field: 'consultationId' });
    expect(problem(await t.graphql(lichfield.apiKey, LEAVE, { consultationId: ids.joint }))).toEqual({ code: 'BAD_USER_INPUT', field: 'consultationId' });
    expect(code(await t.graphql(policeViewer.apiKey, LEAVE, { consultationId: ids.joint }))).toBe('FORBIDDEN');
    expect(problem(await t.graphql(police.apiKey, WITHDRAW, { id: request }))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });

    t.clock.set('2027-01-16T09:00:00Z');
    const left = (await t.ok(police.apiKey, LEAVE, { consultationId: ids.joint, note: 'Our questions no longer fit' })).leavePartnership;
    expect(left).toEqual({ id: request, status: 'LEFT', endNote: 'Our questions no longer fit', endedAt: '2027-01-16T09:00:00.000Z', endedBy: { email: police.email } });
    // The pair is judged again in the same transaction: both sides see the clash at once.
    const joint = (await t.ok(county.apiKey, JOINT, { id: ids.joint })).consultation;
    expect(joint.partners).toEqual([]);
    expect(joint.conflicts).toEqual(expect.arrayContaining([{ kind: 'DUPLICATE', severity: 'HIGH', other: { id: ids.police } }]));
    expect(otherIds((await t.ok(police.apiKey, JOINT, { id: ids.police })).consultation.conflicts)).toContain(ids.joint);

    await mailed();
    for (const to of [county, countyCoordinator]) {
      const mail = sink.to(to.email).at(-1)!;
      expect(mail.subject).toBe(`Staffordshire Police left "Young people's safety survey"`);
      expect(mail.text).toContain('Their note: Our questions no longer fit');
      expect(mail.text).toContain('Its plan "Youth community safety survey" is no longer a linked part of yours: the two are checked for clashes again.');
    }
    expect(await digestItems(county)).toContain(
      `Young people's safety survey: Staffordshire Police left it: no longer a partner; its linked part, if any, is checked for clashes again. Their note: Our questions no longer fit`,
    );
    expect((await audit(request)).map((a: { action: string }) => a.action)).toEqual(['join_request.request', 'join_request.accept', 'join_request.leave']);
    expect(problem(await t.graphql(police.apiKey, LEAVE, { consultationId: ids.joint }))).toEqual({ code: 'BAD_USER_INPUT', field: 'consultationId' });
  });

  it("the owner removing a partner: audited, the partner emailed and told in the digest, and the owner's draft hidden from it again", async () => {
    const panel = await register(county, 'Town centre youth panel', '2027-05-03', '2027-05-28');
    const request = await ask(lichfield, panel);
    await t.ok(county.apiKey, ANSWER, { id: request, accept: true });
    await t.ok(county.apiKey, `mutation($id: ID!) { updateConsultation(id: $id, input: { status: DRAFT }) { status } }`, { id: panel });
    const seen = async (key: Key) => t.graphql(key.apiKey, `query($id: ID!) { consultation(id: $id) { status } }`, { id: panel });
    expect((await seen(lichfield)).data?.consultation).toEqual({ status: 'DRAFT' });

    expect(code(await t.graphql(lichfield.apiKey, REMOVE, { consultationId: panel, organisationCode: 'LDC' }))).toBe('FORBIDDEN'); // a partner leaves instead
    expect(code(await t.graphql(countyViewer.apiKey, REMOVE, { consultationId: panel, organisationCode: 'LDC' }))).toBe('FORBIDDEN');
    expect(problem(await t.graphql(police.apiKey, REMOVE, { consultationId: panel, organisationCode: 'LDC' }))).toEqual({ code: 'NOT_FOUND', field: 'consultationId' });
    expect(problem(await t.graphql(county.apiKey, REMOVE, { consultationId: panel, organisationCode: 'SP' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'organisationCode' });
    expect(problem(await t.graphql(county.apiKey, REMOVE, { consultationId: panel, organisationCode: 'NOPE' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'organisationCode' });

    t.clock.set('2027-01-17T09:00:00Z');
    const removed = (await t.ok(county.apiKey, REMOVE, { consultationId: panel, organisationCode: 'LDC', note: 'The panel is full this year' })).removePartner;
    expect(removed).toEqual({ id: request, status: 'REMOVED', endNote: 'The panel is full this year', endedAt: '2027-01-17T09:00:00.000Z', endedBy: { email: county.email } });
    expect(problem(await seen(lichfield))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    expect((await t.ok(county.apiKey, JOINT, { id: panel })).consultation.partners).toEqual([]);

    await mailed();
    const mail = sink.to(lichfield.email).at(-1)!;
    expect(mail.subject).toBe(`Staffordshire County Council ended your part in "Town centre youth panel"`);
    expect(mail.text).toContain('Their note: The panel is full this year');
    expect(await digestItems(lichfield)).toContain(`Town centre youth panel: Staffordshire County Council ended your organisation's part in it: no longer a partner. Their note: The panel is full this year`);
    expect(await digestItems(county)).not.toContainEqual(expect.stringContaining('Town centre youth panel'));
    expect((await audit(request)).map((a: { action: string }) => a.action)).toEqual(['join_request.request', 'join_request.accept', 'join_request.remove']);
    expect(problem(await t.graphql(county.apiKey, REMOVE, { consultationId: panel, organisationCode: 'LDC' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'organisationCode' });
  });
});
