import { createTestApp, TestApp } from '../../support/test-app';

const AUDIT = `query($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id at actorLabel actor { email } action entityType entityId before after } }
  }
}`;
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;

type Entry = { id: string; actorLabel: string; actor: { email: string } | null; action: string; entityType: string; entityId: string; before: string | null; after: string | null };

describe('audit log and personal data', () => {
  let t: TestApp;
  let coordinator: string;
  let officer: { id: string; apiKey: string; email: string };
  let consultationId: string;
  const entries = async (filter: Record<string, unknown>, first = 50): Promise<Entry[]> =>
    (await t.ok(coordinator, AUDIT, { filter, first })).auditLog.edges.map((e: { node: Entry }) => e.node);

  beforeAll(async () => {
    t = await createTestApp();
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    officer = await t.member('TBC', 'OFFICER', 'pat.planner@tamworth.example');
    consultationId = (await t.ok(officer.apiKey, REGISTER, {
      input: { title: 'Allotments', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2027-05-03', endDate: '2027-05-30' },
    })).registerConsultation.id;
    await t.ok(officer.apiKey, `mutation($id: ID!, $input: ConsultationUpdateInput!) { updateConsultation(id: $id, input: $input) { id } }`, {
      id: consultationId,
      input: { title: 'Allotments and growing spaces' },
    });
  });
  afterAll(() => t.close());

  it('records who changed what and when, with before and after, for coordinators only', async () => {
    const history = await entries({ entityType: 'consultation', entityId: consultationId });
    expect(history.map((e) => e.action)).toEqual(['consultation.update', 'consultation.register']);
    const [update] = history;
    expect(update.actor?.email).toBe('pat.planner@tamworth.example');
    expect(update.actorLabel).toContain('pat.planner@tamworth.example');
    expect(JSON.parse(update.before!).title).toBe('Allotments');
    expect(JSON.parse(update.after!).title).toBe('Allotments and growing spaces');

    const refused = await t.graphql(officer.apiKey, AUDIT, {});
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('pages through the log newest first and filters by actor and action', async () => {
    const all = await entries({}, 100);
    const page1 = (await t.ok(coordinator, AUDIT, { first: 2 })).auditLog;
    const page2 = (await t.ok(coordinator, AUDIT, { first: 2, after: page1.pageInfo.endCursor })).auditLog;
    expect([...page1.edges, ...page2.edges].map((e: { node: Entry }) => e.node.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    expect(page1.totalCount).toBe(all.length);
    const byOfficer = await entries({ actorEmail: 'PAT.planner@tamworth.example', action: 'consultation.' });
    expect(byOfficer.map((e) => e.action)).toEqual(['consultation.update', 'consultation.register']);
  });

  it('deactivates a member: the key stops working at once, the name stays on record', async () => {
    const member = await t.member('SP', 'OFFICER', 'dana.deactivated@police.example');
    const { deactivateMember } = await t.ok(coordinator, `mutation($id: ID!) { deactivateMember(id: $id) { active email } }`, { id: member.id });
    expect(deactivateMember).toEqual({ active: false, email: 'dana.deactivated@police.example' });
    expect((await t.graphql(member.apiKey, '{ me { id } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("erases a member's name and email everywhere, keeping what they did under a pseudonym", async () => {
    const feed = (await t.ok(officer.apiKey, `mutation { createCalendarFeed(label: "Pat's Outlook") { consultationsUrl } }`)).createCalendarFeed;
    const { eraseMember } = await t.ok(coordinator, `mutation($id: ID!) { eraseMember(id: $id) { active name email } }`, { id: officer.id });
    expect(eraseMember).toEqual({ active: false, name: `Erased member ${officer.id.slice(0, 8)}`, email: `erased-${officer.id}@erased.invalid` });

    expect((await t.graphql(officer.apiKey, '{ me { id } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await fetch(feed.consultationsUrl.replace(/^https?:\/\/[^/]+/, t.baseUrl))).status).toBe(401);
    const history = await entries({ entityType: 'consultation', entityId: consultationId });
    expect(history.map((e) => [e.action, e.actorLabel])).toEqual([
      ['consultation.update', `Erased member ${officer.id.slice(0, 8)}`],
      ['consultation.register', `Erased member ${officer.id.slice(0, 8)}`],
    ]);
    // Nothing anywhere in the database still holds the email or the name.
    const [{ found }] = await t.dataSource.query(
      `SELECT count(*)::int AS found FROM (
         SELECT actor_label || coalesce(before::text, '') || coalesce(after::text, '') AS text FROM audit_log
         UNION ALL SELECT name || email FROM member
         UNION ALL SELECT coalesce(email, '') FROM digest_delivery
         UNION ALL SELECT label FROM calendar_feed) AS everything
        WHERE text ILIKE '%pat.planner%' OR text ILIKE '%Pat''s Outlook%'`,
    );
    expect(found).toBe(0);
    // The plan itself stays registered.
    expect((await t.ok(coordinator, `query($id: ID!) { consultation(id: $id) { title leadOfficer { name } } }`, { id: consultationId })).consultation).toEqual({
      title: 'Allotments and growing spaces',
      leadOfficer: { name: `Erased member ${officer.id.slice(0, 8)}` },
    });
  });

  it('refuses to deactivate yourself or a member who does not exist', async () => {
    const me = (await t.ok(coordinator, '{ me { id } }')).me.id;
    const self = await t.graphql(coordinator, `mutation($id: ID!) { eraseMember(id: $id) { id } }`, { id: me });
    expect(self.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const nobody = await t.graphql(coordinator, `mutation($id: ID!) { deactivateMember(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' });
    expect(nobody.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
