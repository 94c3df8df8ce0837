/** `topics` and `agencies`: the lists a console's filters offer, localized, through the gateway. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency, Topic } from '../../schema/domain/index.js';
import { DEFAULT_SEED_DIR } from '../../services/graph/seed/dataset.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field below.
async function gql(query: string): Promise<{ data: any; errors?: any[] }> {
  return (await fx.query(query)).json() as never;
}

const seed = <T>(file: string) => JSON.parse(readFileSync(join(DEFAULT_SEED_DIR, file), 'utf8')) as T[];
const TOPICS = seed<Topic>('topics.json');
const AGENCIES = seed<Agency>('agencies.json');
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('topics', () => {
  it('lists every topic of the data set by id, named in the three scripts', async () => {
    const { data, errors } = await gql('{ topics { id name { en zhHant zhHans } } }');
    expect(errors).toBeUndefined();
    expect(data.topics).toEqual(
      [...TOPICS]
        .sort(byId)
        .map((t) => ({ id: t.id, name: { en: t.name.en, zhHant: t.name.zhHant, zhHans: t.name.zhHans } })),
    );
    expect(data.topics.length).toBeGreaterThan(0);
  });
});

describe('agencies', () => {
  it('lists every agency by id, with its jurisdiction as an object', async () => {
    const { data, errors } = await gql('{ agencies { id name { en zhHant } jurisdiction { id name { en } } } }');
    expect(errors).toBeUndefined();
    expect(data.agencies.map((a: { id: string }) => a.id)).toEqual([...AGENCIES].sort(byId).map((a) => a.id));
    const hkTd = data.agencies.find((a: { id: string }) => a.id === 'hk-td');
    expect(hkTd.jurisdiction).toEqual({ id: 'HK', name: { en: expect.any(String) } });
    expect(hkTd.name.zhHant).toEqual(expect.any(String));
  });

  it.each([
    [['SZ'], AGENCIES.filter((a) => a.jurisdiction === 'SZ')],
    [['HK', 'GZ'], AGENCIES.filter((a) => a.jurisdiction === 'HK' || a.jurisdiction === 'GZ')],
    [[], []],
  ])('keeps to the jurisdictions %j', async (jurisdictions, expected) => {
    const { data } = await gql(
      `{ agencies(jurisdictions: ${JSON.stringify(jurisdictions)}) { id jurisdiction { id } } }`,
    );
    expect(data.agencies).toEqual(
      [...expected].sort(byId).map((a) => ({ id: a.id, jurisdiction: { id: a.jurisdiction } })),
    );
  });

  it('refuses a jurisdiction that does not exist, naming the argument', async () => {
    const { data, errors } = await gql('{ agencies(jurisdictions: ["HK", "TW"]) { id } }');
    expect(data).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('"TW" is not one of'),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'jurisdictions.1' }),
      }),
    ]);
  });
});
