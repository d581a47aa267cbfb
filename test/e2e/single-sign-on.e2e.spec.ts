import { randomBytes } from 'node:crypto';
import { EmailLinksService } from '../../src/sign-in/email-links.service';
import { OidcProvider, startOidcProvider } from '../support/oidc-provider';
import { freePort } from '../support/scratch';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { createTestApp, GraphQLResult, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

// Single sign-on through a real OpenID Connect provider (oidc-provider, in a process of its own),
// over real HTTP: the service sends the browser to the provider, the provider's sign-in form is
// posted, and the provider sends the browser back with a code the service exchanges.
describe('signing in through the organisation’s identity provider', () => {
  let t: TestApp;
  let provider: OidcProvider;
  let sink: SmtpSink;
  let providers: string;
  let coordinator: { id: string; apiKey: string; email: string };
  let pat: { id: string; apiKey: string; email: string };

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ redirectUri: `${base}/auth/oidc/callback`, accounts: { 'unverified@tamworth.example': { email_verified: false } } });
    const { issuer, clientId, clientSecret } = provider;
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      OIDC_PROVIDERS: (providers = JSON.stringify({
        TBC: { issuer, clientId, clientSecret, emailDomains: ['tamworth.example'] },
        SP: { issuer, clientId, clientSecret, emailDomains: ['police.example'], selfRegistration: true },
      })),
    });
    coordinator = await t.member('SCC', 'COORDINATOR', 'coordinator.sso@staffordshire.example');
    pat = await t.member('TBC', 'OFFICER', 'pat.sso@tamworth.example');
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
    await sink?.close();
  });

  const start = async (organisationCode: string, next?: string) => {
    const response = await fetch(`${t.baseUrl}/auth/oidc/${organisationCode}/start${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`, { redirect: 'manual' });
    const stateCookie = response.headers.getSetCookie().find((c) => c.startsWith('cc_oidc_state='));
    return { response, location: response.headers.get('location') ?? '', stateCookie: stateCookie?.split(';')[0] ?? '', setCookie: stateCookie ?? '' };
  };
  const back = (callbackUrl: string, cookie: string) => fetch(callbackUrl, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  /** Starts at the service, signs `login` in at the provider, and comes back with this browser's state cookie. */
  const signIn = async (organisationCode: string, login: string, next?: string) => {
    const started = await start(organisationCode, next);
    return back(await provider.signIn(started.location, login), started.stateCookie);
  };
  const sessionCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith('cc_session='))?.split(';')[0] ?? '';
  const withCookie = async (cookie: string, query: string) => {
    const response = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query }) });
    return (await response.json()) as GraphQLResult<any>;
  };
  const refusals = async (entityId: string) => {
    const { auditLog } = await t.ok(coordinator.apiKey, `query($id: String!) { auditLog(filter: { action: "sign_in.refused", entityId: $id }) { edges { node { after } } } }`, { id: entityId });
    return auditLog.edges.map((e: { node: { after: string } }) => JSON.parse(e.node.after));
  };
  const organisationId = async (code: string) => (await t.dataSource.query(`SELECT id FROM organisation WHERE code = $1`, [code]))[0].id as string;

  it('sends the browser to the provider with PKCE, state and nonce, and back to the deep link with a session cookie', async () => {
    const started = await start('TBC', '/#/consultation/3f1a');
    expect(started.response.status).toBe(303);
    const asked = new URL(started.location);
    expect(asked.origin).toBe(provider.issuer);
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: `${t.config.publicBaseUrl}/auth/oidc/callback`,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    for (const name of ['state', 'nonce', 'code_challenge']) expect(asked.searchParams.get(name)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(started.setCookie).toMatch(/^cc_oidc_state=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/auth\/oidc; Expires=[^;]+; HttpOnly; SameSite=Lax$/);

    const signedIn = await back(await provider.signIn(started.location, pat.email), started.stateCookie);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/#/consultation/3f1a');
    expect(signedIn.headers.getSetCookie().find((c) => c.startsWith('cc_session='))).toMatch(/; HttpOnly; SameSite=Lax$/);
    const cookie = sessionCookie(signedIn);
    expect((await withCookie(cookie, `{ me { name email } }`)).data?.me).toEqual({ name: 'pat.sso', email: pat.email });
    expect((await withCookie(cookie, `{ mySessions { method current } }`)).data?.mySessions).toEqual([{ method: 'OIDC', current: true }]);
    const { auditLog } = await t.ok(coordinator.apiKey, `query($email: String!) { auditLog(filter: { action: "session.start", actorEmail: $email }) { edges { node { after } } } }`, { email: pat.email });
    expect(auditLog.edges.map((e: { node: { after: string } }) => JSON.parse(e.node.after))).toEqual([{ method: 'OIDC' }]);

    // Signing in again goes by the provider's subject, linked at the first sign-in: the member is
    // found even once their address here no longer matches the one the provider gives.
    await t.dataSource.query(`UPDATE member SET email = 'pat.renamed@tamworth.example' WHERE id = $1`, [pat.id]);
    const again = await signIn('TBC', pat.email);
    expect(again.headers.get('location')).toBe('/');
    expect((await withCookie(sessionCookie(again), `{ me { email } }`)).data?.me.email).toBe('pat.renamed@tamworth.example');
    await t.dataSource.query(`UPDATE member SET email = $2 WHERE id = $1`, [pat.id, pat.email]);
  });

  it('refuses someone who is no member, an address at another domain and one the provider did not verify, saying why', async () => {
    const tbc = await organisationId('TBC');
    const stranger = await signIn('TBC', 'stranger@tamworth.example');
    expect(stranger.status).toBe(403);
    expect(sessionCookie(stranger)).toBe('');
    expect(await stranger.text()).toContain('Ask your network coordinator to add stranger@tamworth.example');

    const elsewhere = await signIn('TBC', 'pat.sso@gmail.example');
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toContain('pat.sso@gmail.example is not an address of your organisation');

    const unverified = await signIn('TBC', 'unverified@tamworth.example');
    expect(unverified.status).toBe(403);
    expect(await unverified.text()).toContain('Your account did not give a verified email address');

    // Another organisation's member cannot come in through this one's provider.
    const police = await t.member('SP', 'OFFICER', 'robin.sso@tamworth.example');
    const crossed = await signIn('TBC', police.email);
    expect(crossed.status).toBe(403);
    expect(sessionCookie(crossed)).toBe('');

    expect((await refusals(tbc)).map((r: { reason: string; email: string }) => [r.reason, r.email])).toEqual([
      ['email not verified', 'unverified@tamworth.example'], // newest first
      ['email domain not allowed', 'pat.sso@gmail.example'],
      ['not a member', 'stranger@tamworth.example'],
    ]);
    expect(await refusals(police.id)).toEqual([{ method: 'OIDC', reason: 'member of another organisation', email: police.email }]);
  });

  it('lets a person with a verified address join as a VIEWER where their organisation allows it', async () => {
    const joined = await signIn('SP', 'new.officer@police.example', '/#/timeline');
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe('/#/timeline');
    expect((await withCookie(sessionCookie(joined), `{ me { email role organisation { code } } }`)).data?.me).toEqual({ email: 'new.officer@police.example', role: 'VIEWER', organisation: { code: 'SP' } });
    const { auditLog } = await t.ok(coordinator.apiKey, `{ auditLog(filter: { action: "member.create" }) { edges { node { after } } } }`);
    expect(auditLog.edges.map((e: { node: { after: string } }) => JSON.parse(e.node.after))).toContainEqual(expect.objectContaining({ email: 'new.officer@police.example', role: 'VIEWER', selfRegistered: true }));
    // Not at the organisation's domain: no membership, even where joining is allowed.
    expect((await signIn('SP', 'someone@gmail.example')).status).toBe(403);
  });

  it('refuses a forged state, a state from another browser and a replayed answer', async () => {
    const started = await start('TBC');
    const callback = await provider.signIn(started.location, pat.email);

    const forgedState = randomBytes(32).toString('base64url');
    const forged = new URL(callback);
    forged.searchParams.set('state', forgedState);
    const refused = await back(forged.toString(), `cc_oidc_state=${forgedState}`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('This sign-in could not be finished');
    expect(sessionCookie(refused)).toBe('');

    // The right answer, taken to another browser (a link sent to someone: login CSRF).
    expect((await back(callback, '')).status).toBe(400);
    expect((await back(callback, 'cc_oidc_state=someone-elses')).status).toBe(400);

    const once = await back(callback, started.stateCookie);
    expect(once.status).toBe(303);
    const replayed = await back(callback, started.stateCookie);
    expect(replayed.status).toBe(400);
    expect(sessionCookie(replayed)).toBe('');
    expect((await refusals(await organisationId('TBC'))).map((r: { reason: string }) => r.reason)).toContain('used');
  });

  it('says so when the person does not finish at their provider (cancelled, say), and audits it', async () => {
    const started = await start('TBC');
    const state = new URL(started.location).searchParams.get('state');
    const cancelled = await back(`${t.baseUrl}/auth/oidc/callback?error=access_denied&state=${state}`, started.stateCookie);
    expect(cancelled.status).toBe(400);
    expect(await cancelled.text()).toContain('Your organisation’s sign-in did not finish');
    expect((await refusals(await organisationId('TBC')))[0]).toEqual({ method: 'OIDC', reason: 'provider refused', error: 'access_denied' });
  });

  it('counts starts against the client address’s limit for requests without a key', async () => {
    const limited = await createTestApp({ ANONYMOUS_RATE_LIMIT_PER_MINUTE: '3', OIDC_PROVIDERS: providers });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.baseUrl}/auth/oidc/TBC/start`, { redirect: 'manual' })).status);
      expect(statuses).toEqual([303, 303, 303, 429]);
    } finally {
      await limited.close();
    }
  });

  it('ignores a return path that would leave the site', async () => {
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const signedIn = await signIn('TBC', pat.email, next);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/');
    }
  });

  it('ends a deactivated member’s session and refuses their next sign-in', async () => {
    const sky = await t.member('TBC', 'VIEWER', 'sky.sso@tamworth.example');
    const cookie = sessionCookie(await signIn('TBC', sky.email));
    expect((await withCookie(cookie, `{ me { name } }`)).data?.me.name).toBe('sky.sso');
    await t.ok(coordinator.apiKey, `mutation($id: ID!) { deactivateMember(id: $id) { active } }`, { id: sky.id });
    expect((await withCookie(cookie, `{ me { name } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const again = await signIn('TBC', sky.email);
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('Your membership has ended');
    expect(await refusals(sky.id)).toEqual([{ method: 'OIDC', reason: 'member inactive' }]);

    // Erasure forgets who they are at the provider too.
    const identities = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM member_identity WHERE member_id = $1`, [sky.id]))[0].n;
    expect(await identities()).toBe(1);
    await t.ok(coordinator.apiKey, `mutation($id: ID!) { eraseMember(id: $id) { active } }`, { id: sky.id });
    expect(await identities()).toBe(0);
  });

  it('lets a coordinator see a member’s sessions and end one (a lost laptop)', async () => {
    const lost = sessionCookie(await signIn('TBC', pat.email));
    const kept = sessionCookie(await signIn('TBC', pat.email));
    const [newest] = (await withCookie(lost, `{ mySessions { id current } }`)).data?.mySessions.filter((s: { current: boolean }) => s.current);
    const { memberSessions } = await t.ok(coordinator.apiKey, `query($id: ID!) { memberSessions(memberId: $id) { id method current } }`, { id: pat.id });
    expect(memberSessions).toContainEqual({ id: newest.id, method: 'OIDC', current: false });
    await t.ok(coordinator.apiKey, `mutation($id: ID!) { endSession(id: $id) { endedAt } }`, { id: newest.id });
    expect((await withCookie(lost, `{ me { name } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await withCookie(kept, `{ me { name } }`)).data?.me.name).toBe('pat.sso');
    expect((await t.graphql(pat.apiKey, `query($id: ID!) { memberSessions(memberId: $id) { id } }`, { id: pat.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('mails a member whose organisation has single sign-on the way to it, and no link that would go round it', async () => {
    const asked = await fetch(`${t.baseUrl}/auth/email-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: pat.email, next: '/#/consultation/9c1e' }) });
    expect(asked.status).toBe(202);
    await t.app.get(EmailLinksService).settled();
    const text = sink.to(pat.email).at(-1)?.text ?? '';
    expect(text).toContain(`Your organisation signs you in with your work account: ${t.config.publicBaseUrl}/auth/oidc/TBC/start?next=%2F%23%2Fconsultation%2F9c1e`);
    expect(text).not.toContain('/auth/email-link/');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM sign_in_link WHERE member_id = $1`, [pat.id]))[0].n).toBe(0);
    // A member of an organisation without it still gets a link.
    await fetch(`${t.baseUrl}/auth/email-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: coordinator.email }) });
    await t.app.get(EmailLinksService).settled();
    expect(sink.to(coordinator.email).at(-1)?.text).toContain('/auth/email-link/');
  });

  it('lists the organisations that sign in with their own accounts, and says so for one that does not', async () => {
    expect(await (await fetch(`${t.baseUrl}/auth/oidc/organisations`)).json()).toEqual([
      { code: 'SP', name: 'Staffordshire Police' },
      { code: 'TBC', name: 'Tamworth Borough Council' },
    ]);
    const none = await start('SCC');
    expect(none.response.status).toBe(404);
    expect(none.stateCookie).toBe('');
    expect((await start('NOWHERE')).response.status).toBe(404);
  });
});
