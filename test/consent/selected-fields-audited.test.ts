/**
 * A case's personal fields are decided together by their parent field (`applicant`, `documents`),
 * which reads the query's selection to know which categories are asked: exactly the fields the
 * query will resolve are decided and audited, through fragments, aliases and `@skip`/`@include`
 * with variables, and the answer is the one each field gave when it asked alone.
 * Sent straight to the exchange subgraph (no query planner rewriting the document in between).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx?.close());

/** hk-official (case-0001's handling side: identity and driving-record under consent, contact not). */
async function ask(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${fx.exchange.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await fx.idp.token('hk-official')}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  // The platform names the request (a caller's x-request-id is never the audit key).
  const requestId = response.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  const body = (await response.json()) as {
    data: { case: Record<string, unknown> | null };
    errors?: { path: (string | number)[]; extensions: { code: string } }[];
  };
  const records = (await fx.audit.bySubject('p-0004', { first: 100 })).filter((r) => r.requestId === requestId);
  const audited = records.map((r) => `${r.decision} ${[...r.categories].sort().join(',')}`).sort();
  const refused = (body.errors ?? []).map((e) => `${e.path.join('.')} ${e.extensions.code}`);
  return { case: body.data.case, audited, refused };
}

describe('the personal fields a query selects, and only those, are decided and audited', () => {
  it('through an inline fragment and a named fragment with aliases', async () => {
    const a = await ask(`{ case(id: "case-0001") { applicant { ... on Applicant { id: idNumber } ...Reach } } }
      fragment Reach on Applicant { mail: email }`);
    expect(a.case).toEqual({ applicant: { id: '440300199001010000', mail: null } });
    expect(a.refused).toEqual(['case.applicant.mail CONSENT_REQUIRED']);
    expect(a.audited).toEqual(['allow identity', 'deny contact']);
  });

  it.each([
    { skip: true, include: false, served: {}, audited: [] },
    { skip: false, include: false, served: { idNumber: '440300199001010000' }, audited: ['allow identity'] },
    { skip: true, include: true, served: { phone: null }, audited: ['deny contact'] },
  ])('with @skip(if: $skip) and @include(if: $include) from variables', async ({ skip, include, served, audited }) => {
    const a = await ask(
      `query ($skip: Boolean!, $include: Boolean!) { case(id: "case-0001") {
        applicant { idNumber @skip(if: $skip) ... @include(if: $include) { phone } }
      } }`,
      { skip, include },
    );
    expect(a.case).toEqual({ applicant: served });
    expect(a.audited).toEqual(audited);
  });

  it('a document’s category alone decides nothing; its reference decides its category', async () => {
    const bare = await ask('{ case(id: "case-0001") { documents { category } applicant { __typename } } }');
    expect(bare.case).toEqual({ documents: [{ category: 'DRIVING_RECORD' }], applicant: { __typename: 'Applicant' } });
    expect(bare.audited).toEqual([]);
    const referenced = await ask('{ case(id: "case-0001") { documents { reference } } }');
    expect(referenced.case).toEqual({ documents: [{ reference: 'doc:case-0001:driving-record' }] });
    expect(referenced.audited).toEqual(['allow driving-record']);
  });

  it('decides a case’s categories once, in one record per outcome, whichever parent asks', async () => {
    const a = await ask(`{ case(id: "case-0001") {
      applicant { name { en } phone } again: applicant { email idNumber } documents { reference }
    } }`);
    expect(a.refused.sort()).toEqual(['case.again.email CONSENT_REQUIRED', 'case.applicant.phone CONSENT_REQUIRED']);
    expect(a.audited).toEqual(['allow driving-record,identity', 'deny contact']);
  });
});
