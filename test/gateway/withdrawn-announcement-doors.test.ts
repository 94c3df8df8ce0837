/**
 * A withdrawn announcement leaves every public door, from the next read on (found by a hostile
 * tester: withdrawn, ann-hk-iamsmart-maintenance left `announcements` and `latestChanges`, but the
 * anonymous `search` still ranked it first, and `ask` and `gba ask` answered from it and cited it).
 * Each door is read once before the withdrawal, so a kept answer (the public response cache) is there
 * to be served stale if invalidation were not exact. The real platform over HTTP, and the real `gba`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaProcess } from '../support/gba-process.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

const ID = 'ann-hk-iamsmart-maintenance';

async function gql(query: string, who?: string): Promise<{ data: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${await fx.token(who)}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  return { ...body, data: body.data ?? {} };
}

/** Each public door: whether the announcement comes out of it. */
const DOORS: { door: string; shows: () => Promise<boolean> }[] = [
  {
    door: 'search (anonymous, announcements)',
    shows: async () => {
      const r = await gql('{ search(text: "iAM Smart maintenance", kinds: [ANNOUNCEMENT], first: 5) { id } }');
      return (r.data.search as { id: string }[]).some((h) => h.id === ID);
    },
  },
  {
    door: 'search (anonymous, every kind)',
    shows: async () => {
      const r = await gql('{ search(text: "iAM Smart scheduled maintenance", first: 10) { id } }');
      return (r.data.search as { id: string }[]).some((h) => h.id === ID);
    },
  },
  {
    door: 'ask (anonymous)',
    shows: async () => {
      const r = await gql(
        '{ ask(question: "Is iAM Smart under scheduled maintenance?") { text citations { kind id } } }',
      );
      const a = r.data.ask as { citations: { id: string }[] };
      return a.citations.some((c) => c.id === ID);
    },
  },
  {
    door: 'ask in Chinese (anonymous)',
    shows: async () => {
      const r = await gql('{ ask(question: "智方便定期維護期間會暫停嗎?") { citations { kind id } } }');
      return (r.data.ask as { citations: { id: string }[] }).citations.some((c) => c.id === ID);
    },
  },
  {
    door: 'gba ask',
    shows: async () => {
      const run = await gbaProcess(fx.dataDir)(['ask', 'Is iAM Smart under scheduled maintenance?']);
      return run.stdout.includes(ID);
    },
  },
];

describe('a withdrawn announcement', () => {
  const before = new Map<string, boolean>();
  beforeAll(async () => {
    for (const { door, shows } of DOORS) before.set(door, await shows());
    const r = await gql(
      `mutation { withdrawAnnouncement(id: "${ID}", reason: "probe") { withdrawnAt } }`,
      'hk-dpo-official',
    );
    expect(r.errors).toBeUndefined();
  }, 120_000);

  it.each(DOORS)('leaves $door at the next read', async ({ door, shows }) => {
    expect(before.get(door)).toBe(true);
    expect(await shows()).toBe(false);
  });

  it('stays in the list for its own officials with includeWithdrawn', async () => {
    const r = await gql(
      `{ announcements(filter: { includeWithdrawn: true }, first: 100) { id withdrawnAt } }`,
      'hk-dpo-official',
    );
    expect(JSON.stringify(r)).toContain(ID);
  });
});
