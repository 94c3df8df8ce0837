/**
 * A whole case refused is a decision too: each FORBIDDEN answer to `case(id)`, and to an entity
 * lookup of the case sent straight to the exchange subgraph, is in the audit log before it is
 * answered. The auditor finds those attempts with `auditTrail(outcome: DENY)`, and the resident the
 * case is about sees them in `myDataAccesses`, marked DENY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx?.close());

/** The answer, and the request id the platform gave it (the audit key; the caller's is a correlation id only). */
async function gql(who: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fx.query(query, {
    variables,
    headers: { authorization: `Bearer ${await fx.idp.token(who)}`, 'x-request-id': `refusal-${who}` },
  });
  const answer = (await response.json()) as {
    data: Record<string, unknown>;
    errors?: { extensions?: { code?: string } }[];
  };
  return Object.assign(answer, { requestId: response.headers.get('x-request-id') });
}

interface Trail {
  totalCount: number;
  edges: { node: { who: string; decision: string; resource: string; reason: string; requestId: string } }[];
}
const TRAIL = 'totalCount edges { node { who decision resource reason requestId } }';

// case-0001 is p-0004's, from Shenzhen, handled in Hong Kong.
const REFUSED = ['gz-official', 'gd-official', 'p-0001', 'auditor', 'admin', 'gz-suihaoban'];

describe('whole-case refusals', () => {
  it.each(REFUSED)('%s is refused case-0001 and the refusal is audited', async (who) => {
    const answer = await gql(who, '{ case(id: "case-0001") { id status } }');
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(answer.requestId).not.toBe(`refusal-${who}`);
    const trail = await gql('auditor', `{ auditTrail(subject: "p-0004", outcome: DENY) { ${TRAIL} } }`);
    const records = (trail.data.auditTrail as Trail).edges.map((e) => e.node);
    expect(records).toContainEqual({
      who,
      decision: 'DENY',
      resource: 'case case-0001',
      reason: 'not an official of either side of the case, nor its subject',
      requestId: answer.requestId,
    });
  });

  it('an entity lookup sent straight to the exchange subgraph is refused and audited alike', async () => {
    const response = await fetch(`${fx.exchange.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await fx.idp.token('gd-official')}`,
        'x-request-id': 'refusal-entities',
      },
      body: JSON.stringify({
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id status } } }',
        variables: { r: [{ __typename: 'Case', id: 'case-0001' }] },
      }),
    });
    const body = (await response.json()) as { data: { _entities: unknown[] }; errors?: { extensions: object }[] };
    expect(body.data._entities).toEqual([null]);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const trail = await gql('auditor', `{ auditTrail(subject: "p-0004", outcome: DENY, first: 100) { ${TRAIL} } }`);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).not.toBe('refusal-entities');
    expect((trail.data.auditTrail as Trail).edges.map((e) => e.node.requestId)).toContain(requestId);
  });

  it('the resident sees the refused attempts, marked DENY, and the auditor can ask for one outcome', async () => {
    const mine = await gql('p-0004', `{ myDataAccesses(outcome: DENY, first: 100) { ${TRAIL} } }`);
    const denied = (mine.data.myDataAccesses as Trail).edges.map((e) => e.node);
    expect(denied.map((r) => r.who)).toEqual(expect.arrayContaining(REFUSED));
    expect(new Set(denied.map((r) => r.decision))).toEqual(new Set(['DENY']));
    await gql('sz-official', '{ case(id: "case-0001") { applicant { name { en } } } }');
    const allowed = await gql('auditor', `{ auditTrail(subject: "p-0004", outcome: ALLOW) { ${TRAIL} } }`);
    const nodes = (allowed.data.auditTrail as Trail).edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes.map((r) => r.decision))).toEqual(new Set(['ALLOW']));
    const all = await gql('auditor', '{ auditTrail(subject: "p-0004") { totalCount } }');
    const deny = await gql('auditor', '{ auditTrail(subject: "p-0004", outcome: DENY) { totalCount } }');
    expect((all.data.auditTrail as Trail).totalCount).toBe(
      (allowed.data.auditTrail as Trail).totalCount + (deny.data.auditTrail as Trail).totalCount,
    );
  });
});
