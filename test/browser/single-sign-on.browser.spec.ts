/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, laptopPage, launchChromium } from '../support/browser';
import { OidcProvider, startOidcProvider } from '../support/oidc-provider';
import { freePort } from '../support/scratch';
import { createTestApp, TestApp } from '../support/test-app';

// Signing in with the organisation's own account, in a real browser: a digest's link to a
// consultation opened while signed out, the organisation's sign-in (a real OpenID provider's own
// form), the consultation reached afterwards; then the member's sign-ins and API keys, and signing out.

describeInBrowser('single sign-on and the member’s sign-ins and keys in the planner', () => {
  let t: TestApp;
  let provider: OidcProvider;
  let browser: Browser;
  let page: Page;
  let officer: { apiKey: string; email: string };
  let consultationId: string;

  const violations = (on: Page = page) => accessibilityViolations(on);

  // The service's cookies: the provider's own, on the same host (another port), are the browser's business.
  const ours = async () => (await page.context().cookies(t.baseUrl)).filter((c) => c.name.startsWith('cc_'));

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ redirectUri: `${base}/auth/oidc/callback` });
    const { issuer, clientId, clientSecret } = provider;
    t = await createTestApp({ PORT: String(port), PUBLIC_BASE_URL: base, OIDC_PROVIDERS: JSON.stringify({ TBC: { issuer, clientId, clientSecret, emailDomains: ['tamworth.example'] } }) });
    officer = await t.member('TBC', 'OFFICER', 'sam.browser@tamworth.example');
    const plan = { title: 'Allotments in Wilnecote', areaCodes: ['E07000199'], audienceCodes: ['OLDER_PEOPLE'], channels: ['ONLINE_SURVEY'], startDate: '2027-05-03', endDate: '2027-05-30' };
    ({ registerConsultation: { id: consultationId } } = await t.ok(officer.apiKey, `mutation($plan: ConsultationInput!) { registerConsultation(input: $plan) { id } }`, { plan }));
    browser = await launchChromium();
    page = await laptopPage(browser);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await provider?.stop();
  });

  it('follows a digest link to a consultation through the organisation’s sign-in, with no secret the page can read', async () => {
    await page.goto(`${t.baseUrl}/#/consultation/${consultationId}`);
    await page.getByRole('link', { name: 'Sign in with Tamworth Borough Council' }).click();
    // The provider's own sign-in page.
    await page.getByPlaceholder('Enter any login').fill(officer.email);
    await page.getByPlaceholder('and password').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await page.getByRole('heading', { name: 'Allotments in Wilnecote', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/consultation/${consultationId}`);
    expect(await page.evaluate(() => document.cookie)).toBe(''); // the session cookie is HttpOnly
    expect((await ours()).map((c) => [c.name, c.httpOnly])).toEqual([['cc_session', true]]); // the sign-in's state cookie is gone
  });

  it('shows the member’s sessions and keys: a key created with a label and a last day, shown once, then revoked; another session ended', async () => {
    // A second session, elsewhere (a key exchanged for one, as the planner does).
    const elsewhere = await fetch(`${t.baseUrl}/auth/key`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Other browser/1.0' }, body: JSON.stringify({ key: officer.apiKey }) });
    expect(elsewhere.status).toBe(204);

    await page.getByRole('link', { name: 'Sign-ins and keys' }).click();
    await page.getByRole('heading', { name: 'Sign-ins and API keys', level: 1 }).waitFor();
    const sessions = page.getByRole('table', { name: 'Your sessions' });
    expect(await sessions.getByRole('row').count()).toBe(3); // the heading row, this browser and the other
    expect(await sessions.getByRole('row').filter({ hasText: 'This browser' }).textContent()).toContain('Your organisation’s account');
    expect(await violations()).toEqual([]);

    await sessions.getByRole('row').filter({ hasText: 'Other browser/1.0' }).getByRole('button', { name: /^End/ }).click();
    await page.getByRole('table', { name: 'Your sessions' }).getByRole('row').nth(2).waitFor({ state: 'detached' });
    expect(await page.getByRole('table', { name: 'Your sessions' }).textContent()).not.toContain('Other browser/1.0');

    // Mistakes in GOV.UK's error summary, linking to the field, in plain words.
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('link', { name: 'Enter a label for the key, saying what uses it' }).waitFor();
    await page.getByLabel('Label').fill('Forward plan sync (IT)');
    // The last day as day, month and year (GOV.UK's date input): one that is not a real date is refused in the page, a past one by the API.
    const lastDay = page.getByRole('group', { name: 'Last day it works (optional)' });
    const enterLastDay = async (day: string, month: string, year: string) => {
      await lastDay.getByLabel('Day').fill(day);
      await lastDay.getByLabel('Month').fill(month);
      await lastDay.getByLabel('Year').fill(year);
    };
    await enterLastDay('31', '2', '2099');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('link', { name: 'The last day it works must be a real date, like 31 3 2027' }).waitFor();
    expect(await violations()).toEqual([]);
    await enterLastDay('1', '1', '2000');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('link', { name: /^Last day it works \(optional\): expiresOn must be today/ }).waitFor();
    expect(await violations()).toEqual([]);

    await enterLastDay('31', '12', '2099');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.locator('#created-key code');
    await shown.waitFor();
    const key = (await shown.textContent())!;
    expect(key).toMatch(/^cc_[A-Za-z0-9_-]{43}$/);
    expect((await t.graphql(key, `{ me { email } }`)).data?.me.email).toBe(officer.email);
    const row = page.getByRole('table', { name: 'Your API keys' }).getByRole('row').filter({ hasText: 'Forward plan sync (IT)' });
    expect(await row.textContent()).toContain('31 December 2099');
    expect(await violations()).toEqual([]);

    await row.getByRole('button', { name: 'Revoke Forward plan sync (IT)' }).click();
    await page.getByRole('table', { name: 'Your API keys' }).getByRole('row').filter({ hasText: 'Forward plan sync (IT)' }).getByText(/^Revoked/).waitFor();
    expect(await page.locator('#created-key').count()).toBe(0); // shown once only
    expect((await t.graphql(key, `{ me { email } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets a coordinator end a member’s session', async () => {
    const coordinator = await t.member('SCC', 'COORDINATOR');
    const lost = await fetch(`${t.baseUrl}/auth/key`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Lost laptop/1.0' }, body: JSON.stringify({ key: officer.apiKey }) });
    const lostCookie = lost.headers.getSetCookie()[0].split(';')[0];
    const other = await laptopPage(browser);
    await other.goto(t.baseUrl);
    await other.getByLabel('API key').fill(coordinator.apiKey);
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.getByRole('link', { name: 'Sign-ins and keys' }).click();
    await other.getByLabel('Member’s email').fill(officer.email);
    await other.getByRole('button', { name: 'Show their sessions' }).click();
    const row = other.getByRole('table', { name: 'Sessions of sam.browser' }).getByRole('row').filter({ hasText: 'Lost laptop/1.0' });
    expect(await violations(other)).toEqual([]);
    await row.getByRole('button', { name: /^End/ }).click();
    await row.waitFor({ state: 'detached' });
    const me = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: lostCookie }, body: '{"query":"{ me { email } }"}' });
    expect(((await me.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await other.close();
  });

  it('signs out, ending the session on the server', async () => {
    const [cookie] = await ours();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in with Tamworth Borough Council' }).waitFor();
    expect(await violations()).toEqual([]);
    expect(await ours()).toEqual([]);
    const replayed = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `cc_session=${cookie.value}` }, body: '{"query":"{ me { email } }"}' });
    expect(((await replayed.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
