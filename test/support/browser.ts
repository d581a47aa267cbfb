import { existsSync } from 'node:fs';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';

// Debian's Chromium (installed by .ci/run with apt), driven by playwright-core, which gives it a
// fresh profile. The flags keep it quiet on a machine with no internet.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** describe for the browser specs: skipped, with a line saying why, where there is no Chromium. */
export const describeInBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`Skipping the browser tests: no Chromium at ${CHROMIUM} (.ci/run installs it with apt; or set CHROMIUM_PATH).`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
