/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, launchChromium } from '../../support/browser';
import { signedInPage } from '../../support/planner-page';
import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

// A protected window in a real browser: the county's residents' survey in Tamworth (1–31 March
// 2027) and Tamworth's markets survey (10–15 May 2027), 39 days after it, for the same residents.
// The coordinator protects the survey through its page by keyboard (91 days first, refused at the
// field), everyone reads the window, the markets plan's page shows the PROTECTED clash naming the
// survey, and lifting the protection releases it.

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const WINDOW = 'Protected window: 7 days before, 45 after — 22 February 2027 to 15 May 2027';
const CAUGHT = /Falls within the protected window of "Residents survey 2027" \(Staffordshire County Council\), 22 February – 15 May 2027/;

describeInBrowser('protected windows in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let officer: Page;
  let coordinator: Page;
  let survey: string;
  let markets: string;

  /** The markets plan's clashes as its officer reads them, freshly loaded. */
  async function marketsClashes(): Promise<string> {
    await officer.goto(`${t.baseUrl}/#/consultation/${markets}`);
    await officer.reload();
    const clashes = officer.getByRole('region', { name: 'Clashes' });
    await clashes.locator('#clash-groups > *').first().waitFor();
    return clashes.innerText();
  }

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock('2027-01-15T09:00:00Z'));
    const plan = { areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'] };
    const county = await t.member('SCC', 'OFFICER');
    const tamworth = await t.member('TBC', 'OFFICER');
    survey = (await t.ok(county.apiKey, REGISTER, { input: { ...plan, title: 'Residents survey 2027', startDate: '2027-03-01', endDate: '2027-03-31' } })).registerConsultation.id;
    markets = (await t.ok(tamworth.apiKey, REGISTER, { input: { ...plan, title: 'Tamworth markets', startDate: '2027-05-10', endDate: '2027-05-15' } })).registerConsultation.id;
    await t.settled();
    browser = await launchChromium();
    officer = await signedInPage(browser, t.baseUrl, tamworth.apiKey);
    coordinator = await signedInPage(browser, t.baseUrl, (await t.member('SCC', 'COORDINATOR')).apiKey);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets the coordinator protect a consultation by keyboard, 91 days refused at the field, and shows its window', async () => {
    expect(await marketsClashes()).not.toMatch(CAUGHT);
    await coordinator.goto(`${t.baseUrl}/#/consultation/${survey}`);
    const section = coordinator.getByRole('region', { name: 'Protected window' });
    await section.getByText('Not protected: other consultations may run next to it.').waitFor();
    await section.getByLabel('Days before').fill('7');
    await section.getByLabel('Days after').fill('91');
    await section.getByRole('button', { name: 'Protect it' }).press('Enter');

    const error = coordinator.locator('.govuk-error-summary').getByRole('link', { name: 'Days after must be a whole number from 0 to 90' });
    await error.waitFor();
    expect(await coordinator.title()).toBe('Error: Residents survey 2027 – Consultation Calendar');
    await section.locator('.govuk-error-message').getByText('Days after must be a whole number from 0 to 90').waitFor();
    expect(await accessibilityViolations(coordinator)).toEqual([]);
    await error.focus();
    await coordinator.keyboard.press('Enter');
    expect(await coordinator.evaluate(() => document.activeElement?.id)).toBe('daysAfter');
    await coordinator.keyboard.press('Control+A');
    await coordinator.keyboard.type('45');
    await coordinator.keyboard.press('Tab'); // Protect it
    await coordinator.keyboard.press('Enter');

    await section.getByText(WINDOW).waitFor();
    await section.getByRole('button', { name: 'Lift the protection' }).waitFor();
    expect(await section.getByLabel('Days after').inputValue()).toBe('45');
    expect(await coordinator.title()).toBe('Residents survey 2027 – Consultation Calendar');
    expect(await accessibilityViolations(coordinator)).toEqual([]);
  });

  it("shows the window to the officer, with no form, and the officer's plan inside it clashes with it, naming it", async () => {
    await officer.goto(`${t.baseUrl}/#/consultation/${survey}`);
    const section = officer.getByRole('region', { name: 'Protected window' });
    await section.getByText(WINDOW).waitFor();
    expect(await section.locator('form').count()).toBe(0);

    const clashes = await marketsClashes();
    expect(clashes).toMatch(CAUGHT);
    // Headed by the survey, HIGH (holding up a launch until acknowledged), the reason naming it.
    const group = officer.locator(`#clash-with-${survey}`);
    expect(await group.getByRole('heading', { level: 3 }).innerText()).toBe('HIGH With Residents survey 2027 (Staffordshire County Council)');
    const reason = group.locator('li.clash').filter({ hasText: CAUGHT });
    await reason.getByRole('link', { name: 'Residents survey 2027', exact: true }).waitFor();
    // Its kind in words, as the other kinds are, not the API's PROTECTED.
    expect(await reason.locator('strong').first().innerText()).toBe('Protected window');
    expect(await accessibilityViolations(officer)).toEqual([]);
  });

  it('lets the coordinator lift the protection, releasing the clash', async () => {
    const section = coordinator.getByRole('region', { name: 'Protected window' });
    await section.getByRole('button', { name: 'Lift the protection' }).press('Enter');
    await section.getByText('Not protected: other consultations may run next to it.').waitFor();
    expect(await accessibilityViolations(coordinator)).toEqual([]);
    expect(await marketsClashes()).not.toMatch(CAUGHT);
  });
});
