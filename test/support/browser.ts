import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

// Debian's Chromium (installed by .ci/run with apt), driven by playwright-core, which gives it a
// fresh profile. The flags keep it quiet on a machine with no internet.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
