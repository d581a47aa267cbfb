/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, laptopPageAt, launchChromium } from '../../support/browser';
import { planForTamworthsYoungPeople, signInWithKey } from '../../support/planner-page';
import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

// Good-practice advice in a real browser: the planning form asks its check with advice and lists
// the advice apart from the clashes, under "Good practice", each with its source and never as an
// error; a statutory plan's reason for a shorter period (asked only of statutory plans) and a
// decision date change the advice; the registered plan's page shows what still applies.

const NOON = '2026-11-23T12:00:00Z'; // a Monday: the plan below is registered seven weeks ahead

describeInBrowser('good-practice advice in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock(NOON));
    const officer = await t.member('TBC', 'OFFICER');
    browser = await launchChromium();
    page = await laptopPageAt(browser, NOON);
    await signInWithKey(page, t.baseUrl, officer.apiKey);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const goodPractice = () => page.getByRole('region', { name: 'Good practice' });
  const item = (rule: string) => goodPractice().locator('li.advice').filter({ has: page.getByRole('heading', { name: rule }) });

  it('lists the advice apart from the clashes, with each explanation and its source, not as an error', async () => {
    await page.getByRole('link', { name: 'Plan a consultation' }).click();
    // Monday 11 January to Friday 5 February 2027: 26 days, closing on a Friday.
    await planForTamworthsYoungPeople(page, { title: 'Youth bus fares', startDate: '2027-01-11', endDate: '2027-02-05' });
    await item('Closing day').getByText('It closes on Friday 5 February 2027').waitFor();
    await item('Closing day').getByText(/^Source: the network's practice/).waitFor();
    await item('Length').getByText('It runs 26 days, shorter than the 6 weeks the network advises for a consultation').waitFor();
    await item('Length').getByText(/^Source: the Code of Practice on Consultation \(2008\)/).waitFor();
    // The advice is not a clash, nor shown as an error.
    await page.locator('#clashes').getByText('No clashes: nothing else reaches these people in these areas at this time.').waitFor();
    expect(await goodPractice().locator('[class*="error"], .severity-high, .severity-medium, .severity-low').count()).toBe(0);
    // Asked only of a statutory plan, as the rule reads it only there.
    expect(await page.getByLabel(/Reason for a shorter period/).isVisible()).toBe(false);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('asks a statutory plan why it is short, reached by keyboard; recorded, its length is left alone', async () => {
    await page.getByRole('checkbox', { name: 'A statutory consultation (required by law)' }).focus();
    await page.keyboard.press('Space');
    await item('Length').getByText('shorter than the 12 weeks the network advises for a statutory consultation').waitFor();
    // On past the decision date (Chromium stops at its day, month and year) to the reason.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('decisionDate');
    for (let stop = 0; stop < 5 && (await page.evaluate(() => document.activeElement?.id)) === 'decisionDate'; stop++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('shortPeriodReason');
    await page.keyboard.type('The fares change in April: the law gives us four weeks');
    await item('Length').waitFor({ state: 'detached' });
    await item('Closing day').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('advises on a decision too soon after the close, refuses one before it, and registers the plan with the advice still applying', async () => {
    await page.getByLabel(/^Decision date/).fill('2027-02-10');
    await item('Time before the decision').getByText('The decision is due on 10 February 2027, 5 days after it closes; the network asks for at least 28').waitFor();
    await item('Time before the decision').getByText(/^Source: the Gunning principles/).waitFor();

    await page.getByLabel(/^Decision date/).fill('2027-02-01');
    await page.getByRole('button', { name: 'Register' }).click();
    const error = page.getByRole('link', { name: 'The decision date must be the same as or after the end date (5 February 2027)' });
    await error.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel(/^Decision date/).fill('2027-03-15');
    await item('Time before the decision').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Youth bus fares', level: 1 }).waitFor();
    await page.getByText('15 March 2027').waitFor(); // Decision due
    await page.getByText('The fares change in April: the law gives us four weeks').waitFor();
    await item('Closing day').getByText('It closes on Friday 5 February 2027').waitFor();
    expect(await goodPractice().getByRole('heading').allTextContents()).toEqual(['Good practice', 'Closing day']);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
