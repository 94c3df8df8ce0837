/**
 * The HTTP status of each kind of answer as the GraphQL-over-HTTP spec asks for each media type:
 * `application/graphql-response+json` (sent to clients that accept it) gets 4xx for a request error,
 * the legacy `application/json` gets 200 for every well-formed request; a bad token is 401 in both.
 * No answer carries Yoga's internal `extensions.http`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx?.close());

const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: jurisdictions { id }`).join(' ');

/** [answer, query, variables, extra headers, status as graphql-response+json, status as application/json] */
const ANSWERS: [string, string, Record<string, unknown>, Record<string, string>, number, number][] = [
  ['a query that does not parse', '{ jurisdictions { id ', {}, {}, 400, 200],
  ['a query that does not validate', '{ nope }', {}, {}, 400, 200],
  [
    'a variable that does not coerce',
    'query ($f: ServiceFilter) { services(filter: $f) { totalCount } }',
    { f: { jurisdiction: 'HK' } },
    {},
    400,
    200,
  ],
  ['a query over the alias limit', `{ ${aliases} }`, {}, {}, 400, 200],
  ['a refused field (a case asked anonymously)', '{ case(id: "case-0001") { id } }', {}, {}, 200, 200],
  ['an answer without errors', '{ jurisdictions { id } }', {}, {}, 200, 200],
  ['a bad token', '{ jurisdictions { id } }', {}, { authorization: 'Bearer not-a-token' }, 401, 401],
];

describe.each([
  ['application/graphql-response+json', 4],
  ['application/json', 5],
] as const)('answered as %s', (accept, column) => {
  it.each(ANSWERS)('%s', async (...row) => {
    const [, query, variables, headers] = row;
    const response = await fx.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.status).toBe(row[column]);
    expect(response.headers.get('content-type')).toBe(`${accept}; charset=utf-8`);
    const text = await response.text();
    expect(JSON.parse(text)).toBeTypeOf('object');
    expect(text).not.toContain('"http"');
  });
});
