import { createTestApp, TestApp } from '../../support/test-app';

const MEMBERS = `query($filter: MemberFilter) { members(filter: $filter) { id name email role active organisation { code } } }`;
const ISSUE = `mutation($id: ID!) { issueApiKey(id: $id) { apiKey member { email active } } }`;
const ME = `{ me { email } }`;

// A coordinator looks members up and gives one who lost their key a new one, over HTTP.
describe('members: listing, and a new API key', () => {
  let t: TestApp;
  let coordinator: string;
  let coordinatorId: string;
  let pat: { id: string; apiKey: string; email: string };
  let sam: { id: string; apiKey: string; email: string };

  beforeAll(async () => {
    t = await createTestApp();
    ({ apiKey: coordinator, id: coordinatorId } = await t.member('SCC', 'COORDINATOR', 'coordinator@staffordshire.example'));
    pat = await t.member('TBC', 'OFFICER', 'pat.planner@tamworth.example');
    sam = await t.member('TBC', 'VIEWER', 'sam.analyst@tamworth.example');
    await t.member('SP', 'OFFICER', 'alex@police.example');
  });
  afterAll(() => t.close());

  const list = async (filter?: Record<string, unknown>) => (await t.ok(coordinator, MEMBERS, { filter })).members as { email: string; active: boolean }[];

  it('lists active members by organisation and name, narrowed by organisation or words', async () => {
    const everyone = (await list()).map((m) => m.email);
    expect(everyone).toEqual(expect.arrayContaining([pat.email, sam.email, 'alex@police.example', 'coordinator@staffordshire.example']));
    // Staffordshire County Council, then Staffordshire Police, then Tamworth Borough Council.
    expect(everyone.indexOf('coordinator@staffordshire.example')).toBeLessThan(everyone.indexOf('alex@police.example'));
    expect(everyone.indexOf('alex@police.example')).toBeLessThan(everyone.indexOf(pat.email));
    expect((await list({ organisationCode: 'TBC' })).map((m) => m.email)).toEqual([pat.email, sam.email]);
    expect((await list({ text: 'tamworth PAT' })).map((m) => m.email)).toEqual([pat.email]);
    expect((await list({ text: '100%_' })).map((m) => m.email)).toEqual([]); // wildcards are plain characters
    expect(await list({ first: 1 })).toHaveLength(1);
  });

  it('refuses a bad filter naming the field', async () => {
    for (const [filter, field] of [[{ first: 0 }, 'first'], [{ first: 1001 }, 'first'], [{ organisationCode: 'NOWHERE' }, 'organisationCode']] as const) {
      const refused = await t.graphql(coordinator, MEMBERS, { filter });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('gives a member a new key: the old one stops at once, the new one signs in', async () => {
    const issued = (await t.ok(coordinator, ISSUE, { id: pat.id })).issueApiKey;
    expect(issued.apiKey).toMatch(/^cc_[A-Za-z0-9_-]{43}$/);
    expect(issued.member).toEqual({ email: pat.email, active: true });
    expect((await t.graphql(pat.apiKey, ME)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.ok(issued.apiKey, ME)).me.email).toBe(pat.email);
  });

  it('reactivates a deactivated member with a new key; deactivated ones are listed only when asked', async () => {
    await t.ok(coordinator, `mutation($id: ID!) { deactivateMember(id: $id) { active } }`, { id: sam.id });
    expect((await list({ organisationCode: 'TBC' })).map((m) => m.email)).toEqual([pat.email]);
    expect(await list({ organisationCode: 'TBC', includeInactive: true })).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: sam.email, active: false })]),
    );
    const issued = (await t.ok(coordinator, ISSUE, { id: sam.id })).issueApiKey;
    expect(issued.member.active).toBe(true);
    expect((await t.ok(issued.apiKey, ME)).me.email).toBe(sam.email);
  });

  it("changes a member's role, name or organisation at once, audited; never a coordinator's own role", async () => {
    const UPDATE = `mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { name role organisation { code } } }`;
    const robin = await t.member('SP', 'VIEWER', 'robin@police.example');
    expect((await t.ok(coordinator, UPDATE, { id: robin.id, input: { role: 'OFFICER', name: 'Robin Hale' } })).updateMember).toEqual({ name: 'Robin Hale', role: 'OFFICER', organisation: { code: 'SP' } });
    expect((await t.ok(robin.apiKey, `{ me { role } }`)).me.role).toBe('OFFICER'); // the same key, the new role
    expect((await t.ok(coordinator, UPDATE, { id: robin.id, input: { organisationCode: 'SCO' } })).updateMember.organisation.code).toBe('SCO');

    for (const [id, input, field] of [
      [coordinatorId, { role: 'VIEWER' }, 'role'],
      [robin.id, { organisationCode: 'NOWHERE' }, 'organisationCode'],
      [robin.id, { name: '  ' }, 'name'],
    ] as const) {
      expect((await t.graphql(coordinator, UPDATE, { id, input })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await t.ok(coordinator, UPDATE, { id: coordinatorId, input: { name: 'Network Coordinator' } })).updateMember.role).toBe('COORDINATOR');
    const { auditLog } = await t.ok(coordinator, `query($id: String!) { auditLog(filter: { entityType: "member", entityId: $id, action: "member.update" }) { edges { node { before after } } } }`, { id: robin.id });
    expect(auditLog.edges).toHaveLength(2);
    expect(JSON.parse(auditLog.edges[1].node.before)).toMatchObject({ role: 'VIEWER', name: 'robin' });
  });

  it('refuses an erased member or an unknown one, and never writes the key to the audit log', async () => {
    const gone = await t.member('TBC', 'VIEWER');
    await t.ok(coordinator, `mutation($id: ID!) { eraseMember(id: $id) { name } }`, { id: gone.id });
    expect((await t.graphql(coordinator, ISSUE, { id: gone.id })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect((await t.graphql(coordinator, ISSUE, { id: '00000000-0000-4000-8000-000000000000' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const { apiKey } = (await t.ok(coordinator, ISSUE, { id: pat.id })).issueApiKey;
    const { auditLog } = await t.ok(coordinator, `query($id: String!) { auditLog(filter: { entityType: "member", entityId: $id }) { edges { node { action before after } } } }`, { id: pat.id });
    const actions = auditLog.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(actions.filter((a: string) => a === 'member.issue_key')).toHaveLength(2);
    expect(JSON.stringify(auditLog)).not.toContain(apiKey.slice(3));
  });
});
