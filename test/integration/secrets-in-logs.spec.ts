import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../../src/auth/api-key';
import { OidcProvider, startOidcProvider } from '../support/oidc-provider';
import { freePort } from '../support/scratch';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

// The service as operators run it, logging everything (LOG_LEVEL=trace), while members use
// their keys and feed tokens in every way they can: not one secret may reach its output.
describe('the service\'s logs', () => {
  const SMTP_PASSWORD = 'smtp-Secret-4b7f2c91';
  const METRICS_TOKEN = 'metrics-Secret-9d3e6a07';
  let database: TestDatabase;
  let keys: TestApp;
  let service: ServiceProcess;

  let provider: OidcProvider;

  beforeAll(async () => {
    database = await createTestDatabase();
    keys = await createTestApp({}, database);
    // Single sign-on's redirect URI names the service's port, so the provider is told it first.
    const port = await freePort();
    provider = await startOidcProvider({ redirectUri: `http://127.0.0.1:${port}/auth/oidc/callback` });
    const OIDC_PROVIDERS = JSON.stringify({ TBC: { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, emailDomains: ['example.org'] } });
    service = await startServiceProcess({ LOG_LEVEL: 'trace', DATABASE_URL: database.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: '1', SMTP_USER: 'digest', SMTP_PASSWORD, METRICS_TOKEN, OIDC_PROVIDERS }, port);
  });

  afterAll(async () => {
    await service?.stop();
    await provider?.stop();
    await keys?.close();
  });

  it('logs requests made with API keys and feed tokens without the keys or tokens', async () => {
    const member = await keys.member('TBC', 'OFFICER');
    const graphql = (key: string, query: string) =>
      fetch(`${service.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) });

    await graphql(member.apiKey, '{ me { id } }');
    await graphql(member.apiKey, '{ nothingHere }');
    await graphql(`${member.apiKey}x`, '{ me { id } }');
    const feedUrl: string = ((await (await graphql(member.apiKey, 'mutation { createCalendarFeed(label: "Outlook") { consultationsUrl } }')).json()) as { data: { createCalendarFeed: { consultationsUrl: string } } }).data.createCalendarFeed.consultationsUrl;
    const token = new URL(feedUrl).searchParams.get('token')!;
    expect((await fetch(feedUrl)).status).toBe(200);
    expect((await fetch(`${feedUrl}&area=NOWHERE`)).status).toBe(400);
    expect((await fetch(`${service.baseUrl}/blackouts.ics?token=${token}`)).status).toBe(200);
    expect((await fetch(`${service.baseUrl}/calendar.ics?token=${token}x`)).status).toBe(401);
    // However the name is spelt: percent-encoded (the same URL to Express, so it is served), in
    // capitals, or a key in a header of its own.
    expect((await fetch(`${service.baseUrl}/calendar.ics?%74oken=${token}`)).status).toBe(200);
    expect((await fetch(`${service.baseUrl}/calendar.ics?%54OKEN=${token}&TOKEN=${token}`)).status).toBe(401);
    await fetch(`${service.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': member.apiKey, 'X-Auth-Token': member.apiKey }, body: '{"query":"{ me { id } }"}' });
    expect((await fetch(`${service.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${service.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));

    // The requests were logged…
    expect(service.output()).toMatch(/"url":"\/calendar\.ics\?token=\[redacted\]/);
    expect(service.output()).toMatch(/"authorization":"\[redacted\]"/);
    // …and no secret is anywhere in the output.
    for (const secret of [member.apiKey, token, SMTP_PASSWORD, METRICS_TOKEN]) expect(service.output().split('\n').filter((line) => line.includes(secret))).toEqual([]);
    expect(service.output()).not.toContain(member.apiKey.slice(3, 20));
    expect(service.output()).not.toContain(token.slice(4, 20));
  });

  it('logs signing in with a link, and requests with its session, without the link\'s token or the session cookie', async () => {
    const member = await keys.member('TBC', 'OFFICER');
    // A link as one mailed (this service's SMTP server is unreachable on purpose).
    const link = randomBytes(32).toString('base64url');
    await keys.dataSource.query(`INSERT INTO sign_in_link (member_id, token_hash, created_at, expires_at) VALUES ($1, $2, now(), now() + interval '15 minutes')`, [member.id, hashApiKey(link)]);
    const origin = service.baseUrl;
    expect((await fetch(`${service.baseUrl}/auth/email-link/${link}`)).status).toBe(200);
    const signedIn = await fetch(`${service.baseUrl}/auth/email-link/${link}`, { method: 'POST', redirect: 'manual', headers: { origin } });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie()[0].split(';')[0];
    const session = cookie.split('=')[1];
    const me = await fetch(`${service.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin }, body: '{"query":"{ me { id } }"}' });
    expect(((await me.json()) as { data: { me: { id: string } } }).data.me.id).toBe(member.id);
    expect((await fetch(`${service.baseUrl}/auth/sign-out`, { method: 'POST', headers: { cookie, origin } })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 500));

    expect(service.output()).toMatch(/"url":"\/auth\/email-link\/\[redacted\]"/);
    for (const secret of [link, session]) expect(service.output().split('\n').filter((line) => line.includes(secret.slice(4, 24)))).toEqual([]);
  });

  it('logs signing in through the organisation\'s identity provider without the code, the state, the client secret or the session', async () => {
    const member = await keys.member('TBC', 'OFFICER');
    const started = await fetch(`${service.baseUrl}/auth/oidc/TBC/start?next=/%23/timeline`, { redirect: 'manual' });
    expect(started.status).toBe(303);
    const stateCookie = started.headers.getSetCookie()[0].split(';')[0];
    const callback = await provider.signIn(started.headers.get('location')!, member.email);
    const code = new URL(callback).searchParams.get('code')!;
    const state = new URL(callback).searchParams.get('state')!;
    const signedIn = await fetch(callback, { redirect: 'manual', headers: { cookie: stateCookie } });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('cc_session='))!.split(';')[0];
    const origin = service.baseUrl;
    const me = await fetch(`${service.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin }, body: '{"query":"{ me { id } }"}' });
    expect(((await me.json()) as { data: { me: { id: string } } }).data.me.id).toBe(member.id);
    expect((await fetch(`${service.baseUrl}/auth/sign-out`, { method: 'POST', headers: { cookie, origin } })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 500));

    expect(service.output()).toMatch(/"url":"\/auth\/oidc\/callback\?\[redacted\]"/);
    for (const secret of [code, state, cookie.split('=')[1], provider.clientSecret]) expect(service.output().split('\n').filter((line) => line.includes(secret.slice(4, 24)))).toEqual([]);
  });

  it('does not log a member\'s mistake as an error, nor with a stack trace', async () => {
    const member = await keys.member('TBC', 'OFFICER');
    const response = await fetch(`${service.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${member.apiKey}` },
      body: JSON.stringify({ query: `mutation { cancelConsultation(id: "6f1c2d3e-0000-4000-8000-00000000dead") { id } }` }),
    });
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('NOT_FOUND');
    await new Promise((r) => setTimeout(r, 500));
    const errors = service.output().split('\n').filter((line) => line.includes('"level":50'));
    expect(errors.filter((line) => line.includes('not found'))).toEqual([]);
    expect(service.output()).not.toContain('ExceptionsHandler');
  });
});
