/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, launchChromium } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';

// The planner's clash triage in a real browser: a consultation's clashes one per other
// consultation, LOW ones on request, all of them acknowledged with one note, settled ones
// visibly so; the Clashes page counts the same way.

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;

describeInBrowser('clash triage in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let budget: string;

  const violations = () => accessibilityViolations(page);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    const officer = await t.member('TBC', 'OFFICER');
    const police = (await t.member('SP', 'OFFICER')).apiKey;
    const register = async (key: string, input: Record<string, unknown>) =>
      (await t.ok(key, REGISTER, { input: { areaCodes: ['E07000199'], channels: ['PANEL_SURVEY'], startDate: '2027-09-06', endDate: '2027-09-26', ...input } })).registerConsultation.id as string;
    // Tamworth's budget survey meets a police panel survey (HIGH), a later budget consultation (MEDIUM) and a near miss (LOW).
    budget = await register(officer.apiKey, { title: 'Tamworth budget priorities', topics: ['budget'], audienceCodes: ['CITIZENS_PANEL', 'BUSINESSES'] });
    await register(police, { title: 'Neighbourhood policing priorities', topics: ['policing'], audienceCodes: ['CITIZENS_PANEL'] });
    await register(police, { title: 'Policing budget and precept', topics: ['budget'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'], startDate: '2028-01-10', endDate: '2028-01-31' });
    await register(police, { title: 'Business crime survey', topics: ['business crime'], audienceCodes: ['BUSINESSES'], channels: ['ONLINE_SURVEY'], startDate: '2027-09-30', endDate: '2027-10-20' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.setDefaultTimeout(10_000);
    await page.goto(t.baseUrl);
    await page.getByLabel('API key').fill(officer.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('groups a consultation’s clashes by the other consultation, LOW only on request, and settles them all with one note', async () => {
    await page.goto(`${t.baseUrl}/#/consultation/${budget}`);
    await page.getByText('2 clashes to look at: 1 high, 1 medium.').waitFor();
    const groups = page.locator('#clash-groups .clash-group');
    expect(await groups.locator('h3').allTextContents()).toEqual([
      "HIGH With Neighbourhood policing priorities (Staffordshire Police)",
      "MEDIUM With Policing budget and precept (Staffordshire Police)",
    ]);
    await page.getByLabel('Show low clashes (1, context only)').check();
    await page.getByRole('heading', { name: 'LOW With Business crime survey (Staffordshire Police)' }).waitFor();
    await page.getByText('Acknowledge all 3 open clashes with one note').click(); // open, for the picture
    await page.locator('#clash-groups').screenshot({ path: join(ARTIFACTS, 'clash-triage.png') });
    await page.getByText('Acknowledge all 3 open clashes with one note').click();
    await page.getByLabel('Show low clashes (1, context only)').uncheck();
    await page.getByRole('heading', { name: /Business crime survey/ }).waitFor({ state: 'detached' });
    expect(await violations()).toEqual([]);

    // The shown ones (not the hidden LOW one), with one note.
    await page.getByText('Acknowledge all 2 open clashes with one note').click();
    await page.getByLabel('Why all these clashes are acceptable').fill('Agreed with the police at the network meeting');
    await page.getByRole('button', { name: 'Acknowledge all 2' }).click();
    await page.getByText('No high or medium clash to look at.').waitFor();
    expect(await page.locator('#clash-groups .clash-group.settled').count()).toBe(2);
    expect(await page.locator('#clash-groups .clash-group.settled .tag').allTextContents()).toEqual(['Settled', 'Settled']);
    expect(await page.getByText(/Acknowledged by officer\d+\.tbc on .*: “Agreed with the police at the network meeting”/).count()).toBe(2);
    expect(await violations()).toEqual([]);
  });

  it('lists on the Clashes page what is still open, LOW on request', async () => {
    await page.getByRole('link', { name: 'Clashes' }).click();
    await page.getByText('No clashes match.').waitFor();
    await page.getByLabel('Show low clashes too').check();
    await page.getByText(/^1 clash\.$/).waitFor();
    await page.getByLabel('Why this clash is acceptable').fill('A near miss with different businesses');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('No clashes match.').waitFor();
    expect(await violations()).toEqual([]);
  });
});
