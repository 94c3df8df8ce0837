/**
 * The residents' centre, the auditors' and the operators' pages in a real browser: hk-official asks
 * (through the API) for consent on a case whose data comes from Guangzhou; the resident signs in,
 * sees the preview with the real values and approves identity only; hk-official then sees the name
 * and not the phone; the resident revokes (the receipt checked in the browser) and hk-official is
 * refused; the resident's timeline shows the allowed and the refused access; the auditor verifies
 * the chain; the operator replays a dead letter once its cause is fixed and sees it applied.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { devPartnerKeys, signedBinary } from '../support/partner-signing.js';
import { axeViolations, browserAvailable, launch, screenshot } from './support/browser.js';
import { type ConsolePlatform, startConsolePlatform } from './support/console-platform.js';

const run = browserAvailable();

describe.runIf(run)('a resident answers a consent request in the console', { timeout: 90_000 }, () => {
  let platform: ConsolePlatform;
  let browser: Browser;
  let resident: Page;
  let auditor: Page;
  let admin: Page;

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

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-HK', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${platform.origin}/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${platform.idpUrl}/**`);
    await page.getByLabel(new RegExp(`^${username}`)).check();
    await page.getByLabel(/password/i).fill('demo');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${platform.origin}/`);
    await page.getByTestId('signed-in-as').getByText(username).waitFor();
    return page;
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
    resident = await signIn('p-0005');
    await resident.locator('header').getByRole('link', { name: 'My consent requests' }).click();
    const card = resident.getByTestId('consent-request');
    await card.getByRole('heading', { name: 'Transport Department asks to see, until 2027-06-30' }).waitFor();
    const preview = (await card.getByRole('table').textContent()) ?? '';
    expect(preview).toContain('MainlandID 4401***00');
    expect(preview).toMatch(/Phone\+86/);
    expect(preview).toContain('Transport Department (Hong Kong SAR)');
    // The purpose readable, with the case's service; no raw ids.
    expect(await card.getByText(/^For: /).textContent()).toMatch(/^For: Converting a driving licence \(.+\)$/);
    expect(await axeViolations(resident)).toEqual([]);
    await screenshot(resident, 'resident-preview-card', card);
    await card.getByLabel('Contact').uncheck();
    await card.getByRole('button', { name: 'Approve the ticked only' }).click();
    await resident.getByRole('status').getByText('Approved: a consent with its signed receipt was created.').waitFor();
    await resident.getByText('No request waits for your answer.').waitFor();
    expect(await resident.getByTestId('my-cases').textContent()).toContain('case-0002');
    expect(await resident.getByTestId('my-cases').textContent()).not.toMatch(/svc-|REJECTED|APPROVED|IN_REVIEW/);
  });

  it('lets hk-official see the name now, and still not the phone', async () => {
    const a = await api('hk-official', '{ case(id: "case-0002") { applicant { name { en } phone } } }');
    expect(a.data.case.applicant.name.en).toEqual(expect.any(String));
    expect(a.data.case.applicant.phone).toBeNull();
    expect(a.errors?.[0]?.extensions.code).toBe('CONSENT_REQUIRED');
  });

  it('checks in the browser the stored receipt of each listed consent, the seeded one too', async () => {
    const consents = resident.getByTestId('my-consents');
    const valid = /^Receipt of the granted consent: signature valid, signed by GBA Exchange, key id [\w-]+\.$/;
    // con-0002 came with the sample data set (expired by now); its receipt was signed at seeding.
    const seeded = consents.getByRole('listitem').filter({ hasText: 'expired' });
    await seeded.getByTestId('consent-receipt').getByText(valid).waitFor();
    const approved = consents.getByRole('listitem').filter({ hasText: 'active' });
    await approved.getByTestId('consent-receipt').getByText(valid).waitFor();
  });

  it('lets the resident revoke after confirming, checks the receipt in the browser, and hk-official is refused', async () => {
    const consents = resident.getByTestId('my-consents');
    const item = consents
      .getByRole('listitem')
      .filter({ hasText: 'Transport Department' })
      .filter({ hasText: 'active' });
    resident.once('dialog', (dialog) => dialog.accept());
    await item.getByRole('button', { name: 'Revoke' }).click();
    await resident
      .getByTestId('receipt-check')
      .getByText(/^Receipt of the revoked consent: signature valid, signed by GBA Exchange, key id [\w-]+\.$/)
      .waitFor();
    const a = await api('hk-official', '{ case(id: "case-0002") { applicant { name { en } } } }');
    expect(a.data.case.applicant.name).toBeNull();
    expect(a.errors?.[0]?.extensions.code).toBe('CONSENT_REQUIRED');
  });

  it('shows the resident a timeline with the allowed access and the refused one, filterable', async () => {
    // Sixty more refusals push the allowed access off the first page of fifty: "Load more" brings it.
    for (let i = 0; i < 60; i++) await api('hk-official', '{ case(id: "case-0002") { applicant { phone } } }');
    await resident.locator('header').getByRole('link', { name: 'My data accesses' }).click();
    const table = resident.getByTestId('audit-records');
    const more = resident.getByTestId('more-records');
    await more.getByText(/^Showing 50 of \d+\./).waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'allowed' }).count()).toBe(0);
    await more.getByRole('button', { name: 'Load more' }).click();
    await table.getByRole('row').filter({ hasText: 'hk-official' }).filter({ hasText: 'allowed' }).first().waitFor();
    await table.getByRole('row').filter({ hasText: 'hk-official' }).filter({ hasText: 'refused' }).first().waitFor();
    // The agency by its name in the chosen language, never its id.
    await table.getByRole('cell', { name: 'Transport Department (Hong Kong SAR)' }).first().waitFor();
    const agencyCells = await table.locator('tbody td:nth-child(3)').allTextContents();
    expect(agencyCells.filter((c) => /hk-td|\(HK\)/.test(c))).toEqual([]);
    await screenshot(resident, 'resident-timeline', table);
    await resident.getByLabel('Outcome').selectOption('DENY');
    await expect.poll(async () => await table.getByRole('row').filter({ hasText: 'allowed' }).count()).toBe(0);
    const [download] = await Promise.all([
      resident.waitForEvent('download'),
      resident.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('my-data-accesses.csv');
  });

  it('lets the auditor verify the chain from the page', async () => {
    auditor = await signIn('auditor');
    // Home offers the auditor's own page, not an invitation to sign in as an official.
    await auditor.getByTestId('role-pages').getByRole('link', { name: 'Audit' }).waitFor();
    expect(await auditor.locator('main').textContent()).not.toContain('Sign in as an official');
    await auditor.getByTestId('role-pages').getByRole('link', { name: 'Audit' }).click();
    await auditor
      .getByTestId('chain-state')
      .getByText(/^\d+ records; head [0-9a-f]{64}$/)
      .waitFor();
    await auditor.getByRole('button', { name: 'Verify the chain on the server' }).click();
    await auditor
      .getByTestId('verify-result')
      .getByText(/^Intact: \d+ records, head [0-9a-f]{64}$/)
      .waitFor();
    await auditor.getByLabel('Person id').fill('p-0005');
    await auditor.getByLabel('Outcome').selectOption('DENY');
    await auditor.getByRole('button', { name: 'Show' }).click();
    const refused = auditor.getByTestId('audit-records').getByRole('row').filter({ hasText: 'refused' });
    await refused.filter({ hasText: 'Transport Department (Hong Kong SAR)' }).first().waitFor();
    const agencyCells = await refused.locator('td:nth-child(3)').allTextContents();
    expect(agencyCells.filter((c) => /hk-td|\(HK\)/.test(c))).toEqual([]);
    expect(await axeViolations(auditor)).toEqual([]);
    await screenshot(auditor, 'auditor-page');
  });

  it('lets the operator replay a dead letter once its cause is fixed, and see it applied', async () => {
    // A partner event refused for want of a consent: p-0012's driving record from gd-psd to hk-td.
    const line = readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/events/malformed.jsonl'), 'utf8').split(
      '\n',
    )[20] as string;
    // A replay's consent is judged at the replay's time, so the consent granted below fixes it.
    const { _expect, ...event } = JSON.parse(line);
    const log = new SqliteEventLog({ path: join(platform.dataDir, 'events.db') });
    await log.publish(TOPICS.inboundHk, [signedBinary(devPartnerKeys(platform.dataDir))(event)]);
    await log.close();
    await expect
      .poll(async () => (await api('admin', '{ deadLetters(reason: "NO_CONSENT") { eventId } }')).data.deadLetters, {
        timeout: 20_000,
      })
      .toContainEqual({ eventId: event.id });
    // The cause fixed: p-0012 consents to hk-td seeing identity and the driving record for case-0003.
    const granted = await api(
      'p-0012',
      'mutation G($input: GrantConsentInput!) { grantConsent(input: $input) { consent { id } } }',
      {
        input: {
          controller: 'gd-psd',
          recipient: 'hk-td',
          purpose: 'licence-conversion',
          dataCategories: ['IDENTITY', 'DRIVING_RECORD'],
          expiresAt: '2027-06-30T23:59:59+08:00',
          case: 'case-0003',
        },
      },
    );
    expect(granted.errors).toBeUndefined();
    admin = await signIn('admin');
    await admin.locator('header').getByRole('link', { name: 'Operations' }).click();
    const letter = admin.getByTestId('dead-letters').getByRole('listitem').filter({ hasText: event.id });
    await letter.getByRole('button', { name: 'Inspect' }).click();
    expect(await admin.getByTestId('inspected').textContent()).not.toContain('p-0012');
    await letter.getByRole('button', { name: 'Replay' }).click();
    await admin.getByTestId('replay-outcomes').getByRole('listitem').first().waitFor({ timeout: 60_000 });
    await screenshot(admin, 'operator-dead-letters');
    expect(await admin.getByTestId('replay-outcomes').textContent()).toBe(`${event.id}: applied`);
    await screenshot(admin, 'operator-dead-letters');
  });
});
