/**
 * The knowledge response cache on the whole platform (`gba start`'s wiring): what enters by either
 * door, a write through the API or a partner event through the connectors, is in the next read's
 * answer, though the answer before it was served from the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';
import { publishPartnerEvent, sharedPractice } from '../support/writes.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

async function gql(who: string | null, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${await fx.token(who)}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe('the knowledge response cache sees both doors', () => {
  it('a practice shared through the API is in the next read of the list', async () => {
    const LIST = '{ practices(first: 100) { totalCount edges { node { title { en } } } } }';
    const before = (await gql(null, LIST)).data?.practices as { totalCount: number };
    expect(await gql(null, LIST)).toEqual({ data: { practices: before } });
    const shared = await gql('sz-official', 'mutation ($i: SharePracticeInput!) { sharePractice(input: $i) { id } }', {
      i: sharedPractice('Cache door one: shared through the API'),
    });
    expect(shared.errors).toBeUndefined();
    const after = (await gql(null, LIST)).data?.practices as { totalCount: number; edges: unknown[] };
    expect(after.totalCount).toBe(before.totalCount + 1);
    expect(after.edges).toContainEqual({ node: { title: { en: 'Cache door one: shared through the API' } } });
  });

  it('a partner’s service update is in the next read of the service', async () => {
    const SERVICE = '{ service(id: "svc-hk-cbps-kiosk-mo") { id title { en } channels } }';
    const before = await gql('hk-official', SERVICE);
    expect(await gql('hk-official', SERVICE)).toEqual(before);
    await publishPartnerEvent(fx, {
      id: 'cache-door-two-0001',
      serviceId: 'svc-hk-cbps-kiosk-mo',
      title: 'Cache door two: renamed by the partner',
    });
    expect(await gql('hk-official', SERVICE)).toEqual({
      data: {
        service: {
          id: 'svc-hk-cbps-kiosk-mo',
          title: { en: 'Cache door two: renamed by the partner' },
          channels: ['KIOSK', 'ONLINE'],
        },
      },
    });
  });
});
