/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, launchChromium, newPageAt } from '../support/browser';
import { planForTamworthsYoungPeople, signInWithKey } from '../support/planner-page';
import { createTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';

// Every page of the planner, and its error states, in Chromium: axe (WCAG 2.0–2.2 A and AA) finds
// nothing, on a 1,280 px screen and on a 320 px phone, where no page scrolls sideways (wide tables
// and the timeline scroll within themselves); printed, the timeline, the load and a consultation
// fill A4 landscape with their colours and without the controls. The pictures for the README are
// taken here (test-artifacts/readme-*.png, copied to docs/screenshots/).

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const NOON = '2026-11-23T12:00:00Z';
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;

describeInBrowser('every page of the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let officer: string;
  let coordinator: string;
  let clashing: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({}, undefined, new TestClock(NOON));
    officer = (await t.member('TBC', 'OFFICER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    const lichfield = (await t.member('LDC', 'OFFICER')).apiKey;
    const survey = { areaCodes: ['E10000028'], audienceCodes: ['YOUNG_PEOPLE'], channels: ['ONLINE_SURVEY'], topics: ['parks'] };
    await t.ok(lichfield, REGISTER, { input: { ...survey, title: 'Parks and play areas survey', startDate: '2027-03-01', endDate: '2027-04-30' } });
    await t.ok(lichfield, REGISTER, { input: { ...survey, title: 'Winter play schemes', startDate: '2026-11-02', endDate: '2027-01-10' } });
    // Tamworth's play spaces plan runs into the pre-election period: a HIGH clash, unacknowledged.
    clashing = (
      await t.ok(officer, REGISTER, {
        input: { title: 'Tamworth play spaces consultation', areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE'], channels: ['ONLINE_SURVEY', 'DROP_IN'], statutory: true, expectedRespondents: 250, startDate: '2027-03-15', endDate: '2027-04-25' },
      })
    ).registerConsultation.id;
    await t.settled();
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(width: number, key: string): Promise<void> {
    await page?.close();
    page = await newPageAt(browser, NOON, { viewport: { width, height: width < 500 ? 720 : 900 }, locale: 'en-GB' });
    await signInWithKey(page, t.baseUrl, key);
  }

  /** Each page, by its address, once what it draws is there; then whatever makes its error state. */
  const OFFICER_PAGES: [string, string, ((page: Page) => Promise<unknown>)?][] = [
    ['#/timeline', '#timeline .timeline'],
    ['#/load', 'table.load-grid'],
    ['#/clashes', '#clash-list > p'],
    ['#/plan', '#plan'],
    ['#/plan', '#plan', async (p) => {
      await p.getByLabel('Title').fill('');
      await p.getByRole('button', { name: 'Register' }).click();
      await p.locator('.govuk-error-summary').waitFor();
    }],
    [`#/consultation/${'CLASHING'}`, '#clash-groups .clash-group'],
    [`#/consultation/${'CLASHING'}`, '#clash-groups .clash-group', async (p) => {
      await p.getByRole('button', { name: 'Launch' }).click();
      await p.locator('#action-error .govuk-error-summary').waitFor();
    }],
    ['#/import', '#import'],
    ['#/import', '#import', async (p) => {
      await p.setInputFiles('#file', { name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from('title,start,end,area codes,audience codes\nLibrary hours,31/02/2027,2027-03-20,E07000199,RESIDENTS\n') });
      await p.getByRole('button', { name: 'Check the file' }).click();
      await p.locator('ul.problems').waitFor();
    }],
    ['#/blackouts', '#periods table'],
    ['#/digest', 'iframe.digest-preview'],
    ['#/feed', '#feeds p'],
    ['#/codes', 'table'],
    ['#/account', 'h1'],
  ];
  const COORDINATOR_PAGES: [string, string, ((page: Page) => Promise<unknown>)?][] = [
    ['#/members', '#members table'],
    ['#/reference', '#areas table'],
    ['#/review', 'h1'],
    ['#/blackouts', '#period-form form', async (p) => {
      await p.getByLabel('Name', { exact: true }).fill('Tamworth by-election');
      await p.getByLabel('Starts').fill('2027-03-25');
      await p.getByLabel('Ends').fill('2027-03-20');
      await p.getByRole('button', { name: 'Add blackout period' }).click();
      await p.locator('#period-errors .govuk-error-summary').waitFor();
    }],
  ];

  async function visit([address, drawn, toError]: [string, string, ((page: Page) => Promise<unknown>)?]): Promise<string> {
    await page.goto(`${t.baseUrl}/${address.replace('CLASHING', clashing)}`);
    await page.locator(drawn).first().waitFor();
    if (toError) await toError(page);
    return `${address.replace('CLASHING', 'id')}${toError ? ' (error)' : ''}`;
  }

  const sideways = () => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);

  for (const width of [1280, 320]) {
    it(`passes axe on every page and error state at ${width} px, none scrolling sideways`, async () => {
      const found: { page: string; sideways: number; violations: string[] }[] = [];
      for (const [key, pages] of [[officer, OFFICER_PAGES], [coordinator, COORDINATOR_PAGES]] as const) {
        await signIn(width, key);
        for (const each of pages) {
          const name = await visit(each);
          found.push({ page: name, sideways: Math.max(0, await sideways()), violations: await accessibilityViolations(page) });
        }
      }
      // Signed out: the sign-in page, and a key refused.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').fill('cc_not_a_key');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      found.push({ page: 'sign in (error)', sideways: Math.max(0, await sideways()), violations: await accessibilityViolations(page) });
      expect(found.filter((f) => f.sideways > 0 || f.violations.length)).toEqual([]);
      expect(found.length).toBe(OFFICER_PAGES.length + COORDINATOR_PAGES.length + 1);
    }, 180_000); // some twenty pages, each checked by axe
  }

  it('folds the menu behind a Menu button on a phone', async () => {
    await signIn(320, officer);
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await page.getByRole('link', { name: 'Load', exact: true }).isVisible()).toBe(false);
    await menu.click();
    await page.getByRole('link', { name: 'Load', exact: true }).click();
    await page.getByRole('heading', { name: 'Load across the network' }).waitFor();
    expect(await page.getByRole('link', { name: 'Timeline', exact: true }).isVisible()).toBe(false); // folded again
    // The first screen is the page's, not the menu's: the heading is in sight.
    expect(await page.getByRole('heading', { level: 1 }).evaluate((h) => h.getBoundingClientRect().bottom < window.innerHeight / 2)).toBe(true);
  });

  it('prints the timeline, the load and a consultation on A4 landscape, in colour, without the controls', async () => {
    await signIn(1280, officer);
    for (const [address, drawn] of [['#/timeline', '#timeline .timeline'], ['#/load', 'table.load-grid'], [`#/consultation/${clashing}`, '#clash-groups .clash-group']]) {
      await page.goto(`${t.baseUrl}/${address}`);
      await page.locator(drawn).first().waitFor();
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const shown = (selector: string) => Array.from(document.querySelectorAll(selector)).filter((e) => (e as HTMLElement).offsetParent !== null).length;
        const coloured = document.querySelector('.load-fatigue, .load-at-limit, .load-light, .bar, .clash-group')!;
        return {
          controls: shown('button, select, input, .govuk-service-navigation__wrapper'),
          colourKept: getComputedStyle(coloured).printColorAdjust,
          background: getComputedStyle(coloured).backgroundColor,
          heading: shown('h1'),
        };
      });
      expect({ address, ...printed }).toEqual({ address, controls: 0, colourKept: 'exact', background: expect.not.stringMatching(/^rgba\(0, 0, 0, 0\)$/), heading: 1 });
      // The timeline is packed again for the page's width: every title still inside it.
      const outside = await page.evaluate(() => {
        const timeline = document.querySelector('.timeline')?.getBoundingClientRect();
        return Array.from(document.querySelectorAll('.bar-label'), (label) => label.getBoundingClientRect()).filter((box) => box.right > timeline!.right + 1).length;
      });
      expect({ address, outside }).toEqual({ address, outside: 0 });
      const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
      const [width, height] = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf)!.slice(1).map(Number);
      expect({ address, width: Math.round(width), height: Math.round(height) }).toEqual({ address, width: 842, height: 595 }); // A4 landscape, in points
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('takes the README’s pictures, on a laptop and a phone (the timeline’s on a laptop: timeline.browser.spec.ts)', async () => {
    for (const [width, suffix] of [[1280, ''], [390, '-phone']] as const) {
      await signIn(width, officer);
      const pages = [['timeline', '#/timeline', '#timeline .timeline'], ['plan', '#/plan', '#plan'], ['consultation', `#/consultation/${clashing}`, '#clash-groups .clash-group']];
      for (const [name, address, drawn] of pages.filter(([name]) => suffix || name !== 'timeline')) {
        await page.goto(`${t.baseUrl}/${address}`);
        await page.locator(drawn).first().waitFor();
        if (name === 'plan') {
          await planForTamworthsYoungPeople(page, { title: 'Tamworth youth travel survey', startDate: '2027-03-15', endDate: '2027-04-25' });
          await page.locator('#clashes .clash').first().waitFor();
        }
        await page.screenshot({ path: join(ARTIFACTS, `readme-${name}${suffix}.png`), fullPage: width > 500 });
      }
    }
  });
});
