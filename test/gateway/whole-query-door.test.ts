/**
 * The gateway's door for whole queries (services/gateway/whole-query-door.ts), on the whole platform
 * (`gba start`'s wiring, real HTTP): a POSTed query the gateway has sent whole to a subgraph of its
 * process is answered at the door the next time, as the gateway answered it; an answer with errors is
 * handed back to the gateway, which writes it from the subgraph's one answer (audited once); every
 * request the door does not mirror, a refused token and refused variables go to the gateway. Which
 * door answered is read from the gateway's /metrics (`gba_gateway_whole_queries_total`), as an
 * operator would; a second query text the door has never seen (the same query with a trailing space)
 * is always the gateway's answer to compare with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../support/logs.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';
import { gatewayMetric, type RawAnswer, rawPost } from '../support/raw-http.js';

const LIST = 'query WholeList { practices(first: 5) { totalCount edges { node { id title { en } } } } }';
const PAGE = 'query WholePage($first: Int) { practices(first: $first) { totalCount edges { node { id } } } }';
const DRAFTS = 'query WholeDrafts { practiceDrafts { id } }';
const CASE = 'query WholeCase { case(id: "case-0001") { applicant { name { en } phone } } }';
const TWO = 'query WholeA { jurisdictions { id } } query WholeB { topics { id } }';
/** Past the gateway's alias limit (15), within the subgraph's (60). */
const ALIASES = `query WholeAliases { ${Array.from({ length: 16 }, (_, i) => `a${i}: jurisdictions { id }`).join(' ')} }`;
const PLATFORM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const capture = captureLogs();
let fx: PlatformFixture;
const tokens = new Map<string, string>();
beforeAll(async () => {
  fx = await startPlatformFixture({}, { log: capture.log });
  for (const who of ['sz-official', 'hk-official', 'auditor']) tokens.set(who, await fx.token(who));
}, 60_000);
afterAll(() => fx?.close());

interface Ask {
  readonly who?: string;
  readonly headers?: Record<string, string>;
  /** The body as sent; by default the JSON of the query, variables and operation name. */
  readonly body?: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

/** A raw POST, so that the headers reach the gateway as sent (fetch adds its own). */
function post(query: string, ask: Ask = {}): Promise<RawAnswer> {
  const body =
    ask.body ??
    JSON.stringify({
      query,
      ...(ask.variables ? { variables: ask.variables } : {}),
      ...(ask.operationName ? { operationName: ask.operationName } : {}),
    });
  const headers = {
    'content-type': 'application/json',
    ...(ask.who ? { authorization: `Bearer ${tokens.get(ask.who)}` } : {}),
    ...ask.headers,
  };
  return rawPost(fx.gateway, headers, body);
}

/** What must be equal between two answers: all but the request id and the date. */
const same = ({ status, headers, body }: RawAnswer) => {
  const { 'x-request-id': _id, date: _date, ...rest } = headers;
  return { status, headers: rest, body };
};

const metric = (line: string) => gatewayMetric(fx.gateway, line);

/** Runs `ask` and tells how many of its answers the door gave. */
async function atTheDoor<T>(ask: () => Promise<T>): Promise<{ answered: number; result: T }> {
  const before = await metric('gba_gateway_whole_queries_total');
  const result = await ask();
  return { answered: (await metric('gba_gateway_whole_queries_total')) - before, result };
}

/** How many audit records p-0004 (case-0001's applicant) has, as the auditor reads them. */
async function trailCount(): Promise<number> {
  const trail = await post('query { auditTrail(subject: "p-0004", first: 1) { totalCount } }', { who: 'auditor' });
  return (JSON.parse(trail.body) as { data: { auditTrail: { totalCount: number } } }).data.auditTrail.totalCount;
}

/** The same query as a text the door has never seen: the gateway's own answer. */
const unseen = (query: string) => `${query} `;

describe("the gateway's door for whole queries", () => {
  it('answers a repeated query as the gateway did, for an official and an anonymous caller alike', async () => {
    const first = await atTheDoor(() => post(LIST, { who: 'sz-official' }));
    expect(first.answered).toBe(0);
    expect(first.result.status).toBe(200);
    const counted = await metric('gba_graphql_requests_total{operation="WholeList"}');
    const timed = await metric('gba_graphql_request_duration_seconds_count{operation="WholeList"}');
    const again = await atTheDoor(() => post(LIST, { who: 'sz-official' }));
    expect(again.answered).toBe(1);
    expect(same(again.result)).toEqual(same(first.result));
    expect(again.result.headers['x-request-id']).toMatch(PLATFORM_ID);
    expect(again.result.headers['x-request-id']).not.toBe(first.result.headers['x-request-id']);
    // Reported as the gateway reports its own answers.
    expect(await metric('gba_graphql_requests_total{operation="WholeList"}')).toBe(counted + 1);
    expect(await metric('gba_graphql_request_duration_seconds_count{operation="WholeList"}')).toBe(timed + 1);
    const anonymous = await atTheDoor(() => post(LIST));
    expect(anonymous.answered).toBe(1);
    expect(same(anonymous.result)).toEqual(same(first.result));
  });

  for (const accept of [undefined, '*/*', 'application/json', 'application/graphql-response+json']) {
    it(`answers Accept: ${accept ?? '(none)'} in the media type, body and headers the gateway gives it`, async () => {
      const headers: Record<string, string> = accept ? { accept } : {};
      await post(LIST, { headers });
      const door = await atTheDoor(() => post(LIST, { headers }));
      expect(door.answered).toBe(1);
      expect(same(door.result)).toEqual(same(await post(unseen(LIST), { headers })));
    });
  }

  it('takes a JSON body whose content type names its charset', async () => {
    const door = await atTheDoor(() => post(LIST, { headers: { 'content-type': 'application/json; charset=utf-8' } }));
    expect(door.answered).toBe(1);
    expect(same(door.result)).toEqual(same(await post(unseen(LIST))));
  });

  it('answers under an id of the platform, logged at the gateway and at the subgraph as the gateway logs', async () => {
    await post(LIST);
    const headers = { 'x-request-id': 'whole-door-1' };
    const door = await atTheDoor(() => post(LIST, { headers }));
    expect(door.answered).toBe(1);
    const gateway = await post(unseen(LIST), { headers });
    const linesOf = ({ headers }: RawAnswer) => {
      const id = headers['x-request-id'];
      expect(id).toMatch(PLATFORM_ID);
      const lines = capture.lines().filter((l) => l.requestId === id && l.msg === 'graphql request');
      return lines
        .map((l) => [l.component ?? l.subgraph, l.clientRequestId, l.operationName, l.status, l.errorCodes])
        .sort();
    };
    expect(linesOf(door.result)).toEqual(linesOf(gateway));
    expect(linesOf(door.result).map((l) => [l[0], l[1]])).toEqual([
      ['gateway', 'whole-door-1'],
      ['knowledge', 'whole-door-1'],
    ]);
  });

  it('checks the variables of each request as the gateway does', async () => {
    await post(PAGE, { variables: { first: 2 } });
    const other = await atTheDoor(() => post(PAGE, { variables: { first: 3 } }));
    expect(other.answered).toBe(1);
    expect(
      (JSON.parse(other.result.body) as { data: { practices: { edges: unknown[] } } }).data.practices.edges,
    ).toHaveLength(3);
    for (const variables of [{ first: 'three' }, { first: 2.5 }]) {
      const refused = await atTheDoor(() => post(PAGE, { variables }));
      expect(refused.answered).toBe(0);
      expect(same(refused.result)).toEqual(same(await post(unseen(PAGE), { variables })));
      expect(refused.result.body).toContain('BAD_USER_INPUT');
    }
  });

  it('learns each operation of a document by its name', async () => {
    for (const operationName of ['WholeA', 'WholeB']) {
      expect((await atTheDoor(() => post(TWO, { operationName }))).answered).toBe(0);
      const again = await atTheDoor(() => post(TWO, { operationName }));
      expect(again.answered).toBe(1);
      expect(same(again.result)).toEqual(same(await post(unseen(TWO), { operationName })));
    }
    // Without a name the document is refused, by the gateway.
    const unnamed = await atTheDoor(() => post(TWO));
    expect(unnamed.answered).toBe(0);
    expect(unnamed.result.body).toContain('errors');
  });

  it('never learns a query the gateway refuses, though the subgraph would answer it', async () => {
    for (let i = 0; i < 2; i++) {
      const refused = await atTheDoor(() => post(ALIASES));
      expect(refused.answered).toBe(0);
      expect(refused.result.body).toContain('QUERY_TOO_COMPLEX');
    }
  });
});

describe('answers with errors, handed back to the gateway', () => {
  it('writes them as the gateway does, for a caller the field refuses', async () => {
    await post(DRAFTS, { who: 'sz-official' });
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const refused = await atTheDoor(() => post(DRAFTS, { headers: { accept } }));
      expect(refused.answered).toBe(0);
      expect(refused.result.body).toContain('UNAUTHENTICATED');
      expect(same(refused.result)).toEqual(same(await post(unseen(DRAFTS), { headers: { accept } })));
    }
  });

  it('runs a consent-gated query once per request, audited under the id it is answered under', async () => {
    const errors = () => metric('gba_graphql_errors_total{code="CONSENT_REQUIRED"}');
    const first = await post(CASE, { who: 'hk-official' });
    expect(first.body).toContain('CONSENT_REQUIRED');
    const before = await errors();
    const records = await trailCount();
    const counted = await metric('gba_graphql_requests_total{operation="WholeCase"}');
    const answers: RawAnswer[] = [];
    for (let i = 0; i < 2; i++) {
      const again = await atTheDoor(() => post(CASE, { who: 'hk-official' }));
      expect(again.answered).toBe(0);
      expect(same(again.result)).toEqual(same(first));
      answers.push(again.result);
    }
    expect(await metric('gba_graphql_requests_total{operation="WholeCase"}')).toBe(counted + 2);
    expect(await errors()).toBe(before + 2);
    // Two records a request (the name allowed, the phone refused), never more: before, a POST of declared
    // length handed back by the door was run by the subgraph again, and each refusal was audited twice.
    expect(await trailCount()).toBe(records + 4);
    const trail = await post(
      'query { auditTrail(subject: "p-0004", first: 100) { edges { node { requestId decision } } } }',
      { who: 'auditor' },
    );
    const nodes = (
      JSON.parse(trail.body) as { data: { auditTrail: { edges: { node: { requestId: string; decision: string } }[] } } }
    ).data.auditTrail.edges.map((e) => e.node);
    for (const answer of answers)
      expect(
        nodes
          .filter((n) => n.requestId === answer.headers['x-request-id'])
          .map((n) => n.decision)
          .sort(),
      ).toEqual(['ALLOW', 'DENY']);
  });
});

describe('requests the door leaves to the gateway', () => {
  const cases: [string, Ask][] = [
    ['a bad token', { headers: { authorization: 'Bearer not-a-token' } }],
    ['an authorization header that is not a bearer token', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }],
    ['an Origin (CORS)', { headers: { origin: 'http://localhost:4000' } }],
    ['a batch', { body: JSON.stringify([{ query: LIST }, { query: LIST }]) }],
    ['extensions', { body: JSON.stringify({ query: LIST, extensions: {} }) }],
    ['another key', { body: JSON.stringify({ query: LIST, other: 1 }) }],
    ['an empty operation name', { body: JSON.stringify({ query: LIST, operationName: '' }) }],
    ['a body that is not JSON', { body: `${JSON.stringify({ query: LIST })}}` }],
    ['another content type', { headers: { 'content-type': 'text/plain' } }],
    ['an Accept the door does not mirror', { headers: { accept: 'application/xml' } }],
    ['an Accept of two types', { headers: { accept: 'application/graphql-response+json, application/json' } }],
    ['a body over 64 KiB', { body: JSON.stringify({ query: LIST, variables: { pad: 'x'.repeat(70_000) } }) }],
  ];
  it.each(cases)('with %s, answered as the gateway answers it', async (_what, ask) => {
    await post(LIST);
    const answer = await atTheDoor(() => post(LIST, ask));
    expect(answer.answered).toBe(0);
    // The same request where the door does not even read the body (a content type it does not take).
    const headers = { 'content-type': 'application/json;charset=utf-8', ...ask.headers };
    expect(same(answer.result)).toEqual(same(await post(LIST, { ...ask, headers })));
  });

  it('refuses a bad token with 401 though the query is known', async () => {
    await post(LIST);
    const refused = await post(LIST, { headers: { authorization: 'Bearer not-a-token' } });
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('UNAUTHENTICATED');
  });

  it('answers CORS for an allowed origin', async () => {
    await post(LIST);
    const answer = await post(LIST, { headers: { origin: 'http://localhost:4000' } });
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:4000');
  });
});
