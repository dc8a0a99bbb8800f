import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (test/support/ensure-browser.sh installs it), never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium as this machine allows it: no sandbox (root), no GPU, no background networking. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the browser tests need Debian's Chromium (apt-get update && apt-get install -y chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}
