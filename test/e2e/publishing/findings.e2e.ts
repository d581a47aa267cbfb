import { isoWeekOf } from '../../../src/common/dates/iso-week';
import { DigestDeliveries } from '../../../src/digest/digest-deliveries';
import { DigestSender } from '../../../src/digest/digest-sender';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const RECORD = `mutation($id: ID!, $input: FindingsInput!) { recordFindings(consultationId: $id, input: $input) {
  id status findings { responseCount summary reportUrl decision decisionDate statement publishedAt version } } }`;
const PUBLISH = `mutation($id: ID!, $statement: String!) { publishResponse(consultationId: $id, statement: $statement) {
  id status findings { statement publishedAt version } } }`;
const OVERDUE = `query($overdue: Boolean) { consultations(filter: { responseOverdue: $overdue }) { edges { node { title status responseDueDate responseOverdue } } } }`;
const SEARCH = `query($text: String, $areaCodes: [String!], $audienceCodes: [String!], $from: Date) {
  findings(text: $text, areaCodes: $areaCodes, audienceCodes: $audienceCodes, from: $from) { consultation { title findings { responseCount } } rank snippet } }`;

const CONFLICTS = `query($id: ID!) { consultation(id: $id) { conflicts { kind severity explanation other { id } otherFindings { responseCount } } } }`;
type Conflict = { kind: string; severity: string; explanation: string; other: { id: string } | null; otherFindings: { responseCount: number } | null };
const LINK = 'https://calendar.network.example/consultations';

const nodes = (data: { consultations: { edges: { node: { title: string } }[] } }) => data.consultations.edges.map((e) => e.node);

// Findings and the published response, the overdue list, the findings search and a duplicate
// naming prior findings, over real HTTP. The service's today is 1 August 2027.
describe('findings: ask once, reuse, report back', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let officer: string;
  let colleague: string;
  let viewer: string;
  let outsider: string;
  const ids: Record<string, string> = {};
  const youth = { audienceCodes: ['YOUNG_PEOPLE'], areaCodes: ['E07000199'], topics: ['youth services'] };

  // Registered, launched and closed: as an officer would, through the API.
  async function closed(title: string, startDate: string, endDate: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { id } = (await t.ok(officer, REGISTER, { input: { ...youth, title, startDate, endDate, ...extra } })).registerConsultation;
    await t.ok(officer, `mutation($id: ID!) { launchConsultation(id: $id) { id } }`, { id });
    await t.ok(officer, `mutation($id: ID!) { closeConsultation(id: $id) { id } }`, { id });
    return id;
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://calendar.network.example', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) }, undefined, new TestClock('2027-08-01T12:00:00Z'));
    officer = (await t.member('TBC', 'OFFICER')).apiKey;
    colleague = (await t.member('TBC', 'OFFICER')).apiKey;
    viewer = (await t.member('TBC', 'VIEWER')).apiKey;
    outsider = (await t.member('SCC', 'OFFICER')).apiKey;
    ids.youth = await closed('Youth services review', '2027-02-01', '2027-02-14', { summary: 'What young people in Tamworth want from youth clubs' });
    // Beyond the 12-month look-around, within the 24 months of findings: registered before any findings exist.
    ids.farEarly = (await t.ok(outsider, REGISTER, { input: { ...youth, title: 'Youth voice survey', startDate: '2028-09-01', endDate: '2028-09-30' } })).registerConsultation.id;
    ids.recent = await closed('Play areas survey', '2027-06-01', '2027-07-15', { topics: ['play areas'], audienceCodes: ['RESIDENTS'] });
    ids.allotments = await closed('Allotments survey', '2027-05-10', '2027-05-20', { topics: ['allotments'], audienceCodes: ['RESIDENTS'] });
    ids.planned = (await t.ok(officer, REGISTER, { input: { ...youth, title: 'Skate park ideas', topics: ['skate park'], startDate: '2027-09-01', endDate: '2027-09-30' } })).registerConsultation.id;
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('lists the closed consultations whose response is overdue, by the service clock', async () => {
    const overdue = nodes(await t.ok(viewer, OVERDUE, { overdue: true }));
    expect(overdue).toEqual([{ title: 'Youth services review', status: 'CLOSED', responseDueDate: '2027-05-09', responseOverdue: true }]);
    const others = nodes(await t.ok(viewer, OVERDUE, { overdue: false })).map((n: { title: string }) => n.title);
    expect(others).toEqual(expect.arrayContaining(['Allotments survey', 'Play areas survey', 'Skate park ideas']));
    expect(others).not.toContain('Youth services review');
  });

  it("lists in the weekly digest the organisation's responses due within four weeks or overdue", async () => {
    const PREVIEW = `{ digestPreview { weekStart text items { section title detail url } } }`;
    const { digestPreview } = await t.ok(viewer, PREVIEW);
    expect(digestPreview.weekStart).toBe('2027-07-26');
    const due = digestPreview.items.filter((i: { section: string }) => i.section === 'RESPONSE_DUE');
    expect(due).toEqual([
      { section: 'RESPONSE_DUE', title: 'Youth services review', detail: expect.stringMatching(/^Overdue since 9 May 2027: closed 14 February 2027\./), url: `https://calendar.network.example/consultations/${ids.youth}` },
      { section: 'RESPONSE_DUE', title: 'Allotments survey', detail: expect.stringMatching(/^Due 12 August 2027: closed 20 May 2027\./), url: `https://calendar.network.example/consultations/${ids.allotments}` },
    ]);
    expect(digestPreview.text).toContain('RESPONSES YOUR ORGANISATION OWES');
    // Another organisation's members are not told what Tamworth owes.
    const other = (await t.ok(outsider, PREVIEW)).digestPreview.items.filter((i: { section: string }) => i.section === 'RESPONSE_DUE');
    expect(other).toEqual([]);
  });

  it('refuses findings from viewers, other organisations and before the consultation has closed, naming the field', async () => {
    const input = { responseCount: 412, summary: 'Young people asked for the library to open later.' };
    expect((await t.graphql(viewer, RECORD, { id: ids.youth, input })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.graphql(outsider, RECORD, { id: ids.youth, input })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.graphql(officer, RECORD, { id: ids.planned, input })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consultationId' });
    const badUrl = await t.graphql(officer, RECORD, { id: ids.youth, input: { ...input, reportUrl: 'javascript:alert(1)' } });
    expect(badUrl.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reportUrl' });
    const negative = await t.graphql(officer, RECORD, { id: ids.youth, input: { ...input, responseCount: -1 } });
    expect(negative.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'responseCount' });
    expect((await t.graphql(officer, PUBLISH, { id: ids.youth, statement: 'We did it' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consultationId' });
  });

  it('records findings, versioned and audited, and publishes "we asked, you said, we did", moving CLOSED → REPORTED', async () => {
    const first = (
      await t.ok(officer, RECORD, {
        id: ids.youth,
        input: { responseCount: 400, summary: 'Young people asked for the library to open later.', reportUrl: 'https://tamworth.example/youth-report', decision: 'Library hours extended', decisionDate: '2027-07-20' },
      })
    ).recordFindings;
    expect(first).toMatchObject({ status: 'CLOSED', findings: { responseCount: 400, reportUrl: 'https://tamworth.example/youth-report', decisionDate: '2027-07-20', statement: null, version: 1 } });
    // A colleague corrects the count: same organisation, a new version.
    const second = (await t.ok(colleague, RECORD, { id: ids.youth, input: { responseCount: 412, summary: 'Young people asked for the library to open later.' } })).recordFindings;
    expect(second.findings).toMatchObject({ responseCount: 412, reportUrl: null, version: 2 });

    const published = (await t.ok(officer, PUBLISH, { id: ids.youth, statement: 'We asked about youth services; you said the library should open later; we extended its hours.' })).publishResponse;
    expect(published).toMatchObject({ status: 'REPORTED', findings: { statement: expect.stringContaining('we extended its hours'), publishedAt: expect.any(String), version: 3 } });
    const again = await t.graphql(officer, PUBLISH, { id: ids.youth, statement: 'Twice' });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(nodes(await t.ok(viewer, OVERDUE, { overdue: true }))).toEqual([]);

    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [ids.youth]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'consultation.register', 'consultation.live', 'consultation.closed', 'findings.record', 'findings.update', 'findings.publish', 'consultation.reported',
    ]);
  });

  it('finds past consultations by their findings with English stemming, ranked, with the match marked', async () => {
    const { findings } = await t.ok(viewer, SEARCH, { text: 'libraries' });
    expect(findings).toEqual([{ consultation: { title: 'Youth services review', findings: { responseCount: 412 } }, rank: expect.any(Number), snippet: expect.stringContaining('**library**') }]);
    expect(findings[0].rank).toBeGreaterThan(0);
    // Filtered by area and audience through the hierarchies, and by date.
    expect((await t.ok(viewer, SEARCH, { text: 'libraries', areaCodes: ['E05007066'] })).findings).toHaveLength(1); // a ward in Tamworth
    expect((await t.ok(viewer, SEARCH, { text: 'libraries', areaCodes: ['E07000197'] })).findings).toEqual([]); // Stafford
    expect((await t.ok(viewer, SEARCH, { text: 'libraries', audienceCodes: ['OLDER_PEOPLE'] })).findings).toEqual([]);
    expect((await t.ok(viewer, SEARCH, { text: 'libraries', from: '2027-03-01' })).findings).toEqual([]);
    // Planned consultations are not past ones.
    expect((await t.ok(viewer, SEARCH, { text: 'skate' })).findings).toEqual([]);
    const unknown = await t.graphql(viewer, SEARCH, { text: 'libraries', areaCodes: ['NOWHERE'] });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaCodes' });
  });

  it('names the prior findings in a duplicate’s explanation and links them', async () => {
    ids.offer = (await t.ok(outsider, REGISTER, { input: { ...youth, title: 'Youth offer consultation', startDate: '2027-10-01', endDate: '2027-10-31' } })).registerConsultation.id;
    const { consultation } = await t.ok(outsider, CONFLICTS, { id: ids.offer });
    const duplicate = consultation.conflicts.find((c: Conflict) => c.kind === 'DUPLICATE' && c.other?.id === ids.youth);
    expect(duplicate.severity).toBe('MEDIUM');
    expect(duplicate.explanation).toContain(
      `It asked young people (11–24) in Tamworth about youth services in February 2027, 412 responses: see its findings, ${LINK}/${ids.youth}#findings.`,
    );
    expect(duplicate.otherFindings).toEqual({ responseCount: 412 });
  });

  it('finds a past consultation with findings as a DUPLICATE beyond the look-around, within FINDINGS_LOOKAROUND_MONTHS, as a LOW reuse hint', async () => {
    const sentence = `asked young people (11–24) in Tamworth about youth services in February 2027, 412 responses: see its findings, ${LINK}/${ids.youth}#findings.`;
    // A dry run 19 months after it closed.
    const input = { ...youth, title: 'Youth clubs plan', startDate: '2028-09-01', endDate: '2028-09-30' };
    const checked = (await t.ok(outsider, `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind severity explanation other { id } } }`, { input })).checkConsultation;
    expect(checked.filter((c: Conflict) => c.other?.id === ids.youth)).toEqual([
      { kind: 'DUPLICATE', severity: 'LOW', other: { id: ids.youth }, explanation: expect.stringContaining(sentence) },
    ]);
    expect(checked.find((c: Conflict) => c.other?.id === ids.youth).explanation).toMatch(/^"Youth services review" \(Tamworth Borough Council\) is also about youth services and closed 564 days before this one starts: reuse its findings/);
    // A plan registered before the findings were recorded gained the hint when they were; the other side is told too.
    const early = (await t.ok(outsider, CONFLICTS, { id: ids.farEarly })).consultation.conflicts.filter((c: Conflict) => c.other?.id === ids.youth);
    expect(early).toEqual([{ kind: 'DUPLICATE', severity: 'LOW', other: { id: ids.youth }, otherFindings: { responseCount: 412 }, explanation: expect.stringContaining(sentence) }]);
    const theirs = (await t.ok(officer, CONFLICTS, { id: ids.youth })).consultation.conflicts.find((c: Conflict) => c.other?.id === ids.farEarly);
    expect(theirs).toMatchObject({ kind: 'DUPLICATE', severity: 'LOW', otherFindings: null });
    expect(theirs.explanation).toMatch(/will ask young people \(11–24\) in Tamworth 564 days after this one: it can reuse this one's findings\.$/);
    // Beyond 24 months: nothing.
    const late = await t.ok(outsider, `query($input: ConsultationInput!) { checkConsultation(input: $input) { other { id } } }`, { input: { ...input, startDate: '2029-03-01', endDate: '2029-03-31' } });
    expect(late.checkConsultation.filter((c: Conflict) => c.other?.id === ids.youth)).toEqual([]);
  });

  it("names the prior findings in the weekly digest's clash, in its text and HTML parts, as emailed", async () => {
    // A week whose "since the last digest" falls before the database's clock, which stamps when the clash was found.
    const week = isoWeekOf('2026-12-07');
    const member = await t.member('SCC', 'VIEWER', 'scc.digest@network.example');
    const deliveries = t.app.get(DigestDeliveries);
    await deliveries.plan(week, member.id);
    const [id] = await deliveries.idsToSend(week, { memberId: member.id });
    expect(await t.app.get(DigestSender).deliver(id)).toBe('SENT');
    const [mail] = sink.to('scc.digest@network.example');
    const sentence = `It asked young people (11–24) in Tamworth about youth services in February 2027, 412 responses: see its findings, ${LINK}/${ids.youth}#findings.`;
    expect(mail.text).toMatch(/\* MEDIUM duplicate: Youth offer consultation\n {2}New: "Youth services review" \(Tamworth Borough Council\) is also about youth services/);
    expect(mail.text).toContain(sentence);
    expect(mail.html).toContain(sentence.replace(/'/g, '&#39;'));
  });
});
