import { EmailLinksService } from '../../../src/sign-in/email-links.service';
import { eventually, SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { createTestApp, GraphQLResult, TestApp } from '../../support/test-app';

const ME = `{ me { email } }`;
const SESSIONS = `{ mySessions { id method current endedAt } }`;
const code = (result: GraphQLResult) => result.errors?.[0]?.extensions?.code;

// People sign in with an emailed one-time link and get a session cookie, over real HTTP and SMTP.
describe('signing in with an emailed link, and sessions', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let pat: { id: string; apiKey: string; email: string };
  let coordinator: { id: string; apiKey: string; email: string };
  let clients = 0;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      TRUST_PROXY: 'loopback',
      EMAIL_LINKS_PER_ADDRESS_PER_HOUR: '3',
      EMAIL_LINKS_PER_CLIENT_PER_HOUR: '4',
      SESSION_IDLE_MINUTES: '30',
      SESSION_MAX_HOURS: '2',
    });
    t.clock.set('2027-03-10T09:00:00Z');
    pat = await t.member('TBC', 'OFFICER', 'pat.signin@tamworth.example');
    coordinator = await t.member('SCC', 'COORDINATOR', 'coordinator.signin@staffordshire.example');
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  /** Each call from a client address of its own, unless given one, so the per-client limit is tested alone. */
  const askLink = (body: Record<string, unknown>, client = `10.0.0.${++clients}`) =>
    fetch(`${t.baseUrl}/auth/email-link`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify(body) });
  const settled = () => t.app.get(EmailLinksService).settled();
  /** The link in the latest mail to `email`, as PUBLIC_BASE_URL gives it. */
  const mailedLink = (email: string) => /(http:\S+\/auth\/email-link\/\S+)/.exec(sink.to(email).at(-1)?.text ?? '')?.[1] ?? '';
  /** The same link on the port this test's service listens on. */
  const latestLink = (email: string) => `${t.baseUrl}${new URL(mailedLink(email)).pathname}`;
  const useLink = (url: string, headers: Record<string, string> = { origin: t.baseUrl }) => fetch(url, { method: 'POST', redirect: 'manual', headers });
  const sessionCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith('cc_session='))?.split(';')[0] ?? '';
  const withCookie = async (cookie: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, ...((await response.json()) as GraphQLResult<any>) };
  };
  async function signIn(email: string): Promise<string> {
    expect((await askLink({ email })).status).toBe(202);
    await settled();
    return sessionCookie(await useLink(latestLink(email)));
  }

  it('mails a one-time link; following it signs in with an HttpOnly, SameSite=Lax cookie and lands on the deep link', async () => {
    const asked = await askLink({ email: 'PAT.signin@tamworth.example', next: '/#/consultation/3f1a' });
    expect(asked.status).toBe(202);
    await settled();
    expect(mailedLink(pat.email)).toMatch(new RegExp(`^${t.config.publicBaseUrl}/auth/email-link/[A-Za-z0-9_-]{43}$`));
    const url = latestLink(pat.email);

    // Opening the link (as a mail scanner does) shows a button and uses nothing up.
    const landing = await fetch(url);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('<form method="post"');

    const signedIn = await useLink(url);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/#/consultation/3f1a');
    const setCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('cc_session='))!;
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).not.toMatch(/; Secure/); // PUBLIC_BASE_URL is http here
    const cookie = sessionCookie(signedIn);

    expect((await withCookie(cookie, ME)).data?.me.email).toBe(pat.email);
    expect((await withCookie(cookie, SESSIONS)).data?.mySessions).toEqual([expect.objectContaining({ method: 'EMAIL_LINK', current: true, endedAt: null })]);
    const { auditLog } = await t.ok(coordinator.apiKey, `{ auditLog(filter: { action: "session.start" }) { edges { node { actorLabel } } } }`);
    expect(auditLog.edges.map((e: { node: { actorLabel: string } }) => e.node.actorLabel)).toContain(`pat.signin <${pat.email}>`);
  });

  it('refuses a link used twice, an expired one and a forged one, auditing the first two', async () => {
    await askLink({ email: pat.email });
    await settled();
    const used = latestLink(pat.email);
    expect((await useLink(used)).status).toBe(303);
    const again = await useLink(used);
    expect(again.status).toBe(400);
    expect(sessionCookie(again)).toBe('');
    expect(await again.text()).toContain('This sign-in link cannot be used');

    await askLink({ email: pat.email });
    await settled();
    const late = latestLink(pat.email);
    t.clock.set('2027-03-10T09:15:00Z'); // 15 minutes on
    expect((await fetch(late)).status).toBe(400);
    expect((await useLink(late)).status).toBe(400);
    t.clock.set('2027-03-10T09:00:00Z');

    const forged = `${t.baseUrl}/auth/email-link/${'A'.repeat(43)}`;
    expect((await fetch(forged)).status).toBe(400);
    expect((await useLink(forged)).status).toBe(400);

    const { auditLog } = await t.ok(coordinator.apiKey, `query($id: String!) { auditLog(filter: { action: "sign_in.refused", entityId: $id }) { edges { node { after } } } }`, { id: pat.id });
    expect(auditLog.edges.map((e: { node: { after: string } }) => JSON.parse(e.node.after).reason).sort()).toEqual(['expired', 'used']);
  });

  it('answers the same for an address that is no member’s, and sends nothing', async () => {
    const stranger = await askLink({ email: 'nobody@elsewhere.example' });
    expect(stranger.status).toBe(202);
    expect((await stranger.json()).message).toBe('If nobody@elsewhere.example belongs to a member, a sign-in link is on its way. It works once, within 15 minutes.');
    await settled();
    expect(sink.to('nobody@elsewhere.example')).toHaveLength(0);
  });

  it('refuses a bad address or a next that leaves the site, naming the field', async () => {
    for (const [body, field] of [[{ email: 'not an address' }, 'email'], [{}, 'email'], [{ email: pat.email, next: '//evil.example/' }, 'next'], [{ email: pat.email, next: 'https://evil.example/' }, 'next']] as const) {
      const refused = await askLink(body);
      expect(refused.status).toBe(400);
      expect((await refused.json()).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('limits links per address and per client, members and strangers alike', async () => {
    const member = await t.member('SP', 'VIEWER', 'limit.member@police.example');
    for (const email of ['limit.stranger@elsewhere.example', member.email]) {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await askLink({ email: i % 2 ? email.toUpperCase() : email })).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
    const fromOne = [];
    for (let i = 0; i < 5; i++) fromOne.push((await askLink({ email: `client${i}@elsewhere.example` }, '10.9.9.9')).status);
    expect(fromOne).toEqual([202, 202, 202, 202, 429]);
  });

  it('refuses a cookie sent from another site (CSRF); a key from anywhere still works', async () => {
    const cookie = await signIn(coordinator.email);
    expect((await withCookie(cookie, ME, undefined, { origin: t.baseUrl })).data?.me.email).toBe(coordinator.email);
    const foreign = await withCookie(cookie, `mutation { createApiKey(label: "stolen") { apiKey } }`, undefined, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await withCookie(cookie, ME, undefined, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // A form can only send simple content types: Apollo's csrfPrevention refuses them.
    const form = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain', cookie }, body: JSON.stringify({ query: ME }) });
    expect(form.status).toBe(400);
    const keyed = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator.apiKey}`, origin: 'https://elsewhere.example' }, body: JSON.stringify({ query: ME }) });
    expect(((await keyed.json()) as GraphQLResult).data?.me.email).toBe(coordinator.email);
    // Signing in from another site's form is refused too (being signed in as someone else).
    await askLink({ email: coordinator.email });
    await settled();
    expect((await useLink(latestLink(coordinator.email), { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('gives the planner a session for an API key, so that the key is not kept; a wrong key gets none', async () => {
    const withKey = (key: string) => fetch(`${t.baseUrl}/auth/key`, { method: 'POST', headers: { 'content-type': 'application/json', origin: t.baseUrl }, body: JSON.stringify({ key }) });
    const wrong = await withKey(`${pat.apiKey}x`);
    expect(wrong.status).toBe(401);
    expect(sessionCookie(wrong)).toBe('');
    const right = await withKey(pat.apiKey);
    expect(right.status).toBe(204);
    const sessions = (await withCookie(sessionCookie(right), SESSIONS)).data?.mySessions;
    expect(sessions.find((s: { current: boolean }) => s.current)).toMatchObject({ method: 'API_KEY' });
  });

  it('ends sessions: signing out, endSession (own or a coordinator’s), deactivation, idle and absolute timeouts', async () => {
    const robin = await t.member('SP', 'OFFICER', 'robin.signin@police.example');
    const signOut = async (cookie: string) => fetch(`${t.baseUrl}/auth/sign-out`, { method: 'POST', headers: { cookie, origin: t.baseUrl } });

    const first = await signIn(robin.email);
    const out = await signOut(first);
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/cc_session=;/);
    expect(code(await withCookie(first, ME))).toBe('UNAUTHENTICATED');

    const second = await signIn(robin.email);
    const third = await signIn(robin.email);
    const [secondId] = (await withCookie(second, SESSIONS)).data?.mySessions.filter((s: { current: boolean }) => s.current).map((s: { id: string }) => s.id);
    expect(code(await t.graphql(pat.apiKey, `mutation($id: ID!) { endSession(id: $id) { id } }`, { id: secondId }))).toBe('NOT_FOUND');
    expect((await withCookie(third, `mutation($id: ID!) { endSession(id: $id) { endedAt } }`, { id: secondId }, { origin: t.baseUrl })).data?.endSession.endedAt).not.toBeNull();
    expect(code(await withCookie(second, ME))).toBe('UNAUTHENTICATED');
    expect((await withCookie(third, ME)).data?.me.email).toBe(robin.email);

    await t.ok(coordinator.apiKey, `mutation($id: ID!) { deactivateMember(id: $id) { active } }`, { id: robin.id });
    expect(code(await withCookie(third, ME))).toBe('UNAUTHENTICATED');

    const sky = await t.member('TBC', 'VIEWER', 'sky.signin@tamworth.example');
    const idle = await signIn(sky.email);
    t.clock.set('2027-03-10T09:29:00Z');
    expect((await withCookie(idle, ME)).data?.me.email).toBe(sky.email); // used at 09:29
    t.clock.set('2027-03-10T09:58:00Z');
    expect((await withCookie(idle, ME)).data?.me.email).toBe(sky.email); // 29 minutes idle
    t.clock.set('2027-03-10T10:29:00Z');
    expect(code(await withCookie(idle, ME))).toBe('UNAUTHENTICATED'); // 31 minutes idle

    t.clock.set('2027-03-10T12:00:00Z');
    const busy = await signIn(sky.email);
    for (const at of ['12:25', '12:50', '13:15', '13:40']) {
      t.clock.set(`2027-03-10T${at}:00Z`);
      expect((await withCookie(busy, ME)).data?.me.email).toBe(sky.email);
    }
    t.clock.set('2027-03-10T14:00:00Z'); // two hours after signing in
    expect(code(await withCookie(busy, ME))).toBe('UNAUTHENTICATED');
  });
});
