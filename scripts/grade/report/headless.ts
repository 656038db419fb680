/**
 * Debian's Chromium, headless, for checking the class report as a browser
 * shows it. Quiet flags: no network of its own, no updates, no first-run.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

export function chromiumMissing(): string | undefined {
  return existsSync(chromiumPath) ? undefined : `${chromiumPath} is not installed (sudo bash scripts/install-system-packages.sh installs it)`;
}

/** A throw-away profile (--user-data-dir), removed on close. */
export async function launchChromium(): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'bare-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
