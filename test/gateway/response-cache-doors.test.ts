/**
 * The knowledge response cache on the whole platform (`gba start`'s wiring): what enters by either
 * door, a write through the API or a partner event through the connectors, is in the next read's
 * answer, though the answer before it was served from the cache.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBinary } from '../../connectors/pipeline/cloudevents.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

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

const text = (en: string) => ({ en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` });

describe('the knowledge response cache sees both doors', () => {
  it('a practice shared through the API is in the next read of the list', async () => {
    const LIST = '{ practices(first: 100) { totalCount edges { node { title { en } } } } }';
    const before = (await gql(null, LIST)).data?.practices as { totalCount: number };
    expect(await gql(null, LIST)).toEqual({ data: { practices: before } });
    const shared = await gql('sz-official', 'mutation ($i: SharePracticeInput!) { sharePractice(input: $i) { id } }', {
      i: {
        title: text('Cache door one: shared through the API'),
        summary: text('s'),
        problem: text('p'),
        approach: text('a'),
        results: text('r'),
        lessons: text('l'),
        topics: ['kiosks'],
        relatedServices: ['svc-sz-ishenzhen-portal'],
      },
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
    const event = {
      specversion: '1.0',
      id: 'cache-door-two-0001',
      source: 'urn:gba:hk:dpo',
      type: 'hk.gov.service.updated',
      subject: 'svc-hk-cbps-kiosk-mo',
      time: '2026-06-01T09:00:00+08:00',
      datacontenttype: 'application/json',
      data: {
        serviceId: 'svc-hk-cbps-kiosk-mo',
        agencyId: 'hk-dpo',
        version: 2,
        changedFields: ['title', 'channels'],
        title: { en: 'Cache door two: renamed by the partner', zhHant: '跨境公共服務自助服務機(澳門)' },
        channels: ['kiosk', 'online'],
        crossBoundary: true,
        zeroRedirection: true,
        paperless: true,
        faceToFaceRequired: false,
        effectiveDate: '2026-06-01',
        url: 'https://www.crossboundaryservices.gov.hk/en/home/index.html',
      },
    };
    const log = new SqliteEventLog({ path: join(fx.dataDir, 'events.db') });
    try {
      await log.publish(TOPICS.inboundHk, [toBinary(event)]);
    } finally {
      await log.close();
    }
    // Waits for the connectors to apply it, looking at the store, never through the cache.
    const deadline = Date.now() + 20_000;
    const applied = async () =>
      (await fx.platform.store.getByIds('Service', ['svc-hk-cbps-kiosk-mo']))[0]?.title.en ===
      'Cache door two: renamed by the partner';
    while (!(await applied()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await applied()).toBe(true);
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
