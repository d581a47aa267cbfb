import { readFileSync } from 'node:fs';
import { Browser, BrowserContextOptions, Download, Page } from 'playwright-core';
import { CHROMIUM, hasChromium } from './chromium';

export { hasChromium, launchChromium } from './chromium';

/** describe for the browser specs: skipped, with a line saying why, where there is no Chromium. */
export const describeInBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`Skipping the browser tests: no Chromium at ${CHROMIUM} (.ci/run installs it with apt; or set CHROMIUM_PATH).`);

// Pages keep Playwright's default wait, 30 s, for what a test waits for: a page that never draws
// fails all the same, and on two cores running the whole suite a page that draws in a second
// alone has taken over ten.

/** A page in a fresh context, as a member at a laptop sees the planner (British English). */
export function laptopPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
}

/** laptopPage with the planner's clock stopped at `instant` (see newPageAt): today is the test's. */
export async function laptopPageAt(browser: Browser, instant: string): Promise<Page> {
  const page = await laptopPage(browser);
  await page.clock.setFixedTime(instant);
  return page;
}

/**
 * A page whose clock is stopped at `instant` (Date.now and new Date; its timers still run), so
 * that the planner's today is the test's, whatever day the test runs.
 */
export async function newPageAt(browser: Browser, instant: string, options?: BrowserContextOptions): Promise<Page> {
  const page = await browser.newPage(options);
  await page.clock.setFixedTime(instant);
  return page;
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core finds against WCAG 2.0–2.2 A and AA on the page as it stands: "rule: where", none when it passes. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Once per document (the planner's pages change within one): not a <script> tag, which the service's CSP refuses.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    // Only violations get a selector for every node they find: that is most of axe's time on a long page.
    (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }),
  );
  return result.violations.map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A download's content as text, read through Playwright (whatever the browser's file system). */
export async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
