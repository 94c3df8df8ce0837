/**
 * A subscription outlives neither its token nor the viewer's access: opened through the gateway with
 * a token that expires two seconds later, the stream ends on its own with a last event that is an
 * UNAUTHENTICATED error (reason `expired`); what is published before that reaches it.
 */
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from '../../services/identity/dev-idp/keys.js';
import { API_AUDIENCE } from '../../services/identity/identities.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

/** hk-official's token, signed by the platform's identity provider, valid for two more seconds. */
async function expiringToken(): Promise<string> {
  const key = await loadOrCreateSigningKey(join(fx.dataDir, 'idp'));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: fx.idp,
    sub: 'f0000000-0000-4000-a000-000000000001',
    aud: [API_AUDIENCE],
    azp: 'gba-cli',
    typ: 'Bearer',
    iat: now,
    exp: now + 2,
    preferred_username: 'hk-official',
    realm_access: { roles: ['official'] },
    jurisdiction: 'HK',
    agency: 'hk-td',
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .sign(key.privateKey);
}

/** Everything the stream sends until it ends. */
async function untilClosed(query: string, token: string): Promise<string> {
  const stream = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  expect(stream.status).toBe(200);
  return stream.text();
}

const lastEvent = (text: string) =>
  JSON.parse(
    text
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 8)
      .at(-1)
      ?.slice(6) ?? '{}',
  ) as { errors?: { extensions?: Record<string, unknown> }[] };

it.each([
  ['feedUpdated', 'subscription { feedUpdated { id } }'],
  ['announcementPublished', 'subscription { announcementPublished(jurisdiction: HK) { id } }'],
])(
  '%s ends when its token expires, with UNAUTHENTICATED as the last event',
  async (_field, query) => {
    const text = await untilClosed(query, await expiringToken());
    expect(lastEvent(text).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'expired' });
  },
  20_000,
);

it('delivers what is published while the token is valid, then ends', async () => {
  const closed = untilClosed('subscription { announcementPublished(jurisdiction: HK) { id } }', await expiringToken());
  await new Promise((r) => setTimeout(r, 300));
  const published = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await fx.token('hk-official')}` },
    body: JSON.stringify({
      query: 'mutation ($i: PublishAnnouncementInput!) { publishAnnouncement(input: $i) { id } }',
      variables: {
        i: {
          agency: 'hk-td',
          title: { en: 'While valid', zhHant: '有效期內', zhHans: '有效期内' },
          body: { en: 'For the open stream.', zhHant: '給開著的串流。', zhHans: '给开着的串流。' },
          kind: 'PROCEDURE_UPDATE',
          importance: 'NORMAL',
          effectiveFrom: '2026-04-01',
          relatedServices: ['svc-hk-td-direct-issue-dl'],
        },
      },
    }),
  });
  const answer = (await published.json()) as { data?: { publishAnnouncement: { id: string } }; errors?: unknown };
  expect(answer.errors).toBeUndefined();
  const text = await closed;
  expect(text).toContain(answer.data?.publishAnnouncement.id);
  expect(lastEvent(text).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'expired' });
}, 20_000);
