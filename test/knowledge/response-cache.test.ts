/**
 * The knowledge subgraph's response cache (services/server-kit/use-public-response-cache.ts), through
 * the gateway over a seeded SQLite store whose calls are counted: public answers come back without a
 * store read and are shared by every caller; answers that looked at the caller, and personal data
 * behind the consent gate, are read afresh every time; a commit by another connection to the same
 * file (another process) is seen by the next read.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { countingStore } from '../support/counting-store.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const path = join(dir.path, 'gba.db');
let fx: GatewayFixture;
let counting: ReturnType<typeof countingStore>;

beforeAll(async () => {
  const inner = new SqliteGraphStore({ path });
  await inner.init();
  await seedGraph(inner);
  counting = countingStore(inner);
  fx = await startGatewayFixture({ store: counting.store });
}, 60_000);
afterAll(async () => {
  await fx?.close();
  dir.remove();
});

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function ask(who: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${await fx.idp.token(who)}` } : {};
  return (await fx.query(query, { variables, headers })).json() as Promise<Answer>;
}

/** Store calls made while `run` ran, leaving out the data-version look-ups the cache itself makes. */
async function storeReads(run: () => Promise<unknown>): Promise<number> {
  counting.reset();
  await run();
  return [...counting.calls].filter(([method]) => method !== 'dataVersion').reduce((n, [, c]) => n + c, 0);
}

const PRACTICES = `{ practices(first: 20) { totalCount edges { node { id title { en zhHant zhHans }
  agency { id name { en } } relatedServices { id title { en } channels } inspiredBy { id title { en } } } } } }`;

describe('the response cache of public knowledge', () => {
  it('answers an official’s repeated query without reading the store, and gives anyone the same answer', async () => {
    const first = await ask('sz-official', PRACTICES);
    expect(first.errors).toBeUndefined();
    let again: Answer | undefined;
    expect(await storeReads(async () => (again = await ask('sz-official', PRACTICES)))).toBe(0);
    expect(again).toEqual(first);
    let anonymous: Answer | undefined;
    expect(await storeReads(async () => (anonymous = await ask(null, PRACTICES)))).toBe(0);
    expect(anonymous).toEqual(first);
  });

  it('keys answers by variables: another page is read from the store', async () => {
    const query = 'query ($first: Int) { practices(first: $first) { totalCount edges { node { id } } } }';
    await ask(null, query, { first: 2 });
    expect(await storeReads(() => ask(null, query, { first: 3 }))).toBeGreaterThan(0);
    expect(await storeReads(() => ask(null, query, { first: 2 }))).toBe(0);
  });

  const perViewer: { name: string; query: string; who: string }[] = [
    {
      name: 'a practice’s questions (officials only)',
      query: '{ practice(id: "prac-sz-ishenzhen-single-portal") { id questions { text } } }',
      who: 'hk-official',
    },
    {
      name: 'the feed of the caller’s own jurisdiction',
      query: '{ feed(first: 5) { totalCount } }',
      who: 'hk-official',
    },
    { name: 'the caller’s agency’s drafts', query: '{ practiceDrafts { id } }', who: 'sz-official' },
  ];
  for (const c of perViewer) {
    it(`never keeps an answer that looked at the caller: ${c.name}`, async () => {
      const first = await ask(c.who, c.query);
      expect(first.errors).toBeUndefined();
      expect(await storeReads(() => ask(c.who, c.query))).toBeGreaterThan(0);
      // An anonymous caller is refused, not handed the official's answer.
      const anonymous = await ask(null, c.query);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  }

  it('reads consent-gated personal data afresh each time, with a decision audited for every read', async () => {
    const query = `query { case(id: "case-0001") { id service { id title { en } } applicant { name { en } idNumber phone } } }`;
    const audited = () => fx.audit.countBySubject('p-0004');
    const before = await audited();
    const first = await ask('hk-official', query);
    const afterFirst = await audited();
    expect(afterFirst).toBeGreaterThan(before);
    const second = await ask('hk-official', query);
    expect(second).toEqual(first);
    expect(await audited()).toBe(afterFirst + (afterFirst - before));
    // The resident asking the same is answered as the resident, not with the official's answer.
    const resident = await ask('p-0004', query);
    expect(resident.data).toMatchObject({ case: { applicant: { phone: expect.any(String) } } });
    expect(first.errors?.map((e) => e.extensions?.code)).toContain('CONSENT_REQUIRED');
  });

  it('shows the next read a commit made by another connection to the same file, as by another process', async () => {
    const query = '{ service(id: "svc-gz-suihaoban") { id title { en } } }';
    const before = await ask(null, query);
    expect(await storeReads(() => ask(null, query))).toBe(0);
    const other = new SqliteGraphStore({ path, cacheEntries: 0 });
    try {
      const [service] = await other.getByIds('Service', ['svc-gz-suihaoban']);
      if (!service) throw new Error('the sample service is missing');
      await other.write([
        { label: 'Service', records: [{ ...service, title: { ...service.title, en: 'Renamed elsewhere' } }] },
      ]);
    } finally {
      await other.close();
    }
    const after = await ask(null, query);
    expect(after).not.toEqual(before);
    expect(after.data).toEqual({ service: { id: 'svc-gz-suihaoban', title: { en: 'Renamed elsewhere' } } });
  });
});
