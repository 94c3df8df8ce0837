/**
 * Errors a client developer can act on: a variable that does not fit its type is refused before
 * anything runs with BAD_USER_INPUT naming the field (never INTERNAL), at the gateway and at each
 * subgraph alike, with HTTP 400 as every refusal before execution (200 to a client that takes only
 * the legacy application/json, as the GraphQL-over-HTTP spec asks); "Did you mean …?" only outside
 * production. Every bad field is named, in one error.
 */
import { describe, expect, it } from 'vitest';
import { devAndProductionFixtures, type GatewayFixture } from '../support/gateway-fixture.js';

const fixtures = devAndProductionFixtures();

type Door = 'gateway' | 'knowledge' | 'exchange' | 'consent';

function post(
  fixture: GatewayFixture,
  door: Door,
  body: { query: string; variables?: unknown },
  accept = 'application/graphql-response+json',
) {
  const init = { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) };
  if (door === 'gateway') return Promise.resolve(fixture.gateway.fetch('http://gateway.test/graphql', init));
  return fetch(`${fixture[door].url}/graphql`, init);
}

const cases = [
  {
    door: 'knowledge',
    what: 'a misspelt filter field',
    query: 'query ($f: ServiceFilter) { services(filter: $f) { totalCount } }',
    variables: { f: { jurisdiction: 'HK' } },
    field: 'f.jurisdiction',
    reason: /Field "jurisdiction" is not defined by type "ServiceFilter"/,
    suggestion: 'Did you mean "jurisdictions"?',
  },
  {
    door: 'knowledge',
    what: 'an empty input object',
    query: 'mutation ($i: SharePracticeInput!) { sharePractice(input: $i) { id } }',
    variables: { i: {} },
    field: 'i.title',
    reason: /Field "title" of required type "LocalizedTextInput!" was not provided/,
  },
  {
    door: 'knowledge',
    what: 'a number where a list item should be a string, deep in a list',
    query: 'query ($f: ServiceFilter) { services(filter: $f) { totalCount } }',
    variables: { f: { jurisdictions: ['HK', {}] } },
    field: 'f.jurisdictions.1',
    reason: /ID cannot represent value/,
  },
  {
    door: 'exchange',
    what: 'an enum value that does not exist',
    query: 'query ($f: AnnouncementFilter) { announcements(filter: $f) { id } }',
    variables: { f: { importance: 'MAJR' } },
    field: 'f.importance',
    reason: /Value "MAJR" does not exist in "Importance" enum/,
    suggestion: 'Did you mean the enum value "MAJOR"?',
  },
  {
    door: 'exchange',
    what: 'a required variable left out',
    query: 'query ($id: ID!) { case(id: $id) { id } }',
    variables: {},
    field: 'id',
    reason: /of required type "ID!" was not provided/,
  },
  {
    door: 'consent',
    what: 'an input missing its required fields',
    query: 'mutation ($i: GrantConsentInput!) { grantConsent(input: $i) { __typename } }',
    variables: { i: { controller: 'hk-td' } },
    field: 'i.recipient',
    reason: /Field "recipient" of required type "ID!" was not provided/,
  },
] as const;

describe.each(cases)('$what ($door)', ({ door, query, variables, field, reason, ...rest }) => {
  const suggestion = 'suggestion' in rest ? rest.suggestion : undefined;
  it.each(['gateway', door] as const)('is refused as BAD_USER_INPUT naming the field at the %s', async (at) => {
    const response = await post(fixtures.dev(), at, { query, variables });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: object }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors;
    expect(error?.message).toMatch(new RegExp(`(^|; )${field.replaceAll('.', '\\.')}: `));
    expect(error?.message).toMatch(reason);
    expect(error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: expect.arrayContaining([{ field, reason: expect.stringMatching(reason) }]),
    });
    if (suggestion) expect(error?.message).toContain(suggestion);
  });

  it.each(['gateway', door] as const)(
    'is answered with HTTP 200 to an application/json client, as the spec asks of that type, at the %s',
    async (at) => {
      const response = await post(fixtures.dev(), at, { query, variables }, 'application/json');
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    },
  );

  it.each(['gateway', door] as const)('hides suggestions in production at the %s', async (at) => {
    const body = (await (await post(fixtures.production(), at, { query, variables })).json()) as {
      errors: { message: string; extensions: object }[];
    };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(body)).toContain(`"field":"${field}"`);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
  });
});
