/**
 * String ceilings through the gateway over HTTP: one character over a field's limit is refused
 * BAD_USER_INPUT naming the field's path and the limit, before anything is read or written; a string
 * exactly at the limit passes the check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../schema/input-limits.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

type GqlError = { message: string; extensions?: Record<string, unknown> };
type Result = { data?: Record<string, unknown> | null; errors?: GqlError[] };

async function gql(query: string, variables: Record<string, unknown>, who?: string): Promise<Result> {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${await fx.token(who)}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

const PUBLISH = 'mutation ($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { id } }';
const text = (en: string) => ({ en, zhHant: '測試', zhHans: '测试' });
const announcement = (change: Record<string, unknown>) => ({
  input: {
    agency: 'hk-td',
    title: text('Length check'),
    body: text('Length check body'),
    kind: 'PROCEDURE_UPDATE',
    importance: 'NORMAL',
    effectiveFrom: '2026-04-01',
    relatedServices: ['svc-hk-td-direct-issue-dl'],
    ...change,
  },
});
const x = (n: number) => 'x'.repeat(n);

/** [field path, its limit, the request with a string of a given length there, who asks] */
const FIELDS: [string, number, (n: number) => [string, Record<string, unknown>], string?][] = [
  ['id', INPUT_LIMITS.id, (n) => ['query ($id: ID!) { service(id: $id) { id } }', { id: x(n) }]],
  ['text', INPUT_LIMITS.searchText, (n) => ['query ($t: String!) { search(text: $t) { id } }', { t: x(n) }]],
  ['question', INPUT_LIMITS.question, (n) => ['query ($q: String!) { ask(question: $q) { known } }', { q: x(n) }]],
  [
    'filter.topics.1',
    INPUT_LIMITS.id,
    (n) => ['query ($f: PracticeFilter) { practices(filter: $f) { totalCount } }', { f: { topics: ['a', x(n)] } }],
  ],
  [
    'input.title.en',
    INPUT_LIMITS.title,
    (n) => [PUBLISH, announcement({ title: text(String(n).padEnd(n, 'x')) })],
    'hk-official',
  ],
  [
    'input.body.zhHant',
    INPUT_LIMITS.body,
    (n) => [PUBLISH, announcement({ title: text(`Body ${n}`), body: { en: 'b', zhHant: x(n) } })],
    'hk-official',
  ],
  [
    'input.idempotencyKey',
    INPUT_LIMITS.key,
    (n) => [PUBLISH, announcement({ title: text(`Key ${n}`), idempotencyKey: x(n) })],
    'hk-official',
  ],
  [
    'reason',
    INPUT_LIMITS.note,
    (n) => ['mutation ($r: String) { withdrawAnnouncement(id: "ann-none", reason: $r) { id } }', { r: x(n) }],
    'hk-official',
  ],
  [
    'input.note',
    INPUT_LIMITS.note,
    (n) => [
      'mutation ($input: RequestConsentInput!) { requestConsent(input: $input) { id } }',
      {
        input: {
          case: 'case-0002',
          categories: ['IDENTITY'],
          purpose: 'licence-conversion',
          expiresAt: '2027-01-01T00:00:00Z',
          note: x(n),
        },
      },
    ],
    'hk-official',
  ],
];

/** The answers at the limit that are not about length (none for most). */
const AT_LIMIT: Record<string, unknown[][]> = {
  id: [['NOT_FOUND', undefined]],
  reason: [['NOT_FOUND', undefined]],
};

describe('string ceilings through the gateway', () => {
  it.each(FIELDS)('refuses %s one character over its %i-character limit, naming it', async (field, max, at, who) => {
    const [query, variables] = at(max + 1);
    const result = await gql(query, variables, who);
    const reason = `is longer than ${max.toLocaleString('en-US')} characters`;
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      message: `${field}: ${reason}`,
      extensions: {
        code: 'BAD_USER_INPUT',
        field,
        reason,
        maxLength: max,
        fields: [{ field, reason, maxLength: max }],
      },
    });
  });

  it.each(FIELDS)('lets %s through at exactly its %i-character limit', async (field, max, at, who) => {
    const [query, variables] = at(max);
    const result = await gql(query, variables, who);
    // What follows the check answers as it would any string of that length: a NOT_FOUND for an
    // unknown id, for example, but never a refusal of its length.
    const codes = (result.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.field]);
    expect(codes).toEqual(AT_LIMIT[field] ?? []);
  });

  it('accepts an announcement whose title and body are exactly at their limits', async () => {
    const [query, variables] = [
      PUBLISH,
      announcement({ title: text(x(INPUT_LIMITS.title)), body: text(x(INPUT_LIMITS.body)) }),
    ];
    const result = await gql(query, variables, 'hk-official');
    expect(result.errors).toBeUndefined();
    expect(result.data?.publishAnnouncement).toEqual({ id: expect.any(String) });
  });

  it('names every overlong field of one input at once', async () => {
    const result = await gql(
      PUBLISH,
      announcement({ title: { en: x(201), zhHans: x(201) }, sourceUrl: x(INPUT_LIMITS.url + 1) }),
      'hk-official',
    );
    // In the schema's order of fields (sorted by name).
    expect(result.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'input.sourceUrl', reason: 'is longer than 2,048 characters', maxLength: 2048 },
      { field: 'input.title.en', reason: 'is longer than 200 characters', maxLength: 200 },
      { field: 'input.title.zhHans', reason: 'is longer than 200 characters', maxLength: 200 },
    ]);
  });
});
