import { JoinRequestNotifier } from '../../src/partners/join-request-notifier';
import { Key, SAFETY, startJointNetwork } from '../support/joint-network';
import { SmtpSink } from '../support/smtp-sink';
import { GraphQLResult, TestApp } from '../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const REQUEST = `mutation($consultationId: ID!, $note: String!, $ownConsultationId: ID, $cancelOwn: Boolean) {
  requestToJoin(consultationId: $consultationId, note: $note, ownConsultationId: $ownConsultationId, cancelOwn: $cancelOwn) {
    id status note cancelOwn organisation { code } consultation { id } ownConsultation { id } requestedBy { email } } }`;
const ANSWER = `mutation($id: ID!, $accept: Boolean!, $note: String) { answerJoinRequest(id: $id, accept: $accept, note: $note) {
  id status answerNote answeredBy { email } answeredAt } }`;
const JOINT = `query($id: ID!) { consultation(id: $id) { id status title
  partners { organisation { code } linkedConsultation { id } note }
  joinRequests { id status organisation { code } }
  conflicts { kind severity other { id } } } }`;
const STATUS = `query($id: ID!) { consultation(id: $id) { status cancellationReason conflicts { other { id } } } }`;

const code = (result: GraphQLResult) => result.errors?.[0]?.extensions?.code;
const problem = (result: GraphQLResult) => ({ code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field });

// Joint consultations over real HTTP, PostgreSQL and SMTP: a request to join another organisation's
// consultation, the owner's answer by email both ways, partners, and partners' clashes no longer
// raised. The service's today is 15 January 2027.
describe('joint consultations: asking to join, answering, partners', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let county: Key; // Staffordshire County Council owns the joint consultation
  let countyCoordinator: Key;
  let countyViewer: Key;
  let police: Key;
  let policeViewer: Key;
  let lichfield: Key;
  let tamworth: Key;
  const ids: Record<string, string> = {};
  const register = async (key: Key, title: string, startDate: string, endDate: string, extra: Record<string, unknown> = {}) =>
    (await t.ok(key.apiKey, REGISTER, { input: { ...SAFETY, title, startDate, endDate, ...extra } })).registerConsultation.id as string;
  const mailed = async () => t.app.get(JoinRequestNotifier).settled();
  const otherIds = (conflicts: { other: { id: string } | null }[]) => conflicts.map((c) => c.other?.id);
  const joinRequestRows = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM join_request`))[0].n);

  beforeAll(async () => {
    ({ t, sink, county, countyCoordinator, countyViewer, police, policeViewer, tamworth, lichfield } = await startJointNetwork());
    ids.joint = await register(county, "Young people's safety survey", '2027-03-01', '2027-03-31');
    ids.police = await register(police, 'Youth community safety survey', '2027-03-08', '2027-03-28');
    ids.tamworth = await register(tamworth, 'Safer Tamworth youth survey', '2027-03-15', '2027-04-15');
    await t.settled();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('refuses bad requests with a stable code naming the field, and writes nothing', async () => {
    const ask = (key: Key, variables: Record<string, unknown>) => t.graphql(key.apiKey, REQUEST, { consultationId: ids.joint, note: 'Three questions on feeling safe', ...variables });
    expect(code(await ask(policeViewer, {}))).toBe('FORBIDDEN');
    expect(problem(await ask(police, { note: '   ' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(problem(await ask(police, { note: 'x'.repeat(2001) }))).toEqual({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(problem(await ask(county, {}))).toEqual({ code: 'BAD_USER_INPUT', field: 'consultationId' }); // its own organisation's
    expect(problem(await ask(police, { consultationId: '0f8fad5b-d9cb-469f-a165-70867728950e' }))).toEqual({ code: 'NOT_FOUND', field: 'consultationId' });
    expect(problem(await ask(police, { consultationId: 'not-an-id' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'consultationId' });
    expect(problem(await ask(police, { ownConsultationId: ids.tamworth }))).toEqual({ code: 'BAD_USER_INPUT', field: 'ownConsultationId' }); // not the police's
    expect(problem(await ask(police, { cancelOwn: true }))).toEqual({ code: 'BAD_USER_INPUT', field: 'cancelOwn' });
    const cancelled = await register(lichfield, 'Withdrawn survey', '2027-05-01', '2027-05-31');
    await t.ok(lichfield.apiKey, `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`, { id: cancelled });
    expect(problem(await ask(police, { consultationId: cancelled }))).toEqual({ code: 'BAD_USER_INPUT', field: 'consultationId' });
    // Another organisation's draft does not exist for the police.
    const draft = await register(lichfield, 'Draft idea', '2027-06-01', '2027-06-30', { status: 'DRAFT' });
    expect(problem(await ask(police, { consultationId: draft }))).toEqual({ code: 'NOT_FOUND', field: 'consultationId' });
    expect(await joinRequestRows()).toBe(0);
  });

  it('a request accepted: the owner is told by email, the asker becomes a partner, and its linked plan no longer clashes', async () => {
    // Before: the two overlapping plans on one topic for the same young people clash.
    const before = (await t.ok(county.apiKey, JOINT, { id: ids.joint })).consultation;
    expect(before.conflicts).toEqual(expect.arrayContaining([{ kind: 'DUPLICATE', severity: 'HIGH', other: { id: ids.police } }]));
    expect(otherIds((await t.ok(police.apiKey, STATUS, { id: ids.police })).consultation.conflicts)).toContain(ids.joint);

    const asked = (await t.ok(police.apiKey, REQUEST, { consultationId: ids.joint, note: 'Three questions on feeling safe in the town centre at night', ownConsultationId: ids.police })).requestToJoin;
    expect(asked).toMatchObject({ status: 'PENDING', cancelOwn: false, organisation: { code: 'SP' }, consultation: { id: ids.joint }, ownConsultation: { id: ids.police }, requestedBy: { email: police.email } });
    ids.policeRequest = asked.id;
    await mailed();
    // The owning organisation's officer and coordinator hear of it; nobody else.
    for (const to of [county, countyCoordinator]) {
      const [mail] = sink.to(to.email);
      expect(mail.subject).toBe(`Staffordshire Police asks to join "Young people's safety survey"`);
      expect(mail.text).toContain('What they want to ask: Three questions on feeling safe in the town centre at night');
      expect(mail.text).toContain('their own plan "Youth community safety survey" is kept as a linked part of yours');
      expect(mail.text).toContain(`https://calendar.network.example/consultations/${ids.joint}`);
    }
    expect(sink.to(countyViewer.email)).toEqual([]);
    expect(sink.to(police.email)).toEqual([]);

    // The owner's weekly digest lists it until it is answered (each member of the organisation).
    const PREVIEW = `{ digestPreview { items { section title detail url } } }`;
    const waiting = async (key: Key) => (await t.ok(key.apiKey, PREVIEW)).digestPreview.items.filter((i: { section: string }) => i.section === 'JOIN_REQUEST');
    expect(await waiting(countyViewer)).toEqual([
      {
        section: 'JOIN_REQUEST',
        title: "Young people's safety survey",
        detail: expect.stringContaining('Staffordshire Police asks to join: Three questions on feeling safe in the town centre at night'),
        url: `https://calendar.network.example/consultations/${ids.joint}`,
      },
    ]);
    expect(await waiting(police)).toEqual([]);

    // One open request per organisation.
    expect(problem(await t.graphql(police.apiKey, REQUEST, { consultationId: ids.joint, note: 'Again' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'consultationId' });
    // Only the owner answers: the asker is refused, a viewer too, and a third organisation does not know of it.
    expect(code(await t.graphql(police.apiKey, ANSWER, { id: asked.id, accept: true }))).toBe('FORBIDDEN');
    expect(code(await t.graphql(countyViewer.apiKey, ANSWER, { id: asked.id, accept: true }))).toBe('FORBIDDEN');
    expect(problem(await t.graphql(lichfield.apiKey, ANSWER, { id: asked.id, accept: true }))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    expect(problem(await t.graphql(county.apiKey, ANSWER, { id: asked.id, accept: true, note: 'y'.repeat(2001) }))).toEqual({ code: 'BAD_USER_INPUT', field: 'note' });

    const answered = (await t.ok(county.apiKey, ANSWER, { id: asked.id, accept: true, note: 'Welcome aboard: send your questions by 1 February' })).answerJoinRequest;
    expect(answered).toMatchObject({ status: 'ACCEPTED', answerNote: 'Welcome aboard: send your questions by 1 February', answeredBy: { email: county.email }, answeredAt: '2027-01-15T09:00:00.000Z' });
    expect(problem(await t.graphql(county.apiKey, ANSWER, { id: asked.id, accept: false }))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(await waiting(countyViewer)).toEqual([]);
    await mailed();
    const [answer] = sink.to(police.email);
    expect(answer.subject).toBe(`Staffordshire County Council accepted your request to join "Young people's safety survey"`);
    expect(answer.text).toContain('Their note: Welcome aboard: send your questions by 1 February');
    expect(answer.text).toContain('Your plan "Youth community safety survey" is kept as a linked part of it');

    await t.settled();
    const after = (await t.ok(county.apiKey, JOINT, { id: ids.joint })).consultation;
    expect(after.partners).toEqual([{ organisation: { code: 'SP' }, linkedConsultation: { id: ids.police }, note: 'Three questions on feeling safe in the town centre at night' }]);
    expect(otherIds(after.conflicts)).not.toContain(ids.police);
    expect(otherIds(after.conflicts)).toContain(ids.tamworth); // others still clash with it
    const linked = (await t.ok(police.apiKey, STATUS, { id: ids.police })).consultation;
    expect(linked.status).toBe('PLANNED');
    expect(otherIds(linked.conflicts)).not.toContain(ids.joint);
    // A dry run of the joint consultation's plan, as its form checks it, leaves the partner out too.
    const check = await t.ok(county.apiKey, `query($input: ConsultationInput!, $id: ID) { checkConsultation(input: $input, excludeId: $id) { other { id } } }`, {
      input: { ...SAFETY, title: "Young people's safety survey", startDate: '2027-03-01', endDate: '2027-03-31' },
      id: ids.joint,
    });
    expect(otherIds(check.checkConsultation)).not.toContain(ids.police);

    expect(problem(await t.graphql(police.apiKey, REQUEST, { consultationId: ids.joint, note: 'Once more' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'consultationId' });
    const audit = await t.dataSource.query(`SELECT action, actor_label FROM audit_log WHERE entity_id = $1 ORDER BY id`, [asked.id]);
    expect(audit).toEqual([
      { action: 'join_request.request', actor_label: expect.stringContaining(police.email) },
      { action: 'join_request.accept', actor_label: expect.stringContaining(county.email) },
    ]);
  });

  it('a request declined: the asker is told with the note, and does not become a partner', async () => {
    t.clock.set('2027-01-15T10:00:00Z');
    const asked = (await t.ok(lichfield.apiKey, REQUEST, { consultationId: ids.joint, note: 'A question on youth clubs' })).requestToJoin;
    ids.lichfieldRequest = asked.id;
    const declined = (await t.ok(countyCoordinator.apiKey, ANSWER, { id: asked.id, accept: false, note: 'Our survey is full; try the spring panel' })).answerJoinRequest;
    expect(declined).toMatchObject({ status: 'DECLINED', answerNote: 'Our survey is full; try the spring panel' });
    await mailed();
    const [answer] = sink.to(lichfield.email);
    expect(answer.subject).toBe(`Staffordshire County Council declined your request to join "Young people's safety survey"`);
    expect(answer.text).toContain('Their note: Our survey is full; try the spring panel');
    const joint = (await t.ok(county.apiKey, JOINT, { id: ids.joint })).consultation;
    expect(joint.partners.map((p: { organisation: { code: string } }) => p.organisation.code)).toEqual(['SP']);
    expect((await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [asked.id])).map((a: { action: string }) => a.action)).toEqual([
      'join_request.request',
      'join_request.decline',
    ]);
  });

  it('shows the owner every request, an asker its own, and a third organisation none', async () => {
    const requests = async (key: Key) => (await t.ok(key.apiKey, JOINT, { id: ids.joint })).consultation.joinRequests.map((r: { organisation: { code: string }; status: string }) => `${r.organisation.code} ${r.status}`);
    expect(await requests(county)).toEqual(['SP ACCEPTED', 'LDC DECLINED']);
    expect(await requests(countyViewer)).toEqual(['SP ACCEPTED', 'LDC DECLINED']);
    expect(await requests(police)).toEqual(['SP ACCEPTED']);
    expect(await requests(lichfield)).toEqual(['LDC DECLINED']);
    expect(await requests(tamworth)).toEqual([]);
  });

  it('a request accepted that cancels the asker\'s own plan as "joined <title>"', async () => {
    t.clock.set('2027-01-16T09:00:00Z');
    expect(otherIds((await t.ok(county.apiKey, JOINT, { id: ids.joint })).consultation.conflicts)).toContain(ids.tamworth);
    const asked = (await t.ok(tamworth.apiKey, REQUEST, { consultationId: ids.joint, note: 'Our questions on the town centre', ownConsultationId: ids.tamworth, cancelOwn: true })).requestToJoin;
    expect(asked).toMatchObject({ status: 'PENDING', cancelOwn: true });
    await mailed();
    expect(sink.to(county.email).at(-1)!.text).toContain('their own plan "Safer Tamworth youth survey" is cancelled as joined');
    await t.ok(county.apiKey, ANSWER, { id: asked.id, accept: true });
    await mailed();
    expect(sink.to(tamworth.email).at(-1)!.text).toContain(`Your plan "Safer Tamworth youth survey" is cancelled: joined "Young people's safety survey".`);
    await t.settled();

    const own = (await t.ok(tamworth.apiKey, STATUS, { id: ids.tamworth })).consultation;
    expect(own).toEqual({ status: 'CANCELLED', cancellationReason: "joined Young people's safety survey", conflicts: [] });
    const joint = (await t.ok(county.apiKey, JOINT, { id: ids.joint })).consultation;
    expect(otherIds(joint.conflicts)).not.toContain(ids.tamworth);
    expect(joint.partners).toEqual([
      expect.objectContaining({ organisation: { code: 'SP' }, linkedConsultation: { id: ids.police } }),
      expect.objectContaining({ organisation: { code: 'TBC' }, linkedConsultation: null }),
    ]);
    const [cancellation] = await t.dataSource.query(`SELECT after, actor_label FROM audit_log WHERE entity_id = $1 AND action = 'consultation.cancelled'`, [ids.tamworth]);
    expect(cancellation.after).toMatchObject({ status: 'CANCELLED', reason: "joined Young people's safety survey", joinRequestId: asked.id });
  });

  it('marks a consultation open to partner questions, and a plan asking the same people about something else is pointed to it', async () => {
    const OPEN = `mutation($id: ID!, $open: Boolean!) { setOpenToPartners(id: $id, open: $open) { id openToPartners version } }`;
    const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind other { id } otherOpenToPartners } }`;
    // Lichfield plans to ask the same young people in Tamworth about play areas, in the same weeks.
    const playAreas = { ...SAFETY, topics: ['play areas'], title: 'Play areas survey', startDate: '2027-03-08', endDate: '2027-03-21' };
    const pointedTo = async () =>
      (await t.ok(lichfield.apiKey, CHECK, { input: playAreas })).checkConsultation.filter((c: { other: { id: string } | null }) => c.other?.id === ids.joint);
    expect(await pointedTo()).toEqual([{ kind: 'OVERLAP', other: { id: ids.joint }, otherOpenToPartners: false }]);

    expect(code(await t.graphql(countyViewer.apiKey, OPEN, { id: ids.joint, open: true }))).toBe('FORBIDDEN');
    expect(code(await t.graphql(police.apiKey, OPEN, { id: ids.joint, open: true }))).toBe('FORBIDDEN'); // a partner, not the owner
    const { version } = (await t.ok(county.apiKey, `query($id: ID!) { consultation(id: $id) { version } }`, { id: ids.joint })).consultation;
    expect((await t.ok(county.apiKey, OPEN, { id: ids.joint, open: true })).setOpenToPartners).toEqual({ id: ids.joint, openToPartners: true, version: version + 1 });
    expect(await pointedTo()).toEqual([{ kind: 'OVERLAP', other: { id: ids.joint }, otherOpenToPartners: true }]);
    expect((await t.ok(lichfield.apiKey, `query($id: ID!) { consultation(id: $id) { openToPartners } }`, { id: ids.joint })).consultation.openToPartners).toBe(true);
    const [audit] = await t.dataSource.query(`SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'consultation.open_to_partners'`, [ids.joint]);
    expect(audit).toEqual({ before: { openToPartners: false }, after: { openToPartners: true } });
    // Over, it takes no more questions.
    const closed = (await t.ok(county.apiKey, `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`, { id: await register(county, 'Old survey', '2027-06-01', '2027-06-30') })).cancelConsultation.id;
    expect(problem(await t.graphql(county.apiKey, OPEN, { id: closed, open: true }))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('lets accepted partners, and nobody else outside its organisation, see it while it is a draft', async () => {
    await t.ok(county.apiKey, `mutation($id: ID!) { updateConsultation(id: $id, input: { status: DRAFT }) { status } }`, { id: ids.joint });
    const seen = async (key: Key) => t.graphql(key.apiKey, `query($id: ID!) { consultation(id: $id) { status } }`, { id: ids.joint });
    expect((await seen(police)).data?.consultation).toEqual({ status: 'DRAFT' });
    expect((await seen(tamworth)).data?.consultation).toEqual({ status: 'DRAFT' });
    expect(code(await seen(lichfield))).toBe('NOT_FOUND'); // declined: no partner
    const drafts = async (key: Key) => (await t.ok(key.apiKey, `{ consultations(filter: { statuses: [DRAFT] }) { totalCount edges { node { id } } } }`)).consultations;
    expect(await drafts(police)).toEqual({ totalCount: 1, edges: [{ node: { id: ids.joint } }] });
    expect((await drafts(lichfield)).edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(ids.joint);
    // Not joinable while a draft: a partner's own request is answered as already a partner, others' as not found.
    expect(problem(await t.graphql(lichfield.apiKey, REQUEST, { consultationId: ids.joint, note: 'Again' }))).toEqual({ code: 'NOT_FOUND', field: 'consultationId' });
  });

  it('keeps one open request per organisation when two are sent at once', async () => {
    const fire = await t.member('SFRS', 'OFFICER');
    const survey = await register(county, 'Home fire safety survey', '2027-09-01', '2027-09-30', { topics: ['fire safety'] });
    const both = await Promise.all([1, 2].map((n) => t.graphql(fire.apiKey, REQUEST, { consultationId: survey, note: `Questions on smoke alarms, take ${n}` })));
    expect(both.filter((r) => r.data?.requestToJoin?.status === 'PENDING')).toHaveLength(1);
    expect(both.map(problem).filter((p) => p.code)).toEqual([{ code: 'BAD_USER_INPUT', field: 'consultationId' }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM join_request WHERE consultation_id = $1`, [survey])).toEqual([{ n: 1 }]);
  });
});
