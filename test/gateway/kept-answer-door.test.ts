/**
 * The gateway's door for kept answers (services/gateway/kept-answer-door.ts), on the whole platform
 * (`gba start`'s wiring) in allow-list mode: a persisted public query asked by GET is answered at the
 * door once the knowledge subgraph keeps its answer, as the gateway answered it; per-viewer answers,
 * queries of two subgraphs, bad tokens, unknown hashes and requests the door does not mirror go to
 * the gateway; a write through the API and a partner event are in the next read. Which door answered
 * is read from the gateway's /metrics (`gba_gateway_kept_answers_total`), as an operator would.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationHash } from '../../services/gateway/persisted-operations.js';
import { loadOrCreateSigningKey } from '../../services/identity/dev-idp/keys.js';
import { GATEWAY_SECRET_HEADER } from '../../services/server-kit/gateway-only.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';
import { gatewayMetric } from '../support/raw-http.js';
import { tempDir } from '../support/temp-dir.js';
import { publishPartnerEvent, sharedPractice } from '../support/writes.js';

const LIST = 'query DoorList { practices(first: 100) { totalCount edges { node { title { en } } } } }';
const PAGE = 'query DoorPage($first: Int) { practices(first: $first) { totalCount edges { node { id } } } }';
const FEED = 'query DoorFeed { feed(first: 5) { totalCount } }';
const MIXED = 'query DoorMixed { practices(first: 1) { totalCount } announcements(first: 1) { id } }';
const SERVICE = 'query DoorService { service(id: "svc-hk-cbps-kiosk-mo") { id title { en } channels } }';
/** Past the gateway's alias limit (15), within the subgraph's (60), where the gateway's planner adds aliases. */
const ALIASES = `query DoorAliases { ${Array.from({ length: 16 }, (_, i) => `a${i}: practices(first: 1) { totalCount }`).join(' ')} }`;
const SHARE = 'mutation DoorShare($i: SharePracticeInput!) { sharePractice(input: $i) { id } }';

const files = tempDir();
let fx: PlatformFixture;
beforeAll(async () => {
  const operations = join(files.path, 'operations.json');
  const all = [LIST, PAGE, FEED, MIXED, SERVICE, ALIASES, SHARE];
  writeFileSync(operations, JSON.stringify(Object.fromEntries(all.map((q) => [operationHash(q), q]))));
  fx = await startPlatformFixture({ PERSISTED_OPERATIONS: operations });
}, 60_000);
afterAll(async () => {
  await fx?.close();
  files.remove();
});

const extensions = (query: string) =>
  JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operationHash(query) } });

interface Ask {
  readonly who?: string;
  readonly variables?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

async function headersOf({ who, headers = {} }: Ask): Promise<Record<string, string>> {
  return { ...headers, ...(who ? { authorization: `Bearer ${await fx.token(who)}` } : {}) };
}

function get(query: string, ask: Ask = {}): Promise<Response> {
  const params = new URLSearchParams({ extensions: extensions(query) });
  if (ask.variables) params.set('variables', JSON.stringify(ask.variables));
  return headersOf(ask).then((headers) => fetch(`${fx.gateway}?${params}`, { headers }));
}

async function post(query: string, ask: Ask = {}): Promise<Response> {
  return fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await headersOf(ask)) },
    body: JSON.stringify({ extensions: JSON.parse(extensions(query)), variables: ask.variables ?? {} }),
  });
}

const metric = (line: string) => gatewayMetric(fx.gateway, line);

/** Runs `ask` and tells how many of its answers the door gave. */
async function atTheDoor<T>(ask: () => Promise<T>): Promise<{ answered: number; result: T }> {
  const before = await metric('gba_gateway_kept_answers_total');
  const result = await ask();
  return { answered: (await metric('gba_gateway_kept_answers_total')) - before, result };
}

const answerOf = async (response: Response) => ({
  status: response.status,
  type: response.headers.get('content-type'),
  body: await response.text(),
});

describe("the gateway's door for kept answers", () => {
  it('answers a repeated public query as the gateway did, for an official and an anonymous caller alike', async () => {
    const first = await atTheDoor(async () => answerOf(await get(LIST, { who: 'sz-official' })));
    expect(first.answered).toBe(0);
    expect(first.result.status).toBe(200);
    const counted = await metric('gba_graphql_requests_total{operation="DoorList"}');
    const again = await atTheDoor(() => get(LIST, { who: 'sz-official', headers: { 'x-request-id': 'door-1' } }));
    expect(again.answered).toBe(1);
    // The caller's id is a correlation id only: the answer's id is the platform's own (request-id.ts).
    expect(again.result.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(await answerOf(again.result)).toEqual(first.result);
    // Reported as the gateway reports its own answers.
    expect(await metric('gba_graphql_requests_total{operation="DoorList"}')).toBe(counted + 1);
    const anonymous = await atTheDoor(async () => answerOf(await get(LIST)));
    expect(anonymous).toEqual({ answered: 1, result: first.result });
  });

  for (const accept of [undefined, '*/*', 'application/json', 'application/graphql-response+json']) {
    it(`answers Accept: ${accept ?? '(none)'} in the media type the gateway gives it`, async () => {
      const headers: Record<string, string> = accept ? { accept } : {};
      await get(LIST, { headers });
      const door = await atTheDoor(async () => answerOf(await get(LIST, { headers })));
      expect(door).toEqual({ answered: 1, result: await answerOf(await post(LIST, { headers })) });
    });
  }

  it('keys answers by variables: another page goes to the gateway first', async () => {
    await get(PAGE, { variables: { first: 2 } });
    const other = await atTheDoor(() => get(PAGE, { variables: { first: 3 } }));
    expect(other.answered).toBe(0);
    expect(
      ((await other.result.json()) as { data: { practices: { edges: unknown[] } } }).data.practices.edges,
    ).toHaveLength(3);
    expect((await atTheDoor(() => get(PAGE, { variables: { first: 2 } }))).answered).toBe(1);
  });

  it('never answers a per-viewer query, which the cache never keeps', async () => {
    await get(FEED, { who: 'hk-official' });
    const again = await atTheDoor(async () => (await get(FEED, { who: 'hk-official' })).json());
    expect(again.answered).toBe(0);
    expect(again.result).toMatchObject({ data: { feed: { totalCount: expect.any(Number) } } });
    const anonymous = (await (await get(FEED)).json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('never answers a query of two subgraphs, though its knowledge part is kept', async () => {
    await get(MIXED);
    const again = await atTheDoor(async () => (await get(MIXED)).json());
    expect(again.answered).toBe(0);
    expect(again.result).toMatchObject({
      data: { practices: { totalCount: expect.any(Number) }, announcements: [{}] },
    });
  });

  it('never answers a persisted query the gateway refuses, though the subgraph keeps its answer', async () => {
    // Kept by a caller holding the gateway's secret (an operator), straight at the subgraph.
    const knowledge = fx.platform.endpoints.find((e) => e.name === 'knowledge subgraph')?.url as string;
    const secret = readFileSync(join(fx.dataDir, 'gateway-secret'), 'utf8').trim();
    const direct = () =>
      fetch(knowledge, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_SECRET_HEADER]: secret },
        body: JSON.stringify({ query: ALIASES }),
      }).then((r) => r.json());
    expect(await direct()).toEqual(await direct());
    for (let i = 0; i < 2; i++) {
      const asked = await atTheDoor(async () => (await get(ALIASES)).json());
      expect(asked.answered).toBe(0);
      expect(asked.result).toMatchObject({ errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'aliases' } }] });
    }
  });

  const refused: [string, () => Promise<string>][] = [
    ['a token that is not a JSON Web Token', async () => 'Bearer not-a-token'],
    ['an Authorization header that is not Bearer', async () => 'Basic aGstb2ZmaWNpYWw6ZGVtbw=='],
    ['an expired token', () => expired('hk-official').then((t) => `Bearer ${t}`)],
  ];
  for (const [name, authorization] of refused) {
    it(`refuses ${name} with 401 though the answer is kept`, async () => {
      await get(LIST);
      expect((await atTheDoor(() => get(LIST))).answered).toBe(1);
      const asked = await atTheDoor(async () => get(LIST, { headers: { authorization: await authorization() } }));
      expect(asked.answered).toBe(0);
      expect(asked.result.status).toBe(401);
      expect(asked.result.headers.get('www-authenticate')).toContain('invalid_token');
      expect(
        ((await asked.result.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      ).toBe('UNAUTHENTICATED');
    });
  }

  it('leaves an unknown hash to the gateway, which refuses it', async () => {
    const asked = await atTheDoor(() => fetch(`${fx.gateway}?documentId=${'0'.repeat(64)}`));
    expect(asked.answered).toBe(0);
    expect(asked.result.status).toBe(404);
    expect(await asked.result.json()).toMatchObject({ errors: [{ message: 'PersistedQueryNotFound' }] });
  });

  it('leaves a request from a browser origin to the gateway, whose CORS rules answer it', async () => {
    await get(LIST);
    const origin = 'http://localhost:4000';
    const asked = await atTheDoor(() => get(LIST, { headers: { origin } }));
    expect(asked.answered).toBe(0);
    expect(asked.result.status).toBe(200);
    expect(asked.result.headers.get('access-control-allow-origin')).toBe(origin);
    const stranger = await get(LIST, { headers: { origin: 'https://evil.example' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('shows a practice shared through the API in the next read', async () => {
    await get(LIST);
    const before = (await (await get(LIST)).json()) as { data: { practices: { totalCount: number } } };
    const shared = await post(SHARE, {
      who: 'sz-official',
      variables: {
        i: sharedPractice('Kept-answer door: shared through the API'),
      },
    });
    expect(await shared.json()).toMatchObject({ data: { sharePractice: { id: expect.any(String) } } });
    const after = await atTheDoor(async () => (await get(LIST)).json());
    expect(after.answered).toBe(0);
    expect(after.result).toMatchObject({ data: { practices: { totalCount: before.data.practices.totalCount + 1 } } });
    expect(JSON.stringify(after.result)).toContain('Kept-answer door: shared through the API');
    expect((await atTheDoor(() => get(LIST))).answered).toBe(1);
  });

  it('shows a partner’s service update in the next read', async () => {
    await get(SERVICE);
    expect((await atTheDoor(() => get(SERVICE))).answered).toBe(1);
    await publishPartnerEvent(fx, {
      id: 'kept-answer-door-0001',
      serviceId: 'svc-hk-cbps-kiosk-mo',
      title: 'Kept-answer door: renamed by the partner',
    });
    const after = await atTheDoor(async () => (await get(SERVICE)).json());
    expect(after.answered).toBe(0);
    expect(after.result).toMatchObject({
      data: { service: { title: { en: 'Kept-answer door: renamed by the partner' } } },
    });
  });
});

/** A token of the platform's dev identity provider, signed by its key, that expired ten minutes ago. */
async function expired(who: string): Promise<string> {
  const live = await fx.token(who);
  const claims = JSON.parse(Buffer.from(live.split('.')[1] ?? '', 'base64url').toString('utf8'));
  const key = await loadOrCreateSigningKey(join(fx.dataDir, 'idp'));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims, iat: now - 900, exp: now - 600 })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .sign(key.privateKey);
}
