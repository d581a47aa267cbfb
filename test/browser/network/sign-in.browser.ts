/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium } from '../../support/browser';
import { eventually, SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { createTestApp, TestApp } from '../../support/test-app';

// Signing in as staff do, in a real browser: a link from the digest opened while signed out,
// a sign-in link asked for and captured by a real SMTP server, the consultation reached after
// signing in, no secret readable by the page, and signing out.

describeInBrowser('signing in to the planner with an emailed link', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let page: Page;
  let officer: { apiKey: string; email: string };
  let consultationId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) });
    officer = await t.member('TBC', 'OFFICER', 'pat.browser@tamworth.example');
    consultationId = (
      await t.ok(officer.apiKey, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
        input: { title: 'Play spaces in Glascote', areaCodes: ['E07000199'], audienceCodes: ['OLDER_PEOPLE'], channels: ['ONLINE_SURVEY'], startDate: '2027-05-03', endDate: '2027-05-30' },
      })
    ).registerConsultation.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  it('follows a digest link to a consultation through an emailed sign-in link, with no secret the page can read, and signs out', async () => {
    await page.goto(`${t.baseUrl}/#/consultation/${consultationId}`);
    await page.getByLabel('Work email').fill(officer.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByText(`If ${officer.email} belongs to a member, a sign-in link is on its way`).waitFor();

    const mailed = await eventually(() => {
      const link = /(http:\S+\/auth\/email-link\/\S+)/.exec(sink.to(officer.email).at(-1)?.text ?? '')?.[1];
      if (!link) throw new Error('no sign-in link yet');
      return link;
    });
    await page.goto(`${t.baseUrl}${new URL(mailed).pathname}`); // PUBLIC_BASE_URL's port is not this test's
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Play spaces in Glascote', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/consultation/${consultationId}`);

    expect(await page.evaluate(() => document.cookie)).toBe(''); // the session cookie is HttpOnly
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))).toBe('{}{}');
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'cc_session', httpOnly: true, sameSite: 'Lax' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Work email').waitFor();
    expect(await page.context().cookies()).toEqual([]);
    // The old session is over on the server too, not only forgotten by the browser.
    const replayed = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `cc_session=${cookie.value}` }, body: '{"query":"{ me { email } }"}' });
    expect(((await replayed.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('keeps the key a member types after signing out, and signs them in, however late the answers come', async () => {
    // Signed in, on a page of the planner (the address names it).
    await page.getByLabel('API key').fill(officer.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Plan a consultation' }).click();
    await page.getByLabel('Title').waitFor();
    // On a busy day every { me } answers late.
    await page.route('**/graphql', async (route) => {
      if ((route.request().postData() ?? '').includes('{ me {')) await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').fill(officer.apiKey);
    await page.waitForLoadState('networkidle'); // any answer still coming has come, and been drawn
    expect(await page.getByLabel('API key').inputValue()).toBe(officer.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Plan a consultation' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    await page.unroute('**/graphql');
  });
});
