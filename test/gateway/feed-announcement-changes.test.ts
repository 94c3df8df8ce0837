/**
 * The officials' feed and a major announcement of the other side that is corrected, then withdrawn
 * (found by a hostile tester: withdrawn announcements stayed in the feed with nothing to say so, and
 * each correction was pushed as the same item with the first `at`, so a reader polling `since` never
 * saw one). The item is the announcement as of its latest change: `at` is when it changed, and
 * `announcement { change version withdrawnAt }` says what changed. It stays in the feed once, marked.
 * The whole platform through the gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked by shape in the assertions.
async function gql(who: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await fx.token(who)}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

const text = (en: string) => ({ en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` });
const FEED = `query ($since: String) { feed(since: $since, first: 50) { edges { node { id kind at
  announcement { id change version withdrawnAt title { en } } } } } }`;
const tick = () => new Promise((r) => setTimeout(r, 20));

let id: string;
const itemsFor = async (since: string | null) =>
  // biome-ignore lint/suspicious/noExplicitAny: see gql
  (await gql('hk-official', FEED, { since })).data.feed.edges.map((e: any) => e.node).filter((n: any) => n.id === id);

describe("the officials' feed and an announcement that changes", () => {
  beforeAll(async () => {
    const published = await gql(
      'sz-official',
      'mutation ($i: PublishAnnouncementInput!) { publishAnnouncement(input: $i) { id } }',
      {
        i: {
          agency: 'sz-gov-data-bureau',
          title: text('Feed probe: kiosk hours'),
          body: text('Kiosks open at 9.'),
          kind: 'PROCEDURE_UPDATE',
          importance: 'MAJOR',
          effectiveFrom: '2026-05-01',
          relatedServices: ['svc-sz-ishenzhen-portal'],
        },
      },
    );
    id = published.data.publishAnnouncement.id;
  }, 60_000);

  it.each([
    {
      change: 'CORRECTED',
      mutation: `mutation ($id: ID!) { correctAnnouncement(input: { id: $id, title: { en: "Feed probe: kiosk hours (corrected)", zhHant: "更正" } }) { correctedAt } }`,
      title: 'Feed probe: kiosk hours (corrected)',
      version: 2,
      withdrawn: false,
    },
    {
      change: 'WITHDRAWN',
      mutation: 'mutation ($id: ID!) { withdrawAnnouncement(id: $id, reason: "wrong hours") { withdrawnAt } }',
      title: 'Feed probe: kiosk hours (corrected)',
      version: 2,
      withdrawn: true,
    },
  ])('once $change, is new to a reader since before the change, dated by it, once, and says so', async (row) => {
    await tick();
    const since = new Date().toISOString();
    await tick();
    const changed = await gql('sz-official', row.mutation, { id });
    expect(changed.errors).toBeUndefined();
    const at = Object.values(changed.data)[0] as Record<string, string>;
    const items = await itemsFor(since);
    expect(items).toEqual([
      {
        id,
        kind: 'ANNOUNCEMENT',
        at: Object.values(at)[0],
        announcement: {
          id,
          change: row.change,
          version: row.version,
          withdrawnAt: row.withdrawn ? expect.any(String) : null,
          title: { en: row.title },
        },
      },
    ]);
    expect(await itemsFor(null)).toHaveLength(1);
  });
});
