import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's Chromium, installed by .ci/run; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const browserUnavailableReason = (): string | null =>
  existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

const isCI = ['true', '1'].includes(String(process.env.CI).toLowerCase());

/**
 * `test` when a browser is there; otherwise, locally, `test.skip` with the reason printed, and in
 * CI a test that fails with the reason, so a missing browser never passes silently.
 */
export const browserTest = (): jest.It => {
  const reason = browserUnavailableReason();
  if (!reason) return test;
  if (isCI) {
    return ((name: string) =>
      test(name, () => {
        throw new Error(reason);
      })) as unknown as jest.It;
  }
  console.warn(`[browser tests skipped] ${reason}`);
  return test.skip;
};

/** Playwright gives every launch a fresh, throw-away profile of its own. */
export const launchChromium = async (): Promise<{ browser: Browser; close(): Promise<void> }> => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
};
