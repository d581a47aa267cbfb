/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, launchChromium } from '../../support/browser';
import { signedInPage } from '../../support/planner-page';
import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

// The coordinator's review in a real browser, with REVIEW_PANEL_USE on: Tamworth's officer cannot
// launch a plan asking the Citizens' Panel and is told what is awaited; the coordinator finds it in
// the review queue with its reason, asks for changes (a note is required) by keyboard, and agrees
// to another; the officer then reads the coordinator's note on the plan's page.

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const PANEL_REASON = /It asks Staffordshire and Stoke-on-Trent Citizens' Panel, where every member is asked/;
const CHANGES = 'Please move it after the county budget survey, which asks the panel until 6 August';

describeInBrowser('network review in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let officer: Page;
  let coordinator: Page;
  let parking: string;
  let leisure: string;


  beforeAll(async () => {
    t = await createTestApp({ REVIEW_PANEL_USE: 'true' }, undefined, new TestClock('2027-01-15T09:00:00Z'));
    const tamworth = await t.member('TBC', 'OFFICER');
    const plan = { areaCodes: ['E07000199'], audienceCodes: ['CITIZENS_PANEL'], channels: ['ONLINE_SURVEY'] };
    parking = (await t.ok(tamworth.apiKey, REGISTER, { input: { ...plan, title: 'Parking panel survey', startDate: '2027-08-02', endDate: '2027-08-22' } })).registerConsultation.id;
    leisure = (await t.ok(tamworth.apiKey, REGISTER, { input: { ...plan, title: 'Leisure centres panel survey', startDate: '2027-06-01', endDate: '2027-06-21' } })).registerConsultation.id;
    await t.settled();
    browser = await launchChromium();
    officer = await signedInPage(browser, t.baseUrl, tamworth.apiKey);
    coordinator = await signedInPage(browser, t.baseUrl, (await t.member('SCC', 'COORDINATOR')).apiKey);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("shows the owner why the plan awaits the coordinator, and a refused launch as an error summary saying what is awaited", async () => {
    expect(await officer.getByRole('link', { name: 'Network review' }).count()).toBe(0); // the queue is the coordinator's
    await officer.goto(`${t.baseUrl}/#/consultation/${parking}`);
    const review = officer.getByRole('region', { name: 'Network review' });
    await review.getByText('Awaiting agreement It cannot launch until the network coordinator agrees.').waitFor();
    await review.getByText(PANEL_REASON).waitFor();
    await officer.getByRole('button', { name: 'Launch' }).click();
    const summary = officer.locator('.govuk-error-summary');
    await summary.getByRole('heading', { name: 'This consultation cannot be launched until the network coordinator agrees' }).waitFor();
    await summary.getByRole('link', { name: PANEL_REASON }).click();
    expect(await officer.evaluate(() => document.activeElement?.textContent)).toBe('Network review');
    expect(officer.url()).toBe(`${t.baseUrl}/#/consultation/${parking}`);
    expect(await accessibilityViolations(officer)).toEqual([]);
  });

  it('lists the queue with each reason; asking for changes needs a note; the coordinator decides by keyboard and sees the result', async () => {
    expect(await coordinator.locator('#nav').getByRole('link', { name: 'Network review' }).isVisible()).toBe(true);
    // From the plan's page, as from the menu.
    await coordinator.goto(`${t.baseUrl}/#/consultation/${parking}`);
    await coordinator.getByRole('link', { name: 'Agree or ask for changes in Network review' }).click();
    await coordinator.getByRole('heading', { name: 'Network review', level: 1 }).waitFor();
    const titles = await coordinator.locator('.review-item h2').allTextContents();
    expect(titles).toEqual(['Leisure centres panel survey', 'Parking panel survey']); // the soonest start first
    const item = coordinator.locator('.review-item').filter({ hasText: 'Parking panel survey' });
    await item.getByText(PANEL_REASON).waitFor();
    await item.getByText('Awaiting agreement').waitFor();
    expect(await accessibilityViolations(coordinator)).toEqual([]);

    // No note: the GOV.UK error summary, its link taking the keyboard to the note.
    await item.getByRole('button', { name: 'Ask for changes to Parking panel survey' }).click();
    const error = coordinator.getByRole('link', { name: 'Enter a note saying what to change in “Parking panel survey”' });
    await error.waitFor();
    expect(await coordinator.title()).toBe('Error: Network review – Consultation Calendar');
    await item.locator('.govuk-error-message').getByText('Enter a note saying what to change in “Parking panel survey”').waitFor();
    expect(await accessibilityViolations(coordinator)).toEqual([]);
    await error.focus();
    await coordinator.keyboard.press('Enter');
    expect(await coordinator.evaluate(() => document.activeElement?.id)).toBe(`note-${parking}`);
    await coordinator.keyboard.type(CHANGES);
    await coordinator.keyboard.press('Tab'); // Agree
    await coordinator.keyboard.press('Tab'); // Ask for changes
    await coordinator.keyboard.press('Enter');
    await coordinator.getByText('You asked for changes to “Parking panel survey”: it cannot launch until it is changed and agreed.').waitFor();
    await coordinator.getByText(`Your note: ${CHANGES}`).waitFor();
    await item.getByText('Changes asked for', { exact: true }).waitFor();
    await item.getByText(new RegExp(`Changes asked for by .* on 15 January 2027: ${CHANGES}`)).waitFor();
    expect(await accessibilityViolations(coordinator)).toEqual([]);

    const leisureItem = coordinator.locator('.review-item').filter({ hasText: 'Leisure centres panel survey' });
    await leisureItem.getByLabel(/^Note to /).fill('Agreed: the panel is free in June');
    await leisureItem.getByRole('button', { name: 'Agree to Leisure centres panel survey' }).press('Enter');
    await coordinator.getByText('You agreed to “Leisure centres panel survey”: it may launch.').waitFor();
    expect(await coordinator.locator('.review-item h2').allTextContents()).toEqual(['Parking panel survey']);
    expect(await accessibilityViolations(coordinator)).toEqual([]);
  });

  it("shows the owner the coordinator's note, and the launch refused with it; the agreed plan launches", async () => {
    await officer.reload(); // still on the plan's page: read again
    const review = officer.getByRole('region', { name: 'Network review' });
    await review.getByText(new RegExp(`Changes asked for by .* on 15 January 2027: ${CHANGES}`)).waitFor();
    await officer.getByRole('button', { name: 'Launch' }).click();
    const summary = officer.locator('.govuk-error-summary');
    await summary.getByRole('heading', { name: 'This consultation cannot be launched until the changes the network coordinator asked for are made and agreed' }).waitFor();
    await summary.getByRole('link', { name: `The coordinator asked for changes: ${CHANGES}` }).waitFor();
    expect(await accessibilityViolations(officer)).toEqual([]);

    await officer.goto(`${t.baseUrl}/#/consultation/${leisure}`);
    await officer.getByText('Agreed The network coordinator agreed: it may launch.').waitFor();
    await officer.getByRole('button', { name: 'Launch' }).click();
    await officer.getByText('Live', { exact: true }).waitFor();
  });
});
