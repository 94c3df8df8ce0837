/**
 * The gateway of `gba start` hands its one-fetch operations to the subgraphs of its process with the
 * caller's request it has verified (services/server-kit/in-process.ts). A handed-over operation meets
 * the subgraph's own checks from its parameters on (the caller's token, the limits), and the answer is
 * the same, status and text, as over HTTP; through the whole gateway, the rules of the authorisation
 * table hold in process too.
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
