import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../schema/domain/index.js';
import { DEFAULT_SEED_DIR } from '../../services/graph/seed/dataset.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field below.
async function gql(query: string, variables?: Record<string, unknown>): Promise<{ data: any; errors?: any[] }> {
  const response = await fx.query(query, { variables });
  return response.json() as never;
}

const SERVICES = JSON.parse(readFileSync(join(DEFAULT_SEED_DIR, 'services.json'), 'utf8')) as Service[];

const ids = (edges: { node: { id: string } }[]) => edges.map((e) => e.node.id);

describe('services', () => {
  it('filters by jurisdiction, channel and flag together, with the total of all pages', async () => {
    const { data } =
      await gql(`{ services(filter: { jurisdictions: ["HK"], channels: [KIOSK], zeroRedirection: true }, first: 2) {
      totalCount pageInfo { hasNextPage } edges { node { id jurisdiction { id } channels zeroRedirection } } } }`);
    const expected = SERVICES.filter(
      (s) => s.jurisdiction === 'HK' && s.channels.includes('kiosk') && s.zeroRedirection,
    );
    expect(expected.length).toBeGreaterThan(2);
    expect(data.services.totalCount).toBe(expected.length);
    expect(data.services.pageInfo.hasNextPage).toBe(true);
    for (const { node } of data.services.edges) {
      expect(node.jurisdiction.id).toBe('HK');
      expect(node.channels).toContain('KIOSK');
      expect(node.zeroRedirection).toBe(true);
    }
  });

  it('filters by agency, topic and date', async () => {
    const { data } = await gql(`{
      byAgency: services(filter: { agencies: ["hk-td"] }) { totalCount edges { node { agency { id } } } }
      byTopic: services(filter: { topics: ["social-security"] }) { edges { node { topics { id } } } }
      recent: services(filter: { updatedSince: "2026-01-01" }) { edges { node { updatedAt } } }
      paperFree: services(filter: { paperless: true, faceToFaceRequired: false, crossBoundary: true }) { totalCount }
    }`);
    expect(data.byAgency.totalCount).toBeGreaterThan(1);
    expect(data.byAgency.edges.every((e: { node: { agency: { id: string } } }) => e.node.agency.id === 'hk-td')).toBe(
      true,
    );
    expect(data.byTopic.edges.length).toBeGreaterThan(0);
    for (const e of data.byTopic.edges)
      expect(e.node.topics.map((t: { id: string }) => t.id)).toContain('social-security');
    for (const e of data.recent.edges) expect(e.node.updatedAt >= '2026-01-01').toBe(true);
    expect(data.paperFree.totalCount).toBeGreaterThan(0);
  });

  it('pages with cursors to the whole list, each service once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const { data } = await gql(
        'query ($after: String) { services(first: 10, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }',
        { after },
      );
      seen.push(...ids(data.services.edges));
      if (!data.services.pageInfo.hasNextPage) break;
      after = data.services.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(35);
    expect(new Set(seen).size).toBe(35);
  });

  it.each([
    ['{ services(first: 0) { totalCount } }', 'first', 'must be a whole number from 1 to 100'],
    ['{ services(first: 101) { totalCount } }', 'first', 'must be a whole number from 1 to 100'],
    ['{ services(after: "bm9wZQ") { totalCount } }', 'after', 'is not a cursor this API returned'],
    [
      '{ services(filter: { jurisdictions: ["TW"] }) { totalCount } }',
      'filter.jurisdictions.0',
      expect.stringContaining('expected one of'),
    ],
    ['{ services(filter: { updatedSince: "last week" }) { totalCount } }', 'filter.updatedSince', expect.any(String)],
  ])('refuses %s with BAD_USER_INPUT naming %s', async (query, field, reason) => {
    const { data, errors } = await gql(query);
    expect(data).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field, reason }) }),
    ]);
  });
});

describe('practices', () => {
  it('shows provenance, outcomes marked sourced or not, and the agency', async () => {
    const { data } = await gql(`{ practice(id: "prac-sz-ishenzhen-single-portal") {
      id sourceUrl synthetic agency { id } jurisdiction { id } topics { id }
      outcomes { metric value unit asOf sourceUrl synthetic sourced } } }`);
    const p = data.practice;
    expect(p).toMatchObject({
      id: 'prac-sz-ishenzhen-single-portal',
      synthetic: false,
      agency: { id: 'sz-gov-data-bureau' },
      jurisdiction: { id: 'SZ' },
    });
    expect(p.sourceUrl).toMatch(/^https?:\/\//);
    expect(p.outcomes[0]).toEqual({
      metric: 'service-items-available',
      value: 8000,
      unit: 'items',
      asOf: '2022-03-17',
      sourceUrl: 'http://www.eyeshenzhen.com/content/2022-03/17/content_24999817.htm',
      synthetic: false,
      sourced: true,
    });
  });

  it('traces lineage both ways: inspiredBy, inspired and lineage(depth)', async () => {
    const { data } = await gql(`{
      a: practice(id: "prac-hk-eme-zero-redirection") { inspiredBy { id } lineage(depth: 3) { depth relation practice { id } } }
      b: practice(id: "prac-sz-ishenzhen-single-portal") { inspired { id } }
    }`);
    expect(data.a.inspiredBy.map((p: { id: string }) => p.id)).toEqual([
      'prac-hk-iamsmart-one-stop-login',
      'prac-sz-ishenzhen-single-portal',
    ]);
    expect(data.b.inspired.map((p: { id: string }) => p.id)).toContain('prac-hk-eme-zero-redirection');
    expect(data.a.lineage).toEqual(
      expect.arrayContaining([{ depth: 1, relation: 'ANCESTOR', practice: { id: 'prac-sz-ishenzhen-single-portal' } }]),
    );
  });

  it('refuses a lineage depth outside 1 to 10', async () => {
    const { errors } = await gql('{ practice(id: "prac-hk-eme-zero-redirection") { lineage(depth: 50) { depth } } }');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'depth' });
  });

  it('lists adoptions with the jurisdictions that replicated a practice, and filters by them', async () => {
    const { data } = await gql(
      `{ practices(filter: { adoptedBy: ["HK"] }, first: 50) { totalCount edges { node { id adoptions { jurisdiction { id } status } } } } }`,
    );
    expect(data.practices.totalCount).toBeGreaterThan(0);
    for (const { node } of data.practices.edges) {
      expect(node.adoptions.map((a: { jurisdiction: { id: string } }) => a.jurisdiction.id)).toContain('HK');
    }
  });
});

describe('agency', () => {
  it('answers an agency with its jurisdiction, and NOT_FOUND for none', async () => {
    const { data, errors } = await gql(
      '{ a: agency(id: "gz-gov-data-bureau") { id name { zhHans } jurisdiction { id } } b: agency(id: "xx") { id } }',
    );
    expect(data.a).toEqual({
      id: 'gz-gov-data-bureau',
      name: { zhHans: expect.any(String) },
      jurisdiction: { id: 'GZ' },
    });
    expect(data.b).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('search through the gateway', () => {
  it('finds the same service from Traditional, Simplified and English queries', async () => {
    const { data } = await gql(`{
      hant: search(text: "駕駛執照", kinds: [SERVICE]) { id }
      hans: search(text: "驾驶证", kinds: [SERVICE]) { id }
      en: search(text: "driving licence", kinds: [SERVICE]) { id }
    }`);
    for (const hits of [data.hant, data.hans, data.en]) {
      expect(hits.map((h: { id: string }) => h.id)).toContain('svc-hk-td-direct-issue-dl');
    }
  });

  it('returns kind, title, a snippet in the detected script and a score', async () => {
    const { data } = await gql('{ search(text: "智方便 登記", first: 3) { kind id title { en } snippet score } }');
    expect(data.search.length).toBeGreaterThan(0);
    const [hit] = data.search;
    expect(['SERVICE', 'PRACTICE', 'ANNOUNCEMENT']).toContain(hit.kind);
    expect(hit.snippet).toMatch(/[\u4e00-\u9fff]/);
    expect(hit.score).toBeGreaterThan(0);
  });

  it('refuses empty text', async () => {
    const { errors } = await gql('{ search(text: "   ") { id } }');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
  });

  it('keeps to the jurisdictions asked for, and refuses one that does not exist', async () => {
    const { data } = await gql(`{
      all: search(text: "DeepSeek", first: 20) { id }
      sz: search(text: "DeepSeek", first: 20, jurisdictions: ["SZ"]) { id }
    }`);
    const hitIds = (hits: { id: string }[]) => hits.map((h) => h.id);
    expect(hitIds(data.all).some((id) => id.includes('-gz-'))).toBe(true);
    expect(data.sz.length).toBeGreaterThan(0);
    expect(hitIds(data.sz).every((id) => id.includes('-sz-'))).toBe(true);
    const { errors } = await gql('{ search(text: "DeepSeek", jurisdictions: ["HK", "XX"]) { id } }');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jurisdictions.1' });
  });
});

describe('compare', () => {
  it('sets each side’s services and practices on a topic beside each other, with shares', async () => {
    const { data } = await gql(`{ compare(topic: "kiosks", jurisdictions: ["HK", "GZ"]) {
      topic { id } rows { jurisdiction { id } services { id channels } practices { id } zeroRedirectionShare channels { channel services } } } }`);
    expect(data.compare.topic.id).toBe('kiosks');
    expect(data.compare.rows.map((r: { jurisdiction: { id: string } }) => r.jurisdiction.id)).toEqual(['HK', 'GZ']);
    const hk = data.compare.rows[0];
    expect(hk.services.length).toBeGreaterThan(0);
    const kiosk = hk.channels.find((c: { channel: string }) => c.channel === 'KIOSK');
    expect(kiosk.services).toBe(hk.services.filter((s: { channels: string[] }) => s.channels.includes('KIOSK')).length);
  });

  it('counts every adoption of another side’s practice on the topic, as Practice.adoptions lists it', async () => {
    const compare = await gql(
      '{ compare(topic: "kiosks") { rows { jurisdiction { id } adoptions { practice { id } jurisdiction { id } } } } }',
    );
    const listing = await gql(
      '{ practices(filter: { topics: ["kiosks"] }, first: 10) { totalCount edges { node { id jurisdiction { id } adoptedBy { id } adoptions { jurisdiction { id } } } } } }',
    );
    expect([compare.errors, listing.errors]).toEqual([undefined, undefined]);
    const data = { ...compare.data, ...listing.data };
    expect(data.practices.totalCount).toBeLessThanOrEqual(10);
    type Pair = { practice: { id: string }; jurisdiction: { id: string } };
    const compared = data.compare.rows.flatMap((r: { jurisdiction: { id: string }; adoptions: Pair[] }) =>
      r.adoptions.map((a) => {
        expect(a.jurisdiction.id).toBe(r.jurisdiction.id);
        return `${a.practice.id} ${a.jurisdiction.id}`;
      }),
    );
    type Listed = {
      id: string;
      jurisdiction: { id: string };
      adoptedBy: { id: string }[];
      adoptions: { jurisdiction: { id: string } }[];
    };
    const practices: Listed[] = data.practices.edges.map((e: { node: Listed }) => e.node);
    const listed = practices.flatMap((p) =>
      p.adoptions.filter((a) => a.jurisdiction.id !== p.jurisdiction.id).map((a) => `${p.id} ${a.jurisdiction.id}`),
    );
    for (const p of practices)
      for (const j of p.adoptedBy) if (j.id !== p.jurisdiction.id) expect(listed).toContain(`${p.id} ${j.id}`);
    expect(compared.toSorted()).toEqual(listed.toSorted());
    for (const j of ['SZ', 'GZ', 'MO']) expect(compared).toContain(`prac-hk-cbps-kiosks ${j}`);
  });

  it('names the bad jurisdiction and the unknown topic', async () => {
    const bad = await gql('{ compare(topic: "kiosks", jurisdictions: ["HK", "XX"]) { topic { id } } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jurisdictions.1' });
    const unknown = await gql('{ compare(topic: "no-such-topic") { topic { id } } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', id: 'no-such-topic' });
  });
});
