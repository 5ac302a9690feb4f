import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags that work as root on a machine without network; fake camera and mic.
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/**
 * A fresh browser profile per call; closing it removes the profile. `timezoneId` puts the
 * browser somewhere other than this machine's zone.
 */
export async function launchBrowser(
  options: { locale?: string; timezoneId?: string } = {},
): Promise<BrowserContext> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: options.locale ?? 'zh-CN',
    timezoneId: options.timezoneId,
  });
  // Chromium may still be flushing the profile when the context closes.
  context.on(
    'close',
    () =>
      void fs.promises
        .rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
        .catch(() => undefined),
  );
  return context;
}

/** Signs in through the login form on `page` and waits until it lands on `next`. */
export async function signInOn(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  next: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`**${next}`);
}

/**
 * A new page signed in through the login form as a user made by `makeUser` (whose password is
 * `<username>-password-1`), landed on `next`.
 */
export async function signInPage(
  browser: BrowserContext,
  baseUrl: string,
  username: string,
  next: string,
): Promise<Page> {
  const page = await browser.newPage();
  await signInOn(page, baseUrl, username, `${username}-password-1`, next);
  return page;
}
