import { createTestApp, TestApp } from '../../support/test-app';

const CONFLICT_FIELDS = `id kind severity explanation stored other { id title organisation { name } }
  sharedAreas { code name } sharedAudiences { code name } sharedChannels sharedTopics overlapStart overlapEnd
  acknowledgement { note by { name } at }`;

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id status conflicts { ${CONFLICT_FIELDS} } } }`;
const CHECK = `query($input: ConsultationInput!, $excludeId: ID) { checkConsultation(input: $input, excludeId: $excludeId) { ${CONFLICT_FIELDS} } }`;

const plan = (over: Record<string, unknown> = {}) => ({
  title: 'Youth services review',
  topics: ['youth services'],
  audienceCodes: ['YOUNG_PEOPLE'],
  areaCodes: ['E07000197'],
  channels: ['ONLINE_SURVEY'],
  startDate: '2027-02-01',
  endDate: '2027-02-21',
  ...over,
});

describe('clash detection through GraphQL', () => {
  let t: TestApp;
  let county: string; // officer at Staffordshire County Council
  let commissioner: string; // officer at the Commissioner's Office
  let viewer: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await createTestApp();
    county = (await t.member('SCC', 'OFFICER')).apiKey;
    commissioner = (await t.member('SCO', 'OFFICER')).apiKey;
    viewer = (await t.member('SBC', 'VIEWER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
  });
  afterAll(() => t.close());

  it('finds, explains, stores, acknowledges and gates the launch', async () => {
    const police = await t.ok(commissioner, REGISTER, {
      input: plan({ title: 'Police and Crime Plan survey', summary: 'Priorities for policing', topics: ['community safety'], areaCodes: ['E07000197'], channels: ['ONLINE_SURVEY', 'FOCUS_GROUP'], startDate: '2027-02-10', endDate: '2027-03-10' }),
    });
    expect(police.registerConsultation.conflicts).toEqual([]);

    // A ward in Stafford against a Stafford-wide plan, both meeting young people in person (a
    // focus group, street outreach), overlapping: HIGH, though the channel both share is only online.
    const inPerson = { areaCodes: ['E05010479'], channels: ['ONLINE_SURVEY', 'STREET_OUTREACH'] };
    const dry = await t.ok(county, CHECK, { input: plan(inPerson) });
    expect(dry.checkConsultation).toHaveLength(1);
    const [clash] = dry.checkConsultation;
    expect(clash).toMatchObject({ kind: 'OVERLAP', severity: 'HIGH', stored: false, overlapStart: '2027-02-10', overlapEnd: '2027-02-21', sharedChannels: ['ONLINE_SURVEY'] });
    expect(clash.other).toMatchObject({ title: 'Police and Crime Plan survey', organisation: { name: "Staffordshire Commissioner's Office" } });
    expect(clash.sharedAudiences).toEqual([{ code: 'YOUNG_PEOPLE', name: 'Young people (11–24)' }]);
    expect(clash.explanation).toMatch(/^Overlaps 10–21 February 2027 with "Police and Crime Plan survey" \(Staffordshire Commissioner's Office\): both ask young people \(11–24\) in /);
    expect(clash.explanation).toContain('Both meet them in person in the same district or smaller');
    // The dry run wrote nothing.
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM conflict`);
    expect(count).toBe(0);

    const registered = await t.ok(county, REGISTER, { input: plan(inPerson) });
    const youth = registered.registerConsultation;
    expect(youth.conflicts).toHaveLength(1);
    expect(youth.conflicts[0]).toMatchObject({ kind: 'OVERLAP', severity: 'HIGH', stored: true });

    // The other side sees the same conflict, told from its side.
    const theirs = await t.ok(commissioner, `query($id: ID!) { consultation(id: $id) { conflicts { id explanation other { title } } } }`, { id: police.registerConsultation.id });
    expect(theirs.consultation.conflicts).toEqual([
      { id: youth.conflicts[0].id, explanation: expect.stringContaining('with "Youth services review" (Staffordshire County Council)'), other: { title: 'Youth services review' } },
    ]);

    const launch = `mutation($id: ID!) { launchConsultation(id: $id) { status } }`;
    const refused = await t.graphql(county, launch, { id: youth.id });
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT_UNACKNOWLEDGED');
    expect(refused.errors?.[0].message).toContain('Police and Crime Plan survey');

    const acknowledge = `mutation($id: ID!, $note: String!) { acknowledgeConflict(id: $id, note: $note) { acknowledgement { note by { name } } } }`;
    const short = await t.graphql(county, acknowledge, { id: youth.conflicts[0].id, note: 'fine' });
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const outsider = await t.graphql((await t.member('TBC', 'OFFICER')).apiKey, acknowledge, { id: youth.conflicts[0].id, note: 'We agreed to share the survey' });
    expect(outsider.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const acked = await t.ok(commissioner, acknowledge, { id: youth.conflicts[0].id, note: 'Agreed with SCC: joint promotion, separate questions' });
    expect(acked.acknowledgeConflict.acknowledgement.note).toBe('Agreed with SCC: joint promotion, separate questions');

    expect((await t.ok(county, launch, { id: youth.id })).launchConsultation.status).toBe('LIVE');
    const again = await t.graphql(county, launch, { id: youth.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await t.ok(county, `mutation($id: ID!) { closeConsultation(id: $id) { status } }`, { id: youth.id })).closeConsultation.status).toBe('CLOSED');

    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'conflict'`);
    expect(audit).toEqual([{ action: 'conflict.acknowledge' }]);
  });

  it('drops an acknowledgement when the clash changes, keeps it when it does not', async () => {
    const a = await t.ok(commissioner, REGISTER, { input: plan({ title: 'Road safety survey', topics: ['roads'], channels: ['TELEPHONE'], startDate: '2027-06-01', endDate: '2027-06-30' }) });
    const b = await t.ok(county, REGISTER, { input: plan({ title: 'Library opening hours', topics: ['libraries'], channels: ['POSTAL_SURVEY'], startDate: '2027-06-10', endDate: '2027-07-10' }) });
    const id = b.registerConsultation.conflicts[0].id;
    await t.ok(county, `mutation($id: ID!) { acknowledgeConflict(id: $id, note: "Different questions, agreed") { id } }`, { id });
    const update = `mutation($id: ID!, $input: ConsultationUpdateInput!) { updateConsultation(id: $id, input: $input) { conflicts { id acknowledgement { note } overlapStart } } }`;
    const summaryOnly = await t.ok(county, update, { id: b.registerConsultation.id, input: { summary: 'Opening hours from April' } });
    expect(summaryOnly.updateConsultation.conflicts[0]).toMatchObject({ id, acknowledgement: { note: 'Different questions, agreed' } });
    const moved = await t.ok(county, update, { id: b.registerConsultation.id, input: { startDate: '2027-06-20' } });
    expect(moved.updateConsultation.conflicts[0]).toMatchObject({ id, acknowledgement: null, overlapStart: '2027-06-20' });
    // Cancelled consultations never count.
    await t.ok(commissioner, `mutation($id: ID!) { cancelConsultation(id: $id) { status } }`, { id: a.registerConsultation.id });
    const after = await t.ok(county, `query($id: ID!) { consultation(id: $id) { conflicts { id } } }`, { id: b.registerConsultation.id });
    expect(after.consultation.conflicts).toEqual([]);
  });

  it('keeps drafts private: their clashes are shown to their owners only', async () => {
    const draft = await t.ok(county, REGISTER, { input: plan({ title: 'Draft: parks strategy', topics: ['parks'], status: 'DRAFT', startDate: '2027-09-01', endDate: '2027-09-30' }) });
    const other = await t.ok(commissioner, REGISTER, { input: plan({ title: 'Neighbourhood policing priorities', topics: ['policing'], channels: ['FOCUS_GROUP'], startDate: '2027-09-15', endDate: '2027-10-15' }) });
    expect(other.registerConsultation.conflicts).toEqual([]);
    const mine = await t.ok(county, `query($id: ID!) { consultation(id: $id) { conflicts { kind stored other { title } } } }`, { id: draft.registerConsultation.id });
    expect(mine.consultation.conflicts).toEqual([{ kind: 'OVERLAP', stored: false, other: { title: 'Neighbourhood policing priorities' } }]);
  });

  it('summarises a check for a planning form: every conflict counted, the most severe listed', async () => {
    const tamworth = { areaCodes: ['E07000199'], topics: ['libraries'] };
    await t.ok(commissioner, REGISTER, { input: plan({ ...tamworth, title: 'Library opening hours', startDate: '2029-03-01', endDate: '2029-03-31' }) });
    await t.ok(commissioner, REGISTER, { input: plan({ ...tamworth, title: 'Street lighting', topics: ['lighting'], channels: ['PUBLIC_MEETING'], startDate: '2029-03-10', endDate: '2029-04-10' }) });
    await t.ok(commissioner, REGISTER, { input: plan({ ...tamworth, title: 'Parks survey', topics: ['parks'], channels: ['DROP_IN'], startDate: '2029-04-25', endDate: '2029-05-10' }) });
    const input = plan({ ...tamworth, title: 'Library services review', startDate: '2029-03-15', endDate: '2029-04-15' });
    const { checkConsultation: all } = await t.ok(county, CHECK, { input });
    expect(all.length).toBeGreaterThan(2);
    expect(new Set(all.map((c: { severity: string }) => c.severity)).size).toBeGreaterThan(1);

    const summary = `query($input: ConsultationInput!, $first: Int) { checkConsultationSummary(input: $input, first: $first) {
      total bySeverity { severity count } byKind { kind count } conflicts { ${CONFLICT_FIELDS} } } }`;
    const { checkConsultationSummary: two } = await t.ok(county, summary, { input, first: 2 });
    expect(two.total).toBe(all.length);
    const count = (key: 'severity' | 'kind', value: string) => all.filter((c: Record<string, string>) => c[key] === value).length;
    expect(two.bySeverity).toEqual(['HIGH', 'MEDIUM', 'LOW'].map((severity) => ({ severity, count: count('severity', severity) })));
    expect(two.byKind).toEqual(['OVERLAP', 'DUPLICATE', 'FATIGUE', 'BLACKOUT', 'PROTECTED', 'ADVICE'].map((kind) => ({ kind, count: count('kind', kind) })));
    expect(two.conflicts).toEqual(all.slice(0, 2));
    expect((await t.ok(county, summary, { input })).checkConsultationSummary.conflicts).toEqual(all); // 25 by default

    for (const first of [-1, 1001]) {
      const refused = await t.graphql(county, summary, { input, first });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }

    // A form that shows HIGH and MEDIUM asks for them: the LOW ones are left out of the list, still counted.
    expect(all.some((c: { severity: string }) => c.severity === 'LOW')).toBe(true);
    const shown = all.filter((c: { severity: string }) => c.severity !== 'LOW');
    expect(shown.length).toBeGreaterThan(0);
    const atLeast = `query($input: ConsultationInput!, $minSeverity: Severity) { checkConsultation(input: $input, minSeverity: $minSeverity) { ${CONFLICT_FIELDS} } }`;
    expect((await t.ok(county, atLeast, { input, minSeverity: 'MEDIUM' })).checkConsultation).toEqual(shown);
    expect((await t.ok(county, atLeast, { input, minSeverity: 'LOW' })).checkConsultation).toEqual(all);
    const summaryAtLeast = `query($input: ConsultationInput!, $minSeverity: Severity) { checkConsultationSummary(input: $input, minSeverity: $minSeverity) {
      total bySeverity { severity count } byKind { kind count } conflicts { ${CONFLICT_FIELDS} } } }`;
    const { checkConsultationSummary: forForm } = await t.ok(county, summaryAtLeast, { input, minSeverity: 'MEDIUM' });
    expect(forForm).toEqual({ total: two.total, bySeverity: two.bySeverity, byKind: two.byKind, conflicts: shown });
    const unknown = await t.graphql(county, atLeast, { input, minSeverity: 'SEVERE' });
    expect(unknown.errors?.[0].message).toMatch(/minSeverity/);
  });

  it('suggests clear windows and manages blackout periods', async () => {
    const busy = plan({ title: 'Bus services consultation', topics: ['buses'], areaCodes: ['E07000199'], channels: ['PUBLIC_MEETING'], startDate: '2028-01-10', endDate: '2028-01-30' });
    await t.ok(commissioner, REGISTER, { input: busy });
    const suggest = `query($input: ConsultationInput!) { suggestWindows(input: $input, from: "2028-01-01", to: "2028-03-31", limit: 2) { startDate endDate latestStartDate conflicts { severity } } }`;
    const { suggestWindows } = await t.ok(county, suggest, { input: plan({ title: 'Tamworth town centre plan', topics: ['town centre'], areaCodes: ['E07000199'], channels: ['DROP_IN'], startDate: '2028-01-01', endDate: '2028-01-14' }) });
    // 14 days long; anything overlapping 10–30 January is HIGH (young people met in person in Tamworth by both), so 1 January cannot start (ends 14th).
    expect(suggestWindows[0]).toMatchObject({ startDate: '2028-01-31', endDate: '2028-02-13' });
    expect(suggestWindows[0].conflicts.every((c: { severity: string }) => c.severity === 'LOW')).toBe(true);
    expect(suggestWindows.length).toBeLessThanOrEqual(2);

    // Moving the registered plan itself: with excludeId its own dates do not stand in its way.
    const own = plan({ title: 'Bus services consultation', topics: ['buses'], areaCodes: ['E07000199'], channels: ['PUBLIC_MEETING'], startDate: '2028-01-10', endDate: '2028-01-30' });
    const busyId = (await t.ok(commissioner, `{ consultations(filter: { text: "Bus services" }) { edges { node { id } } } }`)).consultations.edges[0].node.id;
    const moving = `query($input: ConsultationInput!, $excludeId: ID) { suggestWindows(input: $input, from: "2028-01-10", to: "2028-01-10", excludeId: $excludeId) { startDate } }`;
    expect((await t.ok(commissioner, moving, { input: own, excludeId: busyId })).suggestWindows).toEqual([{ startDate: '2028-01-10' }]);
    expect((await t.ok(commissioner, moving, { input: own })).suggestWindows).toEqual([]); // it would meet itself

    const create = `mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id name areas { code } } }`;
    const input = { name: 'Tamworth by-election', startDate: '2028-02-01', endDate: '2028-02-28', areaCodes: ['E07000199'] };
    expect((await t.graphql(county, create, { input })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { createBlackoutPeriod } = await t.ok(coordinator, create, { input });
    expect(createBlackoutPeriod.areas).toEqual([{ code: 'E07000199' }]);
    const conflicts = await t.ok(county, CHECK, { input: plan({ title: 'Tamworth town centre plan', topics: ['town centre'], areaCodes: ['E05007066'], startDate: '2028-02-20', endDate: '2028-03-05' }) });
    expect(conflicts.checkConsultation.map((c: { kind: string }) => c.kind)).toContain('BLACKOUT');
    const listed = await t.ok(viewer, `{ blackoutPeriods(from: "2028-02-10", to: "2028-02-11") { name } }`);
    expect(listed.blackoutPeriods.map((b: { name: string }) => b.name)).toContain('Tamworth by-election');
    expect((await t.ok(coordinator, `mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, { id: createBlackoutPeriod.id })).deleteBlackoutPeriod).toBe(true);
    const rules = await t.ok(
      viewer,
      `{ clashRules { gapDays lookAroundDays findingsLookAroundMonths fatigueThreshold fatigueWindowDays similarityThreshold commonWordShare commonWordMinimum houseStyleShare
         severity { allAsked groupInPerson group generalInPerson general nearMiss allAskedNearMiss duplicateOverlapping duplicate duplicateReported fatigue protected } channels { channel kind } } }`,
    );
    // Every setting in force, as configured: here PRODUCT.md's defaults.
    const { channels, ...settings } = rules.clashRules;
    expect(settings).toEqual(t.config.clashRules);
    expect(settings).toMatchObject({ gapDays: 14, lookAroundDays: 365, fatigueThreshold: 3, fatigueWindowDays: 28, severity: { allAsked: 'HIGH', groupInPerson: 'HIGH', general: 'LOW', nearMiss: 'LOW', protected: 'HIGH' } });
    const kinds = Object.fromEntries(channels.map((c: { channel: string; kind: string }) => [c.channel, c.kind]));
    expect(kinds).toEqual({
      FOCUS_GROUP: 'PERSONAL', PUBLIC_MEETING: 'PERSONAL', DROP_IN: 'PERSONAL', STREET_OUTREACH: 'PERSONAL', TELEPHONE: 'PERSONAL', SCHOOLS: 'PERSONAL', PANEL_SURVEY: 'PERSONAL',
      ONLINE_SURVEY: 'BROADCAST', POSTAL_SURVEY: 'BROADCAST', SOCIAL_MEDIA: 'BROADCAST',
    });
  });
});
