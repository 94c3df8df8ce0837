/**
 * A resident in the console, in a real browser: hk-official asks (through the API) for consent on a
 * case whose data comes from Guangzhou; the resident signs in, sees the preview with the real values
 * and approves identity only; hk-official then sees the name and not the phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable, launch, screenshot } from './support/browser.js';
import { type ConsolePlatform, startConsolePlatform } from './support/console-platform.js';

const run = browserAvailable();

describe.runIf(run)('a resident answers a consent request in the console', { timeout: 90_000 }, () => {
  let platform: ConsolePlatform;
  let browser: Browser;
  let resident: Page;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startConsolePlatform(), launch()]);
  }, 120_000);
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && resident)
      await screenshot(resident, `failed-${task.name.slice(0, 40)}-resident`);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field.
  async function api(who: string, query: string, variables?: Record<string, unknown>): Promise<any> {
    const response = await fetch(`${platform.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await platform.token(who)}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  }

  it('lets hk-official request consent on a case from another jurisdiction', async () => {
    const a = await api(
      'hk-official',
      'mutation R($input: RequestConsentInput!) { requestConsent(input: $input) { id state } }',
      {
        input: {
          case: 'case-0002',
          categories: ['IDENTITY', 'CONTACT'],
          purpose: 'licence-conversion',
          expiresAt: '2027-06-30T23:59:59+08:00',
          note: 'To convert your Mainland driving licence.',
        },
      },
    );
    expect(a.errors).toBeUndefined();
    expect(a.data.requestConsent.state).toBe('PENDING');
  });

  it('shows the resident the preview with the real values, and takes an approval of identity only', async () => {
    const context = await browser.newContext({ locale: 'en-HK', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    resident = await context.newPage();
    await resident.goto(`${platform.origin}/`);
    await resident.getByRole('button', { name: 'Sign in' }).click();
    await resident.waitForURL(`${platform.idpUrl}/**`);
    await resident.getByLabel(/^p-0005/).check();
    await resident.getByLabel(/password/i).fill('demo');
    await resident.locator('button[type=submit]').click();
    await resident.waitForURL(`${platform.origin}/`);
    await resident.getByRole('link', { name: 'My consent requests' }).click();
    const card = resident.getByTestId('consent-request');
    await card.getByRole('heading', { name: 'Transport Department asks to see, until 2027-06-30' }).waitFor();
    const preview = await card.getByRole('table').innerText();
    expect(preview).toContain('MainlandID 4401***00');
    expect(preview).toMatch(/Phone\s+\+86/);
    expect(preview).toContain('Transport Department (HK)');
    expect(await axeViolations(resident)).toEqual([]);
    await screenshot(resident, 'resident-preview-card', card);
    await card.getByLabel('Contact').uncheck();
    await card.getByRole('button', { name: 'Approve the ticked only' }).click();
    await resident.getByRole('status').getByText('Approved: a consent with its signed receipt was created.').waitFor();
    await resident.getByText('No request waits for your answer.').waitFor();
    expect(await resident.getByTestId('my-cases').innerText()).toContain('case-0002');
  });

  it('lets hk-official see the name now, and still not the phone', async () => {
    const a = await api('hk-official', '{ case(id: "case-0002") { applicant { name { en } phone } } }');
    expect(a.data.case.applicant.name.en).toEqual(expect.any(String));
    expect(a.data.case.applicant.phone).toBeNull();
    expect(a.errors?.[0]?.extensions.code).toBe('CONSENT_REQUIRED');
  });
});
