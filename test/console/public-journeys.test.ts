/**
 * The console in a real browser (Debian's chromium, playwright-core) against `gba start` on a fresh
 * data directory: search, a service, compare with its chart, a practice and its lineage, the
 * assistant; each step asserts what a person sees, and axe-core finds no WCAG 2.1 AA violation.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable, launch, screenshot } from './support/browser.js';
import { type ConsolePlatform, startConsolePlatform } from './support/console-platform.js';

const run = browserAvailable();

describe.runIf(run)('the console’s public pages, in a browser', { timeout: 60_000 }, () => {
  let platform: ConsolePlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startConsolePlatform(), launch()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  async function open(locale: string, path: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${platform.origin}${path}`);
    return page;
  }

  it('searches 驾驶执照 in Simplified Chinese, opens the Hong Kong service and switches to English', async () => {
    const page = await open('zh-CN', '/search');
    await page.getByRole('heading', { level: 1, name: '搜索', exact: true }).waitFor();
    await page.getByLabel('搜索服务、做法及公告').fill('驾驶执照');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    const hit = page.getByRole('link', { name: '向内地或境外驾驶证持有人直接签发香港正式驾驶执照' });
    await hit.waitFor();
    expect(page.url()).toContain('q=%E9%A9%BE');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'search-zh-hans');

    await hit.click();
    await page
      .getByRole('heading', { level: 1, name: '向内地或境外驾驶证持有人直接签发香港正式驾驶执照', exact: true })
      .waitFor();
    await page.getByRole('heading', { name: '申请资格' }).waitFor();
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { level: 1, name: /direct issue of a full Hong Kong driving licence/i }).waitFor();
    await page.getByRole('heading', { name: 'Who is eligible' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('gba.lang'))).toBe('en');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'service-en');
  });

  it('compares kiosks across Hong Kong, Shenzhen and Guangzhou, with a table, a chart and CSV', async () => {
    const page = await open('zh-HK', '/compare?topic=kiosks&j=HK&j=SZ&j=GZ');
    await page.getByRole('heading', { level: 1, name: '按主題比較各地', exact: true }).waitFor();
    const table = page.getByRole('table');
    await table.getByRole('rowheader', { name: /香港/ }).waitFor();
    await table.getByRole('rowheader', { name: /深圳/ }).waitFor();
    await table.getByRole('rowheader', { name: /廣州/ }).waitFor();
    const chart = page.getByTestId('compare-chart');
    // The chart names its series in the page's script: the legend and axis show them.
    await chart.locator('svg').getByText('自助服務機').first().waitFor();
    await chart.locator('svg').getByText('零跳轉 %').first().waitFor();
    // One bar per jurisdiction for the share, one per channel present in the mix.
    expect(await chart.locator('svg path[fill="#0072B2"]').count()).toBeGreaterThanOrEqual(2);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下載 CSV' }).click();
    const csv = await (await download).createReadStream();
    const text = await new Response(csv as unknown as ReadableStream).text();
    expect(text.split('\r\n')[0]).toMatch(/^jurisdiction,services,practices,online_pct,zero_redirection_pct/);
    expect(text).toMatch(/\r\n香港特別行政區,5,/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'compare-zh-hant', page.getByRole('button', { name: '下載 CSV' }));
    // On a 375 px phone the page does not scroll sideways: the table scrolls in its own box, controls shrink.
    // The chart redraws at its new width when its resize observer fires, a frame or more later (on a
    // loaded machine the old 1125 px chart was still there when read at once).
    await page.setViewportSize({ width: 375, height: 800 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5000 })
      .toBeLessThanOrEqual(375);
  });

  it('opens a practice and follows its lineage by clicking the graph', async () => {
    const page = await open('en-GB', '/practices/prac-hk-eme-zero-redirection');
    await page.getByRole('heading', { level: 1, name: /Zero redirection/ }).waitFor();
    await page.getByRole('heading', { name: 'Lineage' }).waitFor();
    const graph = page.getByTestId('lineage-graph');
    await graph.locator('svg').waitFor();
    await page.getByRole('heading', { name: 'Outcomes' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'practice-lineage-en', page.getByRole('heading', { name: 'Lineage' }));
    await graph
      .getByText(/iShenzhen/)
      .first()
      .click();
    await page.waitForURL(/\/practices\/prac-sz-ishenzhen-single-portal$/);
    await page.getByRole('heading', { level: 1, name: /iShenzhen/ }).waitFor();
  });

  it('asks the assistant in Traditional Chinese and follows a citation', async () => {
    const page = await open('zh-TW', '/assistant');
    await page.getByLabel('您的問題').fill('如何預約駕駛執照櫃檯服務?');
    await page.getByRole('button', { name: '提問' }).click();
    const sources = page.getByRole('navigation', { name: '資料來源' });
    await sources.waitFor();
    const first = sources.getByRole('link').first();
    const title = await first.textContent();
    expect(title).toMatch(/[駕執櫃預約]/);
    // The answer's "詳情" web address is a link that does not hand this page to the other site.
    const details = page.getByTestId('chat').locator('.a p a[href^="https://"]').first();
    await details.waitFor();
    expect(await details.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'assistant-zh-hant');
    await first.click();
    await page.getByRole('heading', { level: 1, name: title ?? '', exact: true }).waitFor();
  });

  it('narrows a search by jurisdiction, keeping the filter in the URL', async () => {
    const page = await open('en-GB', '/search?q=kiosk');
    const results = page.getByRole('list', { name: 'Results' });
    await results.getByRole('link', { name: 'Hong Kong Cross-boundary Public Services kiosk in Dongguan' }).waitFor();
    // The box shows what the URL says: the router commits the new URL in a transition, so a click is
    // followed by the URL, then the box (check() read the box between the two and failed now and then).
    const macao = page.getByRole('group', { name: 'Jurisdictions' }).getByLabel('Macao SAR');
    await macao.click();
    await page.waitForURL(/j=MO/);
    await expect.poll(() => macao.isChecked()).toBe(true);
    await results.getByRole('link', { name: 'Macao multifunctional cross-border self-service kiosks' }).waitFor();
    await results.getByRole('link', { name: /Macao's two-way cross-border self-service/ }).waitFor();
    // Macao's records are in the unfiltered list too: wait for the filtered answer to replace it.
    await expect
      .poll(() => results.getByRole('link', { name: /Hong Kong Cross-boundary Public Services kiosk/ }).count())
      .toBe(0);
    expect(await results.getByText('Announcement', { exact: true }).count()).toBe(0);
    // The same URL, opened afresh, shows the same filtered results.
    const again = await open('en-GB', new URL(page.url()).pathname + new URL(page.url()).search);
    await again.getByRole('list', { name: 'Results' }).getByRole('link').first().waitFor();
    expect(await again.getByRole('group', { name: 'Jurisdictions' }).getByLabel('Macao SAR').isChecked()).toBe(true);
  });

  it('lists announcements filtered to major ones', async () => {
    const page = await open('en-GB', '/announcements');
    await page.getByRole('heading', { level: 1, name: 'Announcements' }).waitFor();
    await page.getByLabel('Importance').selectOption('MAJOR');
    await page.waitForURL(/importance=MAJOR/);
    const items = page
      .getByRole('list')
      .filter({ has: page.getByRole('heading', { level: 2 }) })
      .getByRole('listitem');
    // The router commits the URL before the list refetches, so the unfiltered list can still be on
    // the page for a moment: poll until it is replaced (and fail if it never is).
    const headings = () => items.getByRole('heading', { level: 2 }).allTextContents();
    await expect
      .poll(
        async () => {
          const hs = await headings();
          return hs.length > 0 && hs.every((h) => /^Major /.test(h));
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    // Agencies and jurisdictions by name, never by id (the page shows an id only until the list of
    // agencies, asked apart, has loaded: poll for the names, and fail if an id stays).
    const ids = /\b(hk|sz|gz|gd|mo)-[a-z-]+\b/;
    await expect
      .poll(async () => (await items.locator('.meta').allTextContents()).filter((m) => ids.test(m)), {
        timeout: 10_000,
      })
      .toEqual([]);
    const meta = await items.locator('.meta').allTextContents();
    expect(meta.join('\n')).toContain('Transport Department');
    expect(await page.getByLabel('Jurisdiction').locator('option').allTextContents()).toContain('Hong Kong SAR');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('is usable from the keyboard: the skip link first, then the navigation', async () => {
    const page = await open('en-GB', '/search');
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('driving licence');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=driving\+licence/);
    await page.getByRole('list', { name: 'Results' }).getByRole('link').first().waitFor();
  });
});
