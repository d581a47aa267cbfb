import { existsSync } from 'node:fs';
import { Browser, BrowserServer, chromium } from 'playwright-core';
import { TEST_ENV } from './test-env';

// Debian's Chromium, driven by playwright-core, which gives each page a fresh profile. Its
// headless shell (.ci/run installs it with apt) draws the same pages as the full browser for
// half the CPU; the full one serves where the shell is missing. The flags keep it quiet on a
// machine with no internet.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path)) ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const LAUNCH = {
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** The one Chromium a test run shares (global set-up starts it): each launch costs a second of CPU. */
export function startSharedChromium(): Promise<BrowserServer> {
  return chromium.launchServer(LAUNCH);
}

/**
 * Chromium for a spec: the run's shared one when global set-up started it (closing it then only
 * closes this spec's pages and contexts), else one of its own.
 */
export function launchChromium(): Promise<Browser> {
  const shared = process.env[TEST_ENV.chromiumEndpoint];
  return shared ? chromium.connect(shared) : chromium.launch(LAUNCH);
}

