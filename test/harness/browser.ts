import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: the tests never download a browser (STACK.md). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * CI installs Chromium (.ci/run) and must run the browser suite. A developer machine without it
 * skips that suite with a notice instead of failing everything else.
 */
export const describeInBrowser: jest.Describe =
  existsSync(CHROMIUM) || process.env.CI === 'true'
    ? describe
    : (((name: string, fn: () => void) => {
        // eslint-disable-next-line no-console
        console.warn(`Skipping "${name}": no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
        describe.skip(name, fn);
      }) as unknown as jest.Describe);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Git-ignored: screenshots a person looks at to check the pages look right. */
export const SCREENSHOTS = resolve(__dirname, '../screenshots');

export async function screenshot(page: Page, name: string, directory = SCREENSHOTS): Promise<string> {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
