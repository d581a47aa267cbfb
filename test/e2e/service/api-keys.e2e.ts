import { createTestApp, TestApp } from '../../support/test-app';

const CREATE = `mutation($label: String!, $expiresOn: Date) { createApiKey(label: $label, expiresOn: $expiresOn) { apiKey key { id label issued expiresOn lastUsedAt revokedAt } } }`;
const MINE = `{ myApiKeys { id label issued expiresOn lastUsedAt revokedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const ME = `{ me { email } }`;

const code = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;

// Keys for machines: a member holds several named keys, each with an optional last day, over HTTP.
describe('API keys for systems and scripts', () => {
  let t: TestApp;
  let pat: { id: string; apiKey: string; email: string };
  let coordinator: { id: string; apiKey: string; email: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-03-10T12:00:00Z');
    pat = await t.member('TBC', 'OFFICER', 'pat.keys@tamworth.example');
    coordinator = await t.member('SCC', 'COORDINATOR', 'coordinator.keys@staffordshire.example');
  });
  afterAll(() => t.close());

  it('creates named keys that act as the member, lists them with when each was last used, and never shows a key again', async () => {
    const { createApiKey } = await t.ok(pat.apiKey, CREATE, { label: 'Forward plan sync', expiresOn: '2027-03-31' });
    expect(createApiKey.apiKey).toMatch(/^cc_[A-Za-z0-9_-]{43}$/);
    expect(createApiKey.key).toMatchObject({ label: 'Forward plan sync', issued: false, expiresOn: '2027-03-31', lastUsedAt: null, revokedAt: null });
    expect((await t.ok(createApiKey.apiKey, ME)).me.email).toBe(pat.email);

    const keys = (await t.ok(pat.apiKey, MINE)).myApiKeys;
    expect(keys.map((k: { label: string }) => k.label)).toEqual(['Issued key', 'Forward plan sync']);
    expect(keys[1].lastUsedAt).toBe('2027-03-10T12:00:00.000Z'); // the service's clock
    expect(JSON.stringify(keys)).not.toContain(createApiKey.apiKey);
    const { auditLog } = await t.ok(coordinator.apiKey, `query($id: String!) { auditLog(filter: { entityType: "api_key", entityId: $id }) { edges { node { action after } } } }`, { id: createApiKey.key.id });
    expect(auditLog.edges.map((e: { node: { action: string; after: string } }) => [e.node.action, JSON.parse(e.node.after)])).toEqual([
      ['api_key.create', { label: 'Forward plan sync', expiresOn: '2027-03-31' }],
    ]);
  });

  it('records the last use at most once a minute', async () => {
    const { apiKey, key } = (await t.ok(pat.apiKey, CREATE, { label: 'Busy script' })).createApiKey;
    const lastUsed = async () => (await t.ok(pat.apiKey, MINE)).myApiKeys.find((k: { id: string }) => k.id === key.id).lastUsedAt;
    t.clock.set('2027-03-10T13:00:00Z');
    await t.ok(apiKey, ME);
    t.clock.set('2027-03-10T13:00:59Z');
    await t.ok(apiKey, ME);
    expect(await lastUsed()).toBe('2027-03-10T13:00:00.000Z');
    t.clock.set('2027-03-10T13:01:00Z');
    await t.ok(apiKey, ME);
    expect(await lastUsed()).toBe('2027-03-10T13:01:00.000Z');
  });

  it('works through its last day and answers UNAUTHENTICATED the day after', async () => {
    const { apiKey } = (await t.ok(pat.apiKey, CREATE, { label: 'Short job', expiresOn: '2027-03-12' })).createApiKey;
    t.clock.set('2027-03-12T23:30:00Z'); // 23:30 in London, the last day
    expect((await t.ok(apiKey, ME)).me.email).toBe(pat.email);
    t.clock.set('2027-03-13T00:00:00Z');
    expect(code(await t.graphql(apiKey, ME))).toBe('UNAUTHENTICATED');
    expect(code(await t.graphql(pat.apiKey, ME))).toBeUndefined(); // a key without expiry goes on
    t.clock.set('2027-03-10T12:00:00Z');
  });

  it('refuses an expiry in the past or an empty label, naming the field', async () => {
    expect((await t.graphql(pat.apiKey, CREATE, { label: 'Late', expiresOn: '2027-03-09' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresOn' });
    expect((await t.graphql(pat.apiKey, CREATE, { label: '' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'label' });
  });

  it('revokes a key at once, its owner or a coordinator; nobody else', async () => {
    const sam = await t.member('SP', 'OFFICER', 'sam.keys@police.example');
    const first = (await t.ok(pat.apiKey, CREATE, { label: 'Old sync' })).createApiKey;
    const second = (await t.ok(pat.apiKey, CREATE, { label: 'Other sync' })).createApiKey;

    expect(code(await t.graphql(sam.apiKey, REVOKE, { id: first.key.id }))).toBe('NOT_FOUND');
    expect((await t.ok(first.apiKey, ME)).me.email).toBe(pat.email);

    expect((await t.ok(pat.apiKey, REVOKE, { id: first.key.id })).revokeApiKey.revokedAt).not.toBeNull();
    expect(code(await t.graphql(first.apiKey, ME))).toBe('UNAUTHENTICATED');
    expect((await t.ok(coordinator.apiKey, REVOKE, { id: second.key.id })).revokeApiKey.revokedAt).not.toBeNull();
    expect(code(await t.graphql(second.apiKey, ME))).toBe('UNAUTHENTICATED');
    expect((await t.ok(pat.apiKey, ME)).me.email).toBe(pat.email);
  });

  it('keeps named keys when a coordinator issues a new key, and stops them all when the member is deactivated', async () => {
    const robin = await t.member('TBC', 'VIEWER', 'robin.keys@tamworth.example');
    const named = (await t.ok(robin.apiKey, CREATE, { label: 'Dashboard' })).createApiKey.apiKey;
    const issued = (await t.ok(coordinator.apiKey, `mutation($id: ID!) { issueApiKey(id: $id) { apiKey } }`, { id: robin.id })).issueApiKey.apiKey;
    expect(code(await t.graphql(robin.apiKey, ME))).toBe('UNAUTHENTICATED');
    expect((await t.ok(named, ME)).me.email).toBe(robin.email);
    expect((await t.ok(issued, ME)).me.email).toBe(robin.email);

    await t.ok(coordinator.apiKey, `mutation($id: ID!) { deactivateMember(id: $id) { active } }`, { id: robin.id });
    for (const key of [named, issued]) expect(code(await t.graphql(key, ME))).toBe('UNAUTHENTICATED');
  });
});
