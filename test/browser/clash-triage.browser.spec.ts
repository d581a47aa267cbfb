/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, launchChromium } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';

// The planner's clash triage in a real browser: a consultation's clashes one per other
// consultation, LOW ones on request, all of them acknowledged with one note, settled ones
// visibly so; the Clashes page counts the same way, one entry per consultation, and its filters'
// choices read whole on a laptop and a phone.

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
    await page.goto(t.baseUrl);
    await page.getByLabel('API key').fill(officer.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // Each filter's widest choice against the room its select gives it (the native arrow takes ~20 px), in the select's own font.
  const cutChoices = (which: 'every' | 'chosen') =>
    page.evaluate((which) => {
      const context = document.createElement('canvas').getContext('2d')!;
      return Array.from(document.querySelectorAll<HTMLSelectElement>('#clash-filters select')).flatMap((select) => {
        const style = getComputedStyle(select);
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        const choices = which === 'every' ? Array.from(select.options) : [select.selectedOptions[0]];
        return choices.filter((option) => context.measureText(option.text).width > room).map((option) => option.text);
      });
    }, which);

  it('lists the Clashes page by consultation, its clashes one per other consultation, with filters whose choices read whole', async () => {
    await page.goto(`${t.baseUrl}/#/clashes`);
    await page.getByText(/^2 clashes\.$/).waitFor();
    await page.getByLabel('Show low clashes too').check();
    await page.getByText(/^3 clashes\.$/).waitFor();
    // One entry for Tamworth's budget survey, its three clashes beneath, each acknowledged with one note, or all at once.
    const entries = page.locator('#clash-list .clash-consultation');
    expect(await entries.locator('h2').allTextContents()).toEqual([expect.stringMatching(/^On Tamworth budget priorities \(Tamworth Borough Council, 6 Sept(ember)? 2027 to 26 Sept(ember)? 2027\)$/)]);
    expect(await entries.first().locator('.clash-group h3').allTextContents()).toEqual([
      'HIGH With Neighbourhood policing priorities',
      'MEDIUM With Policing budget and precept',
      'LOW With Business crime survey',
    ]);
    expect(await entries.first().getByLabel('Why this clash is acceptable').count()).toBe(3);
    await entries.first().getByText('Acknowledge all 3 open clashes with one note').waitFor();
    expect(await cutChoices('every')).toEqual([]);
    expect(await violations()).toEqual([]);

    // The whole network's, each pair told once from one side (either: a pair is kept from the side
    // with the smaller id): every consultation one entry, a note to write only under Tamworth's own.
    await page.getByLabel('Organisation').selectOption({ label: 'All organisations' });
    await page.locator('#clash-list:not([aria-busy])').waitFor();
    const titles = await entries.locator('h2 a').allTextContents();
    expect(new Set(titles).size).toBe(titles.length);
    expect(await entries.locator('.clash-group').count()).toBe(3);
    const tamworths = entries.filter({ has: page.getByRole('heading', { level: 2, name: /^On Tamworth budget priorities/ }) });
    expect(await page.getByLabel('Why this clash is acceptable').count()).toBe(await tamworths.locator('.clash-group').count());
    expect(await cutChoices('every')).toEqual([]);
    expect(await violations()).toEqual([]);

    // On a phone the page does not scroll sideways and the chosen filters read whole.
    await page.setViewportSize({ width: 320, height: 720 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await cutChoices('chosen')).toEqual([]);
    expect(await violations()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel('Organisation').selectOption({ label: 'Tamworth Borough Council' });
    await page.getByLabel('Show low clashes too').uncheck();
    await page.getByText(/^2 clashes\.$/).waitFor();
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
