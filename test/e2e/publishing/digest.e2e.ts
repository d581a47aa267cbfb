import { addDays } from '../../../src/common/dates/calendar-date';
import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

const PREVIEW = `query($memberId: ID, $weekOf: Date) { digestPreview(memberId: $memberId, weekOf: $weekOf) {
  memberId week weekStart subject text html conflictCount allClear items { section consultationId title detail url severity } } }`;
const PREFERENCES = `mutation($input: DigestPreferencesInput!) { updateMyDigestPreferences(input: $input) {
  enabled allClear areas { code name } audiences { code name } } }`;

describe('digest API', () => {
  let t: TestApp;
  let officer: { id: string; apiKey: string };
  let viewer: { id: string; apiKey: string };
  let coordinator: { id: string; apiKey: string };
  // The service's today: a Sunday the clocks went back, and before the database's own time, which
  // stamps what changed.
  const today = '2026-10-25';

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://calendar.network.example' }, undefined, new TestClock(`${today}T12:00:00Z`));
    officer = await t.member('TBC', 'OFFICER');
    viewer = await t.member('SSOT-VCS', 'VIEWER');
    coordinator = await t.member('SCC', 'COORDINATOR');
    await t.ok(officer.apiKey, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
      input: { title: 'Tamworth town centre survey', audienceCodes: ['RESIDENTS'], areaCodes: ['E07000199'], startDate: addDays(today, 3), endDate: addDays(today, 30) },
    });
  });
  afterAll(() => t.close());

  it('previews your own digest for this week without sending or recording anything', async () => {
    const { digestPreview } = await t.ok(viewer.apiKey, PREVIEW);
    expect(digestPreview).toMatchObject({ memberId: viewer.id, conflictCount: 0, allClear: false });
    expect(digestPreview).toMatchObject({ week: '2026-W43', weekStart: '2026-10-19' });
    expect(digestPreview.subject).toContain(': no unresolved clashes');
    const sections = digestPreview.items.map((i: { section: string }) => i.section);
    expect(sections).toEqual(['CHANGE', 'MILESTONE']);
    expect(digestPreview.items[0]).toMatchObject({ title: 'Tamworth town centre survey', url: expect.stringMatching(/^https:\/\/calendar\.network\.example\/consultations\//) });
    expect(digestPreview.html).toContain('Tamworth town centre survey');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM digest_delivery`);
    expect(count).toBe(0);
  });

  it('lets a coordinator preview anyone’s digest, and nobody else', async () => {
    const asCoordinator = await t.ok(coordinator.apiKey, PREVIEW, { memberId: officer.id, weekOf: addDays(today, 7) });
    expect(asCoordinator.digestPreview.memberId).toBe(officer.id);
    const refused = await t.graphql(viewer.apiKey, PREVIEW, { memberId: officer.id });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await t.graphql(coordinator.apiKey, PREVIEW, { memberId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'memberId' });
  });

  it('narrows the digest to the areas and audiences a member chooses', async () => {
    const { updateMyDigestPreferences } = await t.ok(viewer.apiKey, PREFERENCES, { input: { areaCodes: ['E07000197'], audienceCodes: ['YOUNG_PEOPLE'] } });
    expect(updateMyDigestPreferences).toEqual({
      enabled: true,
      allClear: true,
      areas: [{ code: 'E07000197', name: 'Stafford' }],
      audiences: [{ code: 'YOUNG_PEOPLE', name: 'Young people (11–24)' }],
    });
    const { digestPreview } = await t.ok(viewer.apiKey, PREVIEW);
    expect(digestPreview.allClear).toBe(true);
    expect(digestPreview.subject).toMatch(/: all clear$/);
    expect(digestPreview.text).toContain('for the areas and audiences you chose');
    // An empty list means the whole network again.
    await t.ok(viewer.apiKey, PREFERENCES, { input: { areaCodes: [], audienceCodes: [] } });
    expect((await t.ok(viewer.apiKey, PREVIEW)).digestPreview.allClear).toBe(false);
  });

  it('refuses unknown codes, naming the field, and changes nothing', async () => {
    const result = await t.graphql(viewer.apiKey, PREFERENCES, { input: { enabled: false, areaCodes: ['E07000197', 'NOWHERE'] } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.areaCodes' });
    expect(result.errors?.[0].message).toContain('NOWHERE');
    const { myDigestPreferences } = await t.ok(viewer.apiKey, `{ myDigestPreferences { enabled } }`);
    expect(myDigestPreferences.enabled).toBe(true);
  });

  it('keeps the delivery ledger to coordinators', async () => {
    const query = `query($weekOf: Date!) { digestDeliveries(weekOf: $weekOf) { status } }`;
    expect((await t.graphql(viewer.apiKey, query, { weekOf: today })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.ok(coordinator.apiKey, query, { weekOf: today })).digestDeliveries).toEqual([]);
    const bad = await t.graphql(coordinator.apiKey, query, { weekOf: '2027-02-30' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('audits preference changes', async () => {
    const rows = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action = 'member.digest_preferences'`, [viewer.id]);
    expect(rows.length).toBe(2);
  });

  it('heads the digest with open HIGH and MEDIUM clashes only, and lists those new or changed', async () => {
    // South Staffordshire asks its Citizens' Panel and businesses about the budget during a
    // by-election (HIGH); the police ask the same panel at the same time (HIGH), residents about the
    // budget later (MEDIUM) and businesses just after (LOW: context, never in a digest).
    await t.ok(coordinator.apiKey, `mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`, {
      input: { name: 'South Staffordshire by-election', startDate: '2027-09-20', endDate: '2027-09-23', areaCodes: ['E07000196'] },
    });
    const council = await t.member('SSDC', 'OFFICER');
    const police = (await t.member('SP', 'OFFICER')).apiKey;
    const register = async (key: string, input: Record<string, unknown>) =>
      (await t.ok(key, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
        input: { areaCodes: ['E07000196'], channels: ['PANEL_SURVEY'], startDate: '2027-09-06', endDate: '2027-09-26', ...input },
      })).registerConsultation.id as string;
    const budget = await register(council.apiKey, { title: 'South Staffordshire budget', topics: ['budget'], audienceCodes: ['CITIZENS_PANEL', 'BUSINESSES'] });
    await register(police, { title: 'Panel survey on policing', topics: ['policing'], audienceCodes: ['CITIZENS_PANEL'] });
    await register(police, { title: 'Policing budget and precept', topics: ['budget'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'], startDate: '2028-01-10', endDate: '2028-01-31' });
    await register(police, { title: 'Business crime survey', topics: ['business crime'], audienceCodes: ['BUSINESSES'], channels: ['ONLINE_SURVEY'], startDate: '2027-09-30', endDate: '2027-10-20' });
    const { consultation } = await t.ok(council.apiKey, `query($id: ID!) { consultation(id: $id) { clashSummary { high medium low pairs { severity conflicts { id } } } } }`, { id: budget });
    expect(consultation.clashSummary).toMatchObject({ high: 2, medium: 1, low: 1 });

    const preview = async (weekOf = today) => (await t.ok(council.apiKey, PREVIEW, { weekOf })).digestPreview;
    const first = await preview();
    expect(first.subject).toMatch(/: 3 unresolved clashes \(2 HIGH\)$/);
    expect(first.conflictCount).toBe(3);
    const clashes = first.items.filter((i: { section: string }) => i.section === 'CONFLICT');
    expect(clashes.map((i: { severity: string; title: string }) => [i.severity, i.title])).toEqual([
      ['HIGH', 'HIGH overlap: South Staffordshire budget'],
      ['HIGH', 'HIGH blackout: South Staffordshire budget'],
      ['MEDIUM', 'MEDIUM duplicate: South Staffordshire budget'],
    ]);
    expect(clashes[0].detail).toMatch(/^New: .*"Panel survey on policing"/);

    // Acknowledged, the HIGH one leaves the headline.
    const [high] = consultation.clashSummary.pairs;
    await t.ok(council.apiKey, `mutation($ids: [ID!]!) { acknowledgeConflicts(ids: $ids, note: "Agreed with the police: one panel mailing") { id } }`, { ids: high.conflicts.map((c: { id: string }) => c.id) });
    expect((await preview()).subject).toMatch(/: 2 unresolved clashes \(1 HIGH\)$/);

    // After a digest sent this week, next week's lists nothing again but still counts what is open.
    await t.dataSource.query(
      `INSERT INTO digest_delivery (member_id, week, week_start, status, email, sent_at) VALUES ($1, $2, $3, 'SENT', $4, now())`,
      [council.id, first.week, first.weekStart, council.email],
    );
    const next = await preview(addDays(today, 7));
    expect(next.subject).toMatch(/: 2 unresolved clashes \(1 HIGH\)$/);
    expect(next.items.filter((i: { section: string }) => i.section === 'CONFLICT')).toEqual([]);
    expect(next.text).toContain('NEW AND CHANGED CLASHES INVOLVING YOUR ORGANISATION\n\nNothing new or changed, and 2 clashes still open: see them all on the Clashes page');
  });
});
