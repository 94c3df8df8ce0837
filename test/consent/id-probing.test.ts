/**
 * Ids cannot be probed: a lookup answers an id that exists but is not the caller's exactly as it
 * answers an id nothing has (same code, same message but for the id), so asking for each id in
 * turn reveals nothing. A refused existing case is still audited for its resident; a missing one,
 * about nobody, is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
let request: string;
type Answer = { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] };

async function as(who: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fx.query(query, {
    variables,
    headers: { authorization: `Bearer ${await fx.idp.token(who)}` },
  });
  return (await response.json()) as Answer;
}

const REQUEST = 'mutation ($input: RequestConsentInput!) { requestConsent(input: $input) { id } }';
const forCase = (kase: string) => ({
  input: {
    case: kase,
    categories: ['IDENTITY'],
    purpose: 'licence-conversion',
    expiresAt: '2026-12-31T23:59:59+08:00',
  },
});

beforeAll(async () => {
  fx = await startGatewayFixture();
  const made = await as('hk-official', REQUEST, forCase('case-0002'));
  request = ((made.data ?? {}).requestConsent as { id: string }).id;
});
afterAll(() => fx?.close());

/** [lookup, who asks, the query, its variables for an id] */
const LOOKUPS: [string, string, string, (id: string) => Record<string, unknown>][] = [
  [
    'case(id) by an official of neither side',
    'sz-official',
    'query ($id: ID!) { case(id: $id) { id } }',
    (id) => ({ id }),
  ],
  ['case(id) by another resident', 'p-0001', 'query ($id: ID!) { case(id: $id) { id } }', (id) => ({ id })],
  ['requestConsent by another agency', 'sz-official', REQUEST, forCase],
  [
    'answerConsentRequest by another resident',
    'p-0001',
    'mutation ($input: AnswerConsentRequestInput!) { answerConsentRequest(input: $input) { request { id } } }',
    (id) => ({ input: { id, decision: 'APPROVE' } }),
  ],
  [
    'cancelConsentRequest by another agency',
    'sz-official',
    'mutation ($id: ID!) { cancelConsentRequest(id: $id) { id } }',
    (id) => ({ id }),
  ],
  [
    'revokeConsent by another resident',
    'p-0001',
    'mutation ($id: ID!) { revokeConsent(id: $id) { consent { id } } }',
    (id) => ({ id }),
  ],
];

/** An id of each kind that exists and is not the asker's, and one that no record has. */
const existing = (lookup: string) =>
  lookup.startsWith('case') || lookup.startsWith('requestConsent')
    ? 'case-0002'
    : lookup.startsWith('revoke')
      ? 'con-0001'
      : request;
const MISSING = 'nothing-9999';

/** The answer with the asked id replaced, so two answers compare as the caller sees them. */
const shape = (answer: Answer, id: string) => JSON.parse(JSON.stringify(answer).replaceAll(id, '<id>'));

describe('one answer for an id that is not yours and one that does not exist', () => {
  it.each(LOOKUPS)('%s', async (lookup, who, query, variables) => {
    const id = existing(lookup);
    const theirs = await as(who, query, variables(id));
    const none = await as(who, query, variables(MISSING));
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(shape(none, MISSING)).toEqual(shape(theirs, id));
  });

  it('still audits the refused attempt on an existing case for its resident, and nothing for a missing one', async () => {
    const count = async () => {
      const trail = await as('auditor', '{ auditTrail(subject: "p-0005", outcome: DENY) { totalCount } }');
      return ((trail.data ?? {}).auditTrail as { totalCount: number }).totalCount;
    };
    const before = await count();
    await as('sz-official', '{ case(id: "case-0002") { id } }');
    expect(await count()).toBe(before + 1);
    await as('sz-official', '{ case(id: "case-9998") { id } }');
    expect(await count()).toBe(before + 1);
  });
});
