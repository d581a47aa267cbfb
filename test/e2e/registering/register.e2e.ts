import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id title status startDate endDate organisation { code } areas { code } audiences { code } topics channels } }`;
const GET = `query($id: ID!) { consultation(id: $id) { id title status } }`;

const plan = (over: Record<string, unknown> = {}) => ({
  title: 'Household waste collection changes',
  summary: 'Fortnightly collections and food waste',
  topics: ['Waste', 'waste ', 'Recycling'],
  audienceCodes: ['RESIDENTS'],
  areaCodes: ['E07000197'],
  channels: ['ONLINE_SURVEY', 'DROP_IN'],
  startDate: '2027-05-10',
  endDate: '2027-06-20',
  ...over,
});

describe('authentication, roles, visibility and validation', () => {
  let t: TestApp;
  let officer: { id: string; apiKey: string };
  let otherOfficer: string;
  let viewer: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.member('SBC', 'OFFICER');
    otherOfficer = (await t.member('SP', 'OFFICER')).apiKey;
    viewer = (await t.member('SBC', 'VIEWER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
  });
  afterAll(() => t.close());

  const auditCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n as number;
  const consultationCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM consultation`))[0].n as number;

  describe('authentication', () => {
    it.each([
      ['no key', undefined],
      ['a wrong key', 'cc_thisIsNotAKeyThisServiceIssued0000000000'],
      ['a malformed header value', 'x'],
    ])('refuses %s with UNAUTHENTICATED', async (_label, key) => {
      const result = await t.graphql(key, `{ me { id } }`);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data).toBeNull();
    });

    it('answers me for a valid key', async () => {
      const { me } = await t.ok(officer.apiKey, `{ me { id role organisation { code name } } }`);
      expect(me).toEqual({ id: officer.id, role: 'OFFICER', organisation: { code: 'SBC', name: 'Stafford Borough Council' } });
    });

    it('stores only a hash of the key', async () => {
      const rows = await t.dataSource.query(`SELECT key_hash FROM api_key WHERE member_id = $1`, [officer.id]);
      expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].key_hash).not.toContain(officer.apiKey);
    });
  });

  describe('roles', () => {
    it('lets an officer register for their own organisation and normalises the plan', async () => {
      const { registerConsultation: c } = await t.ok(officer.apiKey, REGISTER, { input: plan() });
      expect(c).toMatchObject({ status: 'PLANNED', organisation: { code: 'SBC' }, areas: [{ code: 'E07000197' }], audiences: [{ code: 'RESIDENTS' }] });
      expect(c.topics).toEqual(['recycling', 'waste']);
      expect(c.channels).toEqual(['DROP_IN', 'ONLINE_SURVEY']);
    });

    it('forbids viewers to write and officers to change another organisation\'s consultation', async () => {
      expect((await t.graphql(viewer, REGISTER, { input: plan({ title: 'Viewer plan' }) })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const { registerConsultation: c } = await t.ok(officer.apiKey, REGISTER, { input: plan({ title: 'Parking permits review' }) });
      const update = await t.graphql(otherOfficer, `mutation($id: ID!) { updateConsultation(id: $id, input: { title: "Hijacked" }) { id } }`, { id: c.id });
      expect(update.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const cancel = await t.graphql(otherOfficer, `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`, { id: c.id });
      expect(cancel.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.ok(viewer, GET, { id: c.id })).consultation.title).toBe('Parking permits review');
    });

    it('lets only coordinators manage organisations, members, areas and audiences', async () => {
      const createOrg = `mutation { createOrganisation(input: { code: "BURTON-CVS", name: "Burton CVS", kind: VOLUNTARY }) { code kind } }`;
      expect((await t.graphql(officer.apiKey, createOrg)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.ok(coordinator, createOrg)).createOrganisation).toEqual({ code: 'BURTON-CVS', kind: 'VOLUNTARY' });

      const created = await t.ok(coordinator, `mutation { createMember(input: { organisationCode: "BURTON-CVS", email: "Ana@Burton.example.org", role: OFFICER }) { apiKey member { email role organisation { code } } } }`);
      expect(created.createMember.apiKey).toMatch(/^cc_[A-Za-z0-9_-]{43}$/);
      expect((await t.ok(created.createMember.apiKey, `{ me { email organisation { code } } }`)).me).toEqual({ email: 'Ana@Burton.example.org', organisation: { code: 'BURTON-CVS' } });
      const duplicate = await t.graphql(coordinator, `mutation { createMember(input: { organisationCode: "BURTON-CVS", email: "ana@burton.example.org", role: VIEWER }) { apiKey } }`);
      expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });

      const composite = await t.ok(coordinator, `mutation { createArea(input: { code: "NORTH-STAFFS", name: "North Staffordshire", level: COMPOSITE, memberCodes: ["E07000195", "E07000198", "E06000021"] }) { code composite } }`);
      expect(composite.createArea).toEqual({ code: 'NORTH-STAFFS', composite: true });
      const audience = await t.ok(coordinator, `mutation { createAudience(input: { code: "TENANTS_PANEL", name: "Tenants' panel", parentCode: "TENANTS", kind: PANEL }) { code kind } }`);
      expect(audience.createAudience).toEqual({ code: 'TENANTS_PANEL', kind: 'PANEL' });
      expect((await t.graphql(officer.apiKey, `mutation { createAudience(input: { code: "X", name: "X" }) { code } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('drafts', () => {
    it('shows a draft only to its own organisation, and says nothing of it to others', async () => {
      const { registerConsultation: draft } = await t.ok(officer.apiKey, REGISTER, { input: plan({ title: 'Unannounced leisure centre closure', status: 'DRAFT' }) });
      expect((await t.ok(viewer, GET, { id: draft.id })).consultation.status).toBe('DRAFT');
      const hidden = await t.graphql(otherOfficer, GET, { id: draft.id });
      const missing = await t.graphql(otherOfficer, GET, { id: '00000000-0000-4000-8000-000000000000' });
      expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(hidden.errors?.[0].message).toBe(missing.errors?.[0].message);
      const list = await t.ok(otherOfficer, `{ consultations(first: 100, filter: { text: "leisure" }) { totalCount edges { node { id } } } }`);
      expect(list.consultations.totalCount).toBe(0);
      // Registering it makes it network-visible.
      await t.ok(officer.apiKey, `mutation($id: ID!) { updateConsultation(id: $id, input: { status: PLANNED }) { id } }`, { id: draft.id });
      expect((await t.ok(otherOfficer, GET, { id: draft.id })).consultation.status).toBe('PLANNED');
    });
  });

  describe('bad input', () => {
    it.each([
      ['end before start', { endDate: '2027-05-01' }, 'endDate'],
      ['an unknown area code', { areaCodes: ['E07000197', 'E99999999'] }, 'areaCodes'],
      ['an unknown audience code', { audienceCodes: ['MARTIANS'] }, 'audienceCodes'],
      ['an empty title', { title: '   ' }, 'title'],
      ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title'],
      ['a summary over 4000 characters', { summary: 'x'.repeat(4001) }, 'summary'],
      ['no areas', { areaCodes: [] }, 'areaCodes'],
      ['a window over two years', { startDate: '2027-01-01', endDate: '2029-01-02' }, 'endDate'],
    ])('rejects %s, naming the field and writing nothing', async (_label, over, field) => {
      const [audits, consultations] = [await auditCount(), await consultationCount()];
      const result = await t.graphql(officer.apiKey, REGISTER, { input: plan({ title: `Bad input ${field}`, ...over }) });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect([await auditCount(), await consultationCount()]).toEqual([audits, consultations]);
    });

    it('rejects an impossible calendar date as BAD_USER_INPUT', async () => {
      const result = await t.graphql(officer.apiKey, REGISTER, { input: plan({ startDate: '2027-02-30' }) });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toContain('2027-02-30');
    });

    it('rejects a duplicate registration of the same title, organisation and dates', async () => {
      await t.ok(officer.apiKey, REGISTER, { input: plan({ title: 'Town centre masterplan' }) });
      const [audits, consultations] = [await auditCount(), await consultationCount()];
      const again = await t.graphql(officer.apiKey, REGISTER, { input: plan({ title: 'TOWN CENTRE MASTERPLAN' }) });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
      expect([await auditCount(), await consultationCount()]).toEqual([audits, consultations]);
    });
  });

  describe('partial updates', () => {
    const FIELDS = `status statutory topics channels summary areas { code } audiences { code }`;

    it('changes only what an update names: a draft stays a draft and keeps its channels, topics and statutory flag', async () => {
      const { registerConsultation: draft } = await t.ok(officer.apiKey, REGISTER, { input: plan({ title: 'Allotment rents', status: 'DRAFT', statutory: true }) });
      const before = (await t.ok(officer.apiKey, `query($id: ID!) { consultation(id: $id) { ${FIELDS} } }`, { id: draft.id })).consultation;
      expect(before).toMatchObject({ status: 'DRAFT', statutory: true, channels: ['DROP_IN', 'ONLINE_SURVEY'] });
      const { updateConsultation: after } = await t.ok(officer.apiKey, `mutation($id: ID!) { updateConsultation(id: $id, input: { title: "Allotment rents 2027" }) { title ${FIELDS} } }`, { id: draft.id });
      expect(after).toEqual({ ...before, title: 'Allotment rents 2027' });
    });

    it('lets a live consultation change its summary without naming its status', async () => {
      const { registerConsultation: c } = await t.ok(officer.apiKey, REGISTER, { input: plan({ title: 'Bus shelter designs', topics: ['Bus shelters'], startDate: '2029-03-01', endDate: '2029-03-20' }) });
      await t.ok(officer.apiKey, `mutation($id: ID!) { launchConsultation(id: $id) { status } }`, { id: c.id });
      const { updateConsultation: after } = await t.ok(officer.apiKey, `mutation($id: ID!) { updateConsultation(id: $id, input: { summary: "Three designs to choose from" }) { ${FIELDS} } }`, { id: c.id });
      expect(after).toMatchObject({ status: 'LIVE', summary: 'Three designs to choose from', topics: ['bus shelters'] });
    });

    it('keeps a blackout period\'s areas, audiences and severity when only its dates change', async () => {
      const BLACKOUT = `name startDate endDate severity areas { code } audiences { code }`;
      const { createBlackoutPeriod: created } = await t.ok(coordinator, `mutation { createBlackoutPeriod(input: { name: "Stafford by-election", startDate: "2027-09-01", endDate: "2027-09-20", severity: LOW, areaCodes: ["E07000197"], audienceCodes: ["RESIDENTS"] }) { id ${BLACKOUT} } }`);
      const { updateBlackoutPeriod: moved } = await t.ok(coordinator, `mutation($id: ID!) { updateBlackoutPeriod(id: $id, input: { endDate: "2027-09-25" }) { id ${BLACKOUT} } }`, { id: created.id });
      expect(moved).toEqual({ ...created, endDate: '2027-09-25' });
    });
  });

  it('audits every change with who, before and after', async () => {
    const { registerConsultation: c } = await t.ok(officer.apiKey, REGISTER, { input: plan({ title: 'Cemetery opening hours' }) });
    await t.ok(officer.apiKey, `mutation($id: ID!) { updateConsultation(id: $id, input: { endDate: "2027-06-30" }) { id } }`, { id: c.id });
    await t.ok(officer.apiKey, `mutation($id: ID!) { cancelConsultation(id: $id) { status } }`, { id: c.id });
    const rows = await t.dataSource.query(`SELECT action, actor_id, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id`, [c.id]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['consultation.register', 'consultation.update', 'consultation.cancelled']);
    expect(rows.every((r: { actor_id: string }) => r.actor_id === officer.id)).toBe(true);
    expect(rows[1].before.endDate).toBe('2027-06-20');
    expect(rows[1].after.endDate).toBe('2027-06-30');
    expect(rows[2].after.status).toBe('CANCELLED');
  });
});
