/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, laptopPageAt, launchChromium } from '../../support/browser';
import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

// Who decides what the public forward look shows, in the planner in a real browser: a coordinator
// sets whether an organisation's new plans are public by default; an officer decides for each plan
// until it goes live, and a change after launch is refused at the field. Every page passes axe.

const NOON = '2026-11-23T12:00:00Z';
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;

describeInBrowser('the planner decides what the public forward look shows', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let officer: { apiKey: string };
  let coordinator: { apiKey: string };
  let live: string;

  const publicOf = async (title: string) =>
    (await t.ok(officer.apiKey, `query($text: String) { consultations(filter: { text: $text }) { edges { node { title public status } } } }`, { text: title })).consultations.edges.map((e: any) => e.node);

  async function signIn(apiKey: string): Promise<void> {
    await page.goto(t.baseUrl);
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  }

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock(NOON));
    officer = await t.member('TBC', 'OFFICER');
    coordinator = await t.member('SCC', 'COORDINATOR');
    // Already running, announced as public.
    live = (await t.ok(officer.apiKey, REGISTER, { input: { title: 'Castle grounds survey', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2026-11-02', endDate: '2026-12-20', public: true } })).registerConsultation.id;
    await t.ok(officer.apiKey, `mutation($id: ID!) { launchConsultation(id: $id) { id } }`, { id: live });
    browser = await launchChromium();
    page = await laptopPageAt(browser, NOON);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("lets a coordinator say whether an organisation's new plans are public by default", async () => {
    await signIn(coordinator.apiKey);
    await page.getByRole('link', { name: 'Reference data' }).click();
    await page.getByRole('row', { name: /^Tamworth Borough Council TBC District or borough council Yes/ }).waitFor();
    await page.getByRole('button', { name: 'Change Tamworth Borough Council' }).click();
    const form = page.getByRole('form', { name: 'Change Tamworth Borough Council' });
    const setting = form.getByRole('group', { name: 'The public forward look' }).getByLabel('Its new consultations are public unless their officers say otherwise');
    expect(await setting.isChecked()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await setting.uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved the change to TBC.').waitFor();
    await page.getByRole('row', { name: /^Tamworth Borough Council TBC District or borough council No/ }).waitFor();
    expect((await t.ok(officer.apiKey, `{ organisations { code publicByDefault } }`)).organisations.find((o: { code: string }) => o.code === 'TBC')).toEqual({ code: 'TBC', publicByDefault: false });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
  });

  it("starts a new plan from its organisation's default, and registers what the officer chose", async () => {
    await signIn(officer.apiKey);
    await page.getByRole('link', { name: 'Plan a consultation' }).click();
    const shown = page.getByRole('group', { name: 'The public forward look' }).getByLabel('Show it on the public forward look');
    expect(await shown.isChecked()).toBe(false); // Tamworth's default, as the coordinator set it
    await page.getByLabel('Title').fill('Tamworth market stalls survey');
    await page.getByLabel('Starts').fill('2027-05-03');
    await page.getByLabel('Ends').fill('2027-05-30');
    await page.getByLabel('Search areas').fill('Tamworth');
    await page.getByRole('checkbox', { name: /^Tamworth/ }).first().check();
    await page.getByRole('checkbox', { name: /^Residents/ }).check();
    await shown.check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Tamworth market stalls survey', exact: true }).waitFor();
    expect(await publicOf('market stalls')).toEqual([{ title: 'Tamworth market stalls survey', public: true, status: 'PLANNED' }]);

    // Still planned: changed back, and kept.
    await page.getByRole('link', { name: 'Change details or dates' }).click();
    await page.getByRole('heading', { name: 'Change “Tamworth market stalls survey”' }).waitFor();
    expect(await shown.isChecked()).toBe(true);
    await shown.uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Tamworth market stalls survey', exact: true }).waitFor();
    expect(await publicOf('market stalls')).toEqual([{ title: 'Tamworth market stalls survey', public: false, status: 'PLANNED' }]);
  });

  it("shows the API's refusal to change it after launch at the field", async () => {
    await page.goto(`${t.baseUrl}/#/plan/${live}`);
    const shown = page.getByRole('group', { name: 'The public forward look' }).getByLabel('Show it on the public forward look');
    await page.getByRole('heading', { name: 'Change “Castle grounds survey”' }).waitFor();
    expect(await shown.isChecked()).toBe(true);
    await shown.uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    const error = page.locator('#public-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/public can be changed only before launch; this consultation is LIVE/);
    expect((await page.getByRole('group', { name: 'The public forward look' }).getAttribute('aria-describedby'))?.split(' ')).toContain('public-error');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await publicOf('castle grounds')).toEqual([{ title: 'Castle grounds survey', public: true, status: 'LIVE' }]);
  });
});
