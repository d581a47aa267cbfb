/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { addDays } from '../../src/common/dates/calendar-date';
import { accessibilityViolations, describeInBrowser, launchChromium, newPageAt } from '../support/browser';
import { signInWithKey } from '../support/planner-page';
import { createTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';

// The timeline at a network's scale, in Chromium: 220 consultations of eight bodies in 2027,
// imported through the API. Rows are shared by bars that do not meet, every title is shown whole
// (inside its bar or just after it) and never overlaps another, a bar is reachable by keyboard and
// tells its dates when hovered or focused, badges count only what is still open and sit before the
// title, a bar that began before the view still shows its title, and the periods are the
// calendar's: today's quarter, a real month, a calendar and a financial year, and any date.

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const TODAY = '2027-02-10';
const NOON = `${TODAY}T12:00:00Z`;
const BODIES = ['TBC', 'LDC', 'SBC', 'CCDC', 'ESBC', 'SMDC', 'NULBC', 'SSDC'];
const PER_BODY = 27; // 216, and four more below
const TOPICS = ['Library opening hours', 'Parks and play areas', 'Bus routes', 'Bin collections', 'Town centre parking', 'Youth services', 'Leisure centres', 'Housing repairs'];
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const LONG_TITLE = 'Neighbourhood plan: green spaces, parking and new homes, a consultation for every resident of the borough';

describeInBrowser('the timeline at network scale', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let clashing: string;
  let officer: { apiKey: string };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({}, undefined, new TestClock(NOON));
    const { organisations } = await t.ok((await t.member('SCC', 'VIEWER')).apiKey, '{ organisations { code } }');
    const bodies = BODIES.filter((code) => organisations.some((o: { code: string }) => o.code === code));
    expect(bodies).toHaveLength(BODIES.length);
    const { areas: districts } = await t.ok((await t.member('SCC', 'VIEWER')).apiKey, '{ areas(level: DISTRICT) { code } }');
    for (const [b, body] of bodies.entries()) {
      const key = (await t.member(body, 'OFFICER')).apiKey;
      const { areas: wards } = await t.ok(key, `query($parent: String) { areas(parentCode: $parent) { code name } }`, { parent: districts[b % districts.length].code });
      // One in a different ward each time, every 12 days, two to six weeks long: few clashes, many bars.
      const rows = Array.from({ length: PER_BODY }, (_, i) => {
        const start = addDays('2027-01-04', (i * 12 + b * 3) % 350);
        const title = i % 9 === 4 ? `${LONG_TITLE} (${b}-${i})` : `${TOPICS[(i + b) % TOPICS.length]} in ${wards[i % wards.length].name}`;
        return `"${title}",${start},${addDays(start, 13 + ((i * 7) % 29))},${wards[i % wards.length].code},RESIDENTS`;
      });
      const { importConsultations } = await t.ok(key, `mutation($csv: String!) { importConsultations(csv: $csv) { imported problems { message } } }`, {
        csv: ['title,start,end,area codes,audience codes', ...rows].join('\n'),
      });
      expect(importConsultations).toEqual({ imported: true, problems: [] });
    }
    // Tamworth's budget survey meets a police panel survey (HIGH) and a later budget one (MEDIUM).
    officer = await t.member('TBC', 'OFFICER');
    const police = (await t.member('SP', 'OFFICER')).apiKey;
    const panel = { areaCodes: ['E07000199'], channels: ['PANEL_SURVEY'], startDate: '2027-09-06', endDate: '2027-09-26' };
    clashing = (await t.ok(officer.apiKey, REGISTER, { input: { ...panel, title: 'Tamworth budget priorities', topics: ['budget'], audienceCodes: ['CITIZENS_PANEL'] } })).registerConsultation.id;
    await t.ok(police, REGISTER, { input: { ...panel, title: 'Neighbourhood policing priorities', topics: ['policing'], audienceCodes: ['CITIZENS_PANEL'] } });
    await t.ok(police, REGISTER, { input: { ...panel, title: 'Policing budget and precept', topics: ['budget'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'], startDate: '2027-10-04', endDate: '2027-10-31' } });
    // A winter survey that began before the year and runs into its first quarter.
    await t.ok(police, REGISTER, { input: { title: 'Winter road safety survey', areaCodes: ['E07000197'], audienceCodes: ['RESIDENTS'], startDate: '2026-12-07', endDate: '2027-01-24' } });
    await t.settled();
    browser = await launchChromium();
    page = await newPageAt(browser, NOON, { viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await signInWithKey(page, t.baseUrl, officer.apiKey);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const status = () => page.locator('#timeline-status');
  const show = (view: string) => page.getByLabel('Show').selectOption(view);
  const shown = (text: RegExp) => page.locator('#timeline-status', { hasText: text }).waitFor();

  it('opens on today’s calendar quarter, by the app’s clock, and shows a bar that began before it with its title', async () => {
    await shown(/^1 January 2027 to 31 March 2027: \d+ consultations\.$/);
    expect(await page.getByRole('list', { name: 'Weeks' }).locator('li').first().textContent()).toBe('1 Jan');
    const winter = page.getByRole('link', { name: /^Winter road safety survey/ });
    const { label, timeline } = await winter.evaluate((a) => ({
      label: a.querySelector('.bar-label')!.getBoundingClientRect().toJSON(),
      timeline: a.closest('.timeline')!.getBoundingClientRect().toJSON(),
    }));
    expect(await winter.locator('.bar-label').evaluate((l) => l.lastChild!.textContent)).toBe('Winter road safety survey'); // after its badge
    expect(label.left).toBeGreaterThanOrEqual(timeline.left);
    expect(label.right).toBeLessThanOrEqual(timeline.right);
  });

  it('shows a real calendar month, a calendar year and a financial year, and jumps to a date', async () => {
    await show('month');
    await shown(/^1 February 2027 to 28 February 2027:/);
    await page.getByRole('button', { name: 'Earlier' }).click();
    await shown(/^1 January 2027 to 31 January 2027:/);
    await page.getByLabel('Go to the date').fill('2027-08-15');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await shown(/^1 August 2027 to 31 August 2027:/);
    await show('financial-year');
    await shown(/^1 April 2027 to 31 March 2028:/);
    expect(await page.getByRole('list', { name: 'Months' }).locator('li').allTextContents()).toEqual(
      ['Apr 2027', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec', 'Jan 2028', 'Feb', 'Mar'].map((m) => expect.stringMatching(new RegExp(`^${m.slice(0, 3)}`))),
    );
    await page.getByRole('button', { name: 'Earlier' }).click();
    await shown(/^1 April 2026 to 31 March 2027:/);
    await show('year');
    await shown(/^1 January 2027 to 31 December 2027: 220 consultations\.$/);
  });

  it('reads at network scale: rows shared, every title whole and clear of the others, reachable by keyboard', async () => {
    await shown(/: 220 consultations\.$/);
    expect(await page.locator('.timeline .bar').count()).toBe(220);
    const layout = await page.evaluate(() => {
      const timeline = document.querySelector('.timeline')!.getBoundingClientRect();
      const groups = Array.from(document.querySelectorAll('.timeline .group'), (group) => {
        const bars = Array.from(group.querySelectorAll('.bar'), (bar) => {
          const box = bar.getBoundingClientRect();
          const label = bar.querySelector('.bar-label') as HTMLElement;
          const text = label.getBoundingClientRect();
          return {
            title: bar.querySelector('a')!.title,
            label: label.textContent,
            cut: label.scrollWidth > label.clientWidth + 1,
            top: Math.round(box.top),
            left: Math.min(box.left, text.left),
            right: Math.max(box.right, text.right),
          };
        });
        return { name: group.querySelector('h2')!.textContent, bars, rows: new Set(bars.map((b) => b.top)).size };
      });
      return { left: timeline.left, right: timeline.right, groups };
    });
    const bars = layout.groups.flatMap((g) => g.bars);
    // Rows shared: on a year at 1,280 px, with titles of 25 to 110 characters kept whole, two bars
    // or more a row.
    const rows = layout.groups.reduce((sum, g) => sum + g.rows, 0);
    expect(rows).toBeLessThanOrEqual(bars.length * 0.55);
    // Every title whole, inside the timeline, and never over another bar or title in its row.
    expect(bars.filter((b) => b.cut || !b.title.startsWith(b.label!.replace(/^\d+/, '')))).toEqual([]);
    for (const bar of bars) expect({ bar: bar.label, inside: bar.left >= layout.left - 1 && bar.right <= layout.right + 1 }).toEqual({ bar: bar.label, inside: true });
    for (const group of layout.groups) {
      for (const [i, a] of group.bars.entries()) {
        const overlapping = group.bars.slice(i + 1).filter((b) => b.top === a.top && b.left < a.right - 1 && a.left < b.right - 1);
        expect({ bar: a.label, overlapping: overlapping.map((b) => b.label) }).toEqual({ bar: a.label, overlapping: [] });
      }
    }
    // The long titles too, whole.
    expect(bars.filter((b) => b.label!.startsWith('Neighbourhood plan: green spaces')).length).toBeGreaterThanOrEqual(16);

    // A bar is a link the keyboard reaches; focused (or hovered), it tells its dates and status.
    const first = page.locator('.timeline .bar a').first();
    await page.getByRole('button', { name: 'Download for Excel' }).focus();
    for (let i = 0; i < 12 && !(await first.evaluate((a) => a === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await first.evaluate((a) => a === document.activeElement)).toBe(true);
    const detail = first.locator('.bar-detail');
    expect(await detail.evaluate((d) => d.getBoundingClientRect().width)).toBeGreaterThan(50);
    const dates = /\(\d{1,2} \w+ 202\d to \d{1,2} \w+ 2027, planned(, \d+ clash(es)? to look at)?\)$/;
    expect(await detail.textContent()).toMatch(dates);
    expect(await first.getAttribute('title')).toMatch(dates);
    expect(await accessibilityViolations(page)).toEqual([]);
    // The picture for the README (docs/screenshots/timeline.png): the year's first screen of bars.
    const top = await page.locator('#timeline-status').evaluate((p) => p.getBoundingClientRect().top + window.scrollY);
    await page.screenshot({ path: join(ARTIFACTS, 'readme-timeline.png'), fullPage: true, clip: { x: 0, y: top - 10, width: 1280, height: 900 } });
  });

  it('counts on a badge, before the title, only the high and medium clashes nobody has acknowledged', async () => {
    const budget = page.getByRole('link', { name: /^Tamworth budget priorities/ });
    expect(await budget.locator('.clash-mark').textContent()).toBe('2');
    expect(await budget.getAttribute('title')).toMatch(/, 2 clashes to look at\)$/);
    const clear = await budget.evaluate((a) => {
      const mark = a.querySelector('.clash-mark')!.getBoundingClientRect();
      const words = document.createRange();
      words.selectNodeContents(a.querySelector('.bar-label')!.lastChild!);
      return mark.right <= words.getBoundingClientRect().left;
    });
    expect(clear).toBe(true);

    // One acknowledged: the badge counts the other.
    const { consultation } = await t.ok(officer.apiKey, `query($id: ID!) { consultation(id: $id) { conflicts { id severity } } }`, { id: clashing });
    const high = consultation.conflicts.filter((c: { severity: string }) => c.severity === 'HIGH').map((c: { id: string }) => c.id);
    await t.ok(officer.apiKey, `mutation($ids: [ID!]!) { acknowledgeConflicts(ids: $ids, note: "Agreed with the police: one panel mailing") { id } }`, { ids: high });
    // Drawn again: away and back, each year waited for (the status still names 2027 until the next draw).
    await page.getByRole('button', { name: 'Later' }).click();
    await shown(/^1 January 2028 to 31 December 2028:/);
    await page.getByRole('button', { name: 'Earlier' }).click();
    await shown(/^1 January 2027 to 31 December 2027:/);
    expect(await page.getByRole('link', { name: /^Tamworth budget priorities/ }).locator('.clash-mark').textContent()).toBe('1');
  });
});
