/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { addDays } from '../../../src/common/dates/calendar-date';
import { accessibilityViolations, describeInBrowser, launchChromium } from '../../support/browser';
import { planForTamworthsYoungPeople, signedInPage } from '../../support/planner-page';
import { createTestApp, TestApp } from '../../support/test-app';

// Two GOV.UK components in the planner: the character count on a plan's summary (the API's limit,
// typing past it said, not cut off) and pagination through the Clashes page, which the API gives
// 50 reasons at a time.

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const WEEKS = 53;

describeInBrowser('character count and pagination in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp();
    const officer = await t.member('TBC', 'OFFICER');
    // Tamworth's year-long survey of its residents meets each of the police's 53 weekly ones: more clashes than a page holds.
    await t.ok(officer.apiKey, REGISTER, {
      input: { title: 'Tamworth residents survey 2027', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'], startDate: '2027-01-04', endDate: '2028-01-07' },
    });
    const rows = Array.from({ length: WEEKS }, (_, week) => `Police street survey week ${week + 1},${addDays('2027-01-04', week * 7)},${addDays('2027-01-04', week * 7 + 4)},E07000199,RESIDENTS`);
    const { importConsultations } = await t.ok((await t.member('SP', 'OFFICER')).apiKey, `mutation($csv: String!) { importConsultations(csv: $csv) { imported problems { message } } }`, {
      csv: ['title,start,end,area codes,audience codes', ...rows].join('\n'),
    });
    expect(importConsultations).toEqual({ imported: true, problems: [] });
    browser = await launchChromium();
    page = await signedInPage(browser, t.baseUrl, officer.apiKey);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // The count a sighted member sees (the component also tells a screen reader, in a status of its own).
  const counted = (text: string) => page.locator('.govuk-character-count__status', { hasText: text });

  it('counts down to the summary’s limit of 4,000 characters, and says how far over a longer one is', async () => {
    await page.getByRole('link', { name: 'Plan a consultation' }).click();
    await counted('You have 4,000 characters remaining').waitFor();
    await planForTamworthsYoungPeople(page, { title: 'Tamworth youth services review', startDate: '2027-03-01', endDate: '2027-04-11' });
    await page.getByLabel('Summary').fill('What young people want from youth services.');
    await counted('You have 3,957 characters remaining').waitFor();
    await page.getByLabel('Summary').fill('x'.repeat(4_010));
    await counted('You have 10 characters too many').waitFor();
    expect(await page.getByLabel('Summary').inputValue()).toHaveLength(4_010); // not cut off
    await page.getByRole('button', { name: 'Register' }).click();
    const summary = page.locator('#plan-errors .govuk-error-summary');
    await summary.getByRole('link', { name: 'The summary must be 4,000 characters or fewer' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('pages through the Clashes page with Previous and Next, each page read from its start', async () => {
    await page.getByRole('link', { name: 'Clashes' }).click();
    await page.getByLabel('Show low clashes too').check();
    const count = page.locator('#clash-count');
    await count.filter({ hasText: 'page 1 of 2' }).waitFor();
    expect(await count.textContent()).toMatch(/^\d+ clashes, from reasons 1 to 50 of the \d+ found \(page 1 of 2;/);
    const pages = page.getByRole('navigation', { name: 'Pages' });
    expect(await pages.getByRole('link').allTextContents()).toEqual([expect.stringMatching(/^\s*Next page\s*:\s*2 of 2\s*$/)]);
    const firstPage = await page.locator('#clash-list h3').allTextContents();
    expect(await accessibilityViolations(page)).toEqual([]);

    await pages.getByRole('link', { name: /Next/ }).click();
    await count.filter({ hasText: 'page 2 of 2' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('clash-count');
    expect(await count.textContent()).toMatch(/^\d+ clashes?, from reasons 51 to \d+ of the \d+ found/);
    expect(await page.locator('#clash-list h3').allTextContents()).not.toEqual(firstPage);
    expect(await pages.getByRole('link').allTextContents()).toEqual([expect.stringMatching(/^\s*Previous page\s*:\s*1 of 2\s*$/)]);
    expect(await accessibilityViolations(page)).toEqual([]);

    await pages.getByRole('link', { name: /Previous/ }).click();
    await count.filter({ hasText: 'page 1 of 2' }).waitFor();
    expect(await page.locator('#clash-list h3').allTextContents()).toEqual(firstPage);
    expect(page.url()).toMatch(/#\/clashes$/);
  });
});
