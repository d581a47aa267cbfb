/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, launchChromium, newPageAt } from '../../support/browser';
import { planForTamworthsYoungPeople, signInWithKey } from '../../support/planner-page';
import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

// Finding a clear window, as an officer on a laptop screen: the answer is below the fold, so the
// focus goes to it; and when nothing in the next year is clear, the least clashing dates nearby
// are offered instead of nothing.

const NOON = '2026-11-23T12:00:00Z';
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;

describeInBrowser('finding a clear window in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let police: string;

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock(NOON));
    const officer = await t.member('TBC', 'OFFICER');
    police = (await t.member('SP', 'OFFICER')).apiKey;
    browser = await launchChromium();
    page = await newPageAt(browser, NOON, { viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
    await signInWithKey(page, t.baseUrl, officer.apiKey);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function planAndFind(): Promise<void> {
    await page.goto(`${t.baseUrl}/#/plan`);
    await page.getByRole('heading', { name: 'Plan a consultation' }).waitFor();
    await planForTamworthsYoungPeople(page, { title: 'Tamworth youth travel survey', startDate: '2027-06-07', endDate: '2027-06-27' });
    await page.getByRole('button', { name: 'Find a clear window' }).click();
  }

  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement!;
      const box = element.getBoundingClientRect();
      return { text: element.textContent, inView: box.top >= 0 && box.bottom <= window.innerHeight };
    });

  it('moves the focus to the clear windows it finds', async () => {
    await planAndFind();
    await page.locator('#windows li').first().waitFor();
    expect(await focused()).toEqual({ text: 'Clear windows', inView: true });
    expect(await page.locator('#windows li').first().textContent()).toMatch(/7 June 2027 to 27 June 2027 \(no clashes\)/);
  });

  it('offers the least clashing dates nearby when nothing in the next year is clear', async () => {
    // The police ask young people across the county for two years, on a panel: every
    // date for Tamworth's young people clashes; the week of the launch some more than others.
    await t.ok(police, REGISTER, {
      input: { title: 'Youth panel, two years', areaCodes: ['E10000028'], audienceCodes: ['YOUNG_PEOPLE'], channels: ['PANEL_SURVEY'], startDate: '2026-12-01', endDate: '2028-11-30' },
    });
    await t.ok(police, REGISTER, {
      input: { title: 'Youth safety week', areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE'], channels: ['PANEL_SURVEY'], startDate: '2027-05-24', endDate: '2027-06-27' },
    });
    await t.settled();
    await planAndFind();
    await page.getByText('No clear window of this length in the next year. The least clashing dates nearby:').waitFor();
    expect(await focused()).toEqual({ text: 'Clear windows', inView: true });
    const offers = await page.locator('#windows li span').first().locator('xpath=ancestor::ul[1]/li').allTextContents();
    expect(offers).toHaveLength(3);
    for (const offer of offers) expect(offer).toMatch(/^\d{1,2} \w+ 2027 to \d{1,2} \w+ 2027 \((\d+ high|\d+ medium|\d+ high and \d+ medium) clash(es)?\)/);
    const count = (offer: string, severity: string) => Number(new RegExp(`(\\d+) ${severity}`).exec(offer)?.[1] ?? 0);
    const sums = offers.map((offer) => count(offer, 'high') * 1000 + count(offer, 'medium'));
    expect([...sums].sort((a, b) => a - b)).toEqual(sums); // least clashing first
    expect(offers.join()).not.toMatch(/7 June 2027 to 27 June 2027/); // the plan's own dates clash more
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^Use these dates/ }).first().click();
    expect(await page.getByLabel('Starts').inputValue()).not.toBe('2027-06-07');
  });
});
