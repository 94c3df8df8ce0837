/**
 * The gateway of `gba start` hands its one-fetch operations to the subgraphs of its process without a
 * JSON body (services/server-kit/in-process.ts). A handed-over operation passes the same door as a
 * request over HTTP: the gateway's secret, the caller's token, the limits, and the answer is the same,
 * status and text; through the whole gateway, the rules of the authorisation table hold in process too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorsOutbox } from '../../connectors/pipeline/outbox.js';
import { composeSupergraph, fetchSubgraphSdl } from '../../services/gateway/compose.js';
import { createGateway } from '../../services/gateway/gateway.js';
import type { Authenticator } from '../../services/identity/authenticator.port.js';
import { API_AUDIENCE, REALM } from '../../services/identity/identities.js';
import { KeycloakAuthenticator } from '../../services/identity/keycloak/keycloak-authenticator.js';
import { createKnowledgeServer } from '../../services/knowledge/server.js';
import { GATEWAY_SECRET_HEADER } from '../../services/server-kit/gateway-only.js';
import { inProcess, type LocalAnswer } from '../../services/server-kit/in-process.js';
import { type Answer, answerAs, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

const SECRET = 'c'.repeat(64);
const URL = 'http://knowledge.test/graphql';
let fx: GatewayFixture;
let knowledge: ReturnType<typeof createKnowledgeServer>;
let authenticator: Authenticator;
beforeAll(async () => {
  fx = await startGatewayFixture({ inProcess: true, hardening: { gatewaySecret: SECRET } });
  authenticator = new KeycloakAuthenticator({ serverUrl: fx.idp.url, realm: REALM, audience: API_AUDIENCE });
  knowledge = createKnowledgeServer({
    store: fx.store,
    log: fx.log,
    authenticator,
    hardening: { gatewaySecret: SECRET },
    outbox: connectorsOutbox(),
  });
});
afterAll(() => fx?.close());

const PRACTICES = '{ practices(first: 2) { totalCount edges { node { id title { en } } } } }';
const DRAFTS = '{ practiceDrafts { id } }';

/** What the gateway writes of a handed-over answer: its text, or its result as Yoga writes one. */
const written = (answer: LocalAnswer | undefined): string | undefined => {
  if (!answer?.result) return answer?.text;
  const { stringify } = answer.result as { stringify?: (r: unknown) => string };
  return (stringify ?? JSON.stringify)(answer.result);
};

describe('an operation handed over in process', () => {
  const secret = { [GATEWAY_SECRET_HEADER]: SECRET };
  const ALIASES = `{ ${Array.from({ length: 61 }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }`;
  it.each([
    {
      case: 'without the gateway’s secret',
      headers: {} as Record<string, string>,
      query: PRACTICES,
      who: null,
      status: 403,
    },
    {
      case: 'with a wrong secret',
      headers: { [GATEWAY_SECRET_HEADER]: 'd'.repeat(64) },
      query: PRACTICES,
      who: null,
      status: 403,
    },
    { case: 'anonymous, of a public query', headers: secret, query: PRACTICES, who: null, status: 200 },
    { case: 'anonymous, of an officials-only query', headers: secret, query: DRAFTS, who: null, status: 200 },
    { case: 'from an official', headers: secret, query: DRAFTS, who: 'sz-official', status: 200 },
    // The gateway refuses a forged token itself; a subgraph asked directly does too, in process and over HTTP.
    { case: 'with a token that fails verification', headers: secret, query: PRACTICES, who: 'forged', status: 401 },
    { case: 'over the aliases limit', headers: secret, query: ALIASES, who: null, status: 400 },
  ])('$case: answers $status as the same request over HTTP', async ({ headers, query, who, status }) => {
    const token = who === 'forged' ? 'not.a.token' : who ? await fx.idp.token(who) : null;
    // The one-fetch path asks for `application/json`; the spec's own type is answered as text every time.
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const sent: Record<string, string> = {
        ...headers,
        accept,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      };
      // Twice: the second answer of a public query is the response cache's kept one.
      for (let i = 0; i < 2; i++) {
        const handed = await inProcess(knowledge).call?.({ url: URL, headers: sent, params: { query } });
        const overHttp = await knowledge.fetch(URL, {
          method: 'POST',
          headers: { ...sent, 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        const text = await overHttp.text();
        expect(handed?.status).toBe(overHttp.status);
        // Answers with errors may list `data` and `errors` in either order (graphql-js and graphql-jit
        // differ, and the document is compiled at its third execution); the gateway parses those.
        expect(JSON.parse(written(handed) ?? '')).toEqual(JSON.parse(text));
        // Handed back as a result exactly when the answer is data alone, asked as application/json,
        // and then written to the same text.
        const alone = overHttp.status === 200 && !text.includes('"errors"');
        expect(handed?.result !== undefined).toBe(alone && accept === 'application/json');
        if (alone) expect(written(handed)).toBe(text);
        // As `application/json`, a refused request is 200 (the spec's legacy type), as over HTTP above.
        if (accept !== 'application/json') expect(handed?.status).toBe(status);
        // How to answer (`extensions.http`) never shows in the answer.
        expect(written(handed)).not.toContain('"http"');
      }
    }
  });
});

describe('an operation the gateway hands over with its verified request', () => {
  const ALIASES = `{ ${Array.from({ length: 61 }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }`;
  const identity = { id: '0b6f8d2e-4c1a-4d7e-9a3b-5f2c8e1d7a90', clientId: 'trace-7' };
  it.each([
    { case: 'anonymous, of a public query', query: PRACTICES, who: null },
    { case: 'anonymous, of an officials-only query', query: DRAFTS, who: null },
    { case: 'from an official', query: DRAFTS, who: 'sz-official' },
    { case: 'with a token that fails verification', query: PRACTICES, who: 'forged' },
    { case: 'over the aliases limit', query: ALIASES, who: null },
  ])('$case: answers as the same request over HTTP, prepared or not', async ({ query, who }) => {
    const token = who === 'forged' ? 'not.a.token' : who ? await fx.idp.token(who) : null;
    const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const local = inProcess(knowledge);
    // The subgraph's own parse and validation, limits included: a document over a limit is not prepared.
    const document = local.prepare?.(query);
    expect(document === undefined).toBe(query === ALIASES);
    for (let i = 0; i < 3; i++) {
      const request = new Request(URL, { method: 'POST', headers: authorization });
      const handed = await local.execute?.({
        request,
        identity,
        params: { query },
        ...(i > 0 && document ? { document } : {}),
      });
      const overHttp = await knowledge.fetch(URL, {
        method: 'POST',
        headers: {
          ...authorization,
          [GATEWAY_SECRET_HEADER]: SECRET,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ query }),
      });
      const text = await overHttp.text();
      expect(handed?.status).toBe(overHttp.status);
      expect(JSON.parse(written(handed) ?? '')).toEqual(JSON.parse(text));
      expect(handed?.result !== undefined).toBe(overHttp.status === 200 && !text.includes('"errors"'));
    }
  });

  it('is logged and measured by the subgraph under the gateway’s request ids', async () => {
    const before = fx.logs().length;
    const request = new Request(URL, { method: 'POST' });
    await inProcess(knowledge).execute?.({ request, identity, params: { query: DRAFTS } });
    const line = fx
      .logs()
      .slice(before)
      .find((l) => l.subgraph === 'knowledge' && l.requestId === identity.id);
    expect(line).toMatchObject({ clientRequestId: 'trace-7', status: 200, errorCodes: ['UNAUTHENTICATED'] });
  });
});

describe('the gateway, calling its subgraphs in process', () => {
  const as = answerAs(() => fx);

  it('verifies the caller’s token once, the subgraph reading the gateway’s verification', async () => {
    const tokens: string[] = [];
    const counting: Authenticator = {
      authenticate: (token) => {
        tokens.push(token);
        return authenticator.authenticate(token);
      },
    };
    const own = createKnowledgeServer({
      ...{ store: fx.store, log: fx.log, authenticator: counting, outbox: connectorsOutbox() },
      hardening: { gatewaySecret: SECRET },
    });
    const secret = { [GATEWAY_SECRET_HEADER]: SECRET };
    const definition = await fetchSubgraphSdl({ name: 'knowledge', url: `${fx.knowledge.url}/graphql` }, {}, secret);
    const gateway = createGateway({
      ...{ supergraph: composeSupergraph([definition]), subgraphs: [definition], log: fx.log },
      ...{ authenticator: counting, local: { knowledge: inProcess(own) } },
    });
    const token = await fx.idp.token('sz-official');
    const response = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DRAFTS }),
    });
    expect(await response.json()).toEqual({ data: { practiceDrafts: expect.any(Array) } });
    expect(tokens).toEqual([token]);
    await gateway.dispose();
  });

  it('answers a public query, and refuses an officials-only one to anonymous callers', async () => {
    const practices: Answer = await as(null, PRACTICES);
    expect(practices.errors).toBeUndefined();
    expect(practices.data.practices.edges).toHaveLength(2);
    const drafts = await as(null, DRAFTS);
    expect(drafts.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const resident = await as('p-0001', DRAFTS);
    expect(resident.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect((await as('sz-official', DRAFTS)).errors).toBeUndefined();
  });
});
