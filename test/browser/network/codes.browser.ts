/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, launchChromium } from '../../support/browser';
import { createTestApp, TestApp } from '../../support/test-app';

// The codes a plan is written in, for every member on the Codes page; an audience's reach,
// changed by a coordinator on Reference data.

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');

describeInBrowser('the codes in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let viewer: string;
  let coordinator: string;

  const violations = () => accessibilityViolations(page);
  const signIn = async (key: string) => {
    await page.goto(t.baseUrl);
    await page.context().clearCookies(); // signed in, the browser holds only a session cookie
    await page.reload();
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  };
  const cellsOf = (table: string, code: string) =>
    page.getByRole('table', { name: table }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: code, exact: true }) }).locator('th, td').allTextContents();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    viewer = (await t.member('SCC', 'VIEWER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a viewer the organisations, audiences with their reach, channels with their kind and the main areas', async () => {
    await signIn(viewer);
    await page.getByRole('link', { name: 'Codes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Codes' }).waitFor();
    await page.getByRole('table', { name: 'Audiences' }).waitFor();
    expect(await cellsOf('Organisations', 'SOTCC')).toEqual(['SOTCC', 'Stoke-on-Trent City Council']);
    expect(await cellsOf('Audiences', 'CITIZENS_PANEL')).toEqual(['CITIZENS_PANEL', "Staffordshire and Stoke-on-Trent Citizens' Panel", 'Residents', 'ALL_ASKED']);
    expect(await cellsOf('Audiences', 'RESIDENTS')).toEqual(['RESIDENTS', 'Residents', '', 'GENERAL']);
    expect(await cellsOf('Channels', 'PANEL_SURVEY')).toEqual(['PANEL_SURVEY', 'PERSONAL']);
    expect(await cellsOf('Channels', 'ONLINE_SURVEY')).toEqual(['ONLINE_SURVEY', 'BROADCAST']);
    expect(await cellsOf('Main areas', 'E10000028')).toEqual(['E10000028', 'Staffordshire', 'County']);
    expect(await cellsOf('Main areas', 'E07000199')).toEqual(['E07000199', 'Tamworth', 'District']);
    expect(await page.getByRole('definition').first().textContent()).toMatch(/^every member is contacted/);
    expect(await violations()).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'codes.png'), fullPage: true });

    // Reference data says where the codes are; the viewer changes nothing there.
    await page.goto(`${t.baseUrl}/#/reference`);
    await page.getByText('Only network coordinators change organisations, areas and audiences.').waitFor();
    expect(await page.getByRole('link', { name: 'Codes' }).count()).toBe(2); // the menu's and the page's
  });

  it('lets a coordinator change an audience’s reach', async () => {
    await signIn(coordinator);
    await page.getByRole('link', { name: 'Reference data' }).click();
    await page.getByRole('button', { name: 'Change Older people (65+)' }).click();
    const form = page.getByRole('form', { name: 'Change Older people (65+)' });
    expect(await form.getByLabel('Reach').inputValue()).toBe('GROUP');
    await form.getByLabel('Reach').selectOption('ALL_ASKED');
    expect(await violations()).toEqual([]);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved the change to OLDER_PEOPLE.').waitFor();
    await page.getByRole('row', { name: /^Older people \(65\+\) OLDER_PEOPLE Group Residents ALL_ASKED/ }).waitFor();
    const { audiences } = await t.ok(viewer, `{ audiences { code name reach } }`);
    expect(audiences.find((a: { code: string }) => a.code === 'OLDER_PEOPLE')).toEqual({ code: 'OLDER_PEOPLE', name: 'Older people (65+)', reach: 'ALL_ASKED' });

    await page.getByRole('link', { name: 'Codes' }).click();
    await page.getByRole('table', { name: 'Audiences' }).waitFor();
    expect(await cellsOf('Audiences', 'OLDER_PEOPLE')).toEqual(['OLDER_PEOPLE', 'Older people (65+)', 'Residents', 'ALL_ASKED']);
  });
});
