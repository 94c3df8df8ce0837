/**
 * The dev identity provider's sign-in page in a real browser (Debian's chromium): in the browser's
 * language, no WCAG 2.1 AA violation found by axe-core, its own style applied under its CSP, and
 * usable by keyboard alone from the first user to the redirect back with a code.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable, launch } from '../console/support/browser.js';
import { CONSOLE_REDIRECT, consoleAuthUrl, pkcePair } from '../support/code-flow.js';
import { type DevIdpFixture, startDevIdp } from '../support/dev-idp-fixture.js';

describe.runIf(browserAvailable())('the sign-in page, in a browser', { timeout: 60_000 }, () => {
  let idp: DevIdpFixture;
  let browser: Browser;
  beforeAll(async () => {
    [idp, browser] = await Promise.all([startDevIdp(), launch()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await idp?.close();
  });

  it.each([
    ['en-GB', 'en', 'Sign in to GBA Exchange', 'Password'],
    ['zh-HK', 'zh-Hant', '登入大灣區政務交換平台', '密碼'],
    ['zh-CN', 'zh-Hans', '登录大湾区政务交换平台', '密码'],
  ])('in %s is in %s, passes axe and signs in by keyboard alone', async (locale, lang, title, password) => {
    const context = await browser.newContext({ locale });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(consoleAuthUrl(idp.url, pkcePair().challenge));
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const button = page.getByRole('button');
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(11, 79, 156)');

    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await page.getByLabel(password).focus();
    await page.keyboard.type('demo');
    // The console is not running here: the redirect the form's answer sends the browser to is read.
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    expect(answer.status()).toBe(302);
    const back = new URL((await answer.headerValue('location')) as string);
    expect(`${back.origin}${back.pathname}`).toBe(CONSOLE_REDIRECT);
    expect(back.searchParams.get('code')).toEqual(expect.any(String));
    expect(back.searchParams.get('state')).toBe('state-123');
    await context.close();
  });
});
