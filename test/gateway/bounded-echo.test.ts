/**
 * Errors name the field and the reason without carrying the caller's text back unbounded: a syntax
 * error's token, an unknown field, argument, type or variable name, a bad variable's value are each
 * quoted at most 64 characters long, with no control or bidirectional-override characters, in a
 * message of at most 512, at the gateway and at a subgraph called directly (as the gateway calls it),
 * over real HTTP on the platform as `gba start` runs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_SECRET_HEADER } from '../../services/server-kit/gateway-only.js';
import { bounded, useBoundedEcho } from '../../services/server-kit/use-bounded-echo.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

const doors = {
  gateway: () => ({ url: fx.gateway, headers: {} }),
  'knowledge subgraph': () => ({
    url: fx.platform.endpoints.find((e) => e.name === 'knowledge subgraph')?.url as string,
    headers: { [GATEWAY_SECRET_HEADER]: readFileSync(join(fx.dataDir, 'gateway-secret'), 'utf8').trim() },
  }),
};

type Error = { message: string; extensions: Record<string, unknown> };

async function errorsOf(door: keyof typeof doors, query: string, variables?: Record<string, unknown>) {
  const { url, headers } = doors[door]();
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return ((await response.json()) as { errors: Error[] }).errors;
}

const LONG = 'Z'.repeat(5000);
const HOSTILE = `\u202eMAJOR\u0007\u001b[31m${'x'.repeat(3000)}`;

const cases: { what: string; query: string; variables?: Record<string, unknown>; code: string; names: RegExp }[] = [
  {
    what: 'a syntax error after a long name',
    query: `{ jurisdictions { id } } ${LONG}`,
    code: 'GRAPHQL_PARSE_FAILED',
    names: /^Syntax Error: Unexpected Name "Z{64}…"\.$/,
  },
  {
    what: 'an unknown field with a long name',
    query: `{ ${LONG.toLowerCase()} }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    names: /^Cannot query field "z{64}…" on type "Query"\.$/,
  },
  {
    what: 'an unknown argument with a long name',
    query: `{ jurisdictions(${LONG.toLowerCase()}: 1) { id } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    names: /^Unknown argument "z{64}…" on field "Query\.jurisdictions"\.$/,
  },
  {
    what: 'an unknown variable type with a long name',
    query: `query ($v: ${LONG}) { jurisdictions { id } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    names: /Unknown type "Z{64}…"/,
  },
  {
    what: 'a long value where an ID goes',
    query: 'query ($id: ID!) { service(id: $id) { id } }',
    variables: { id: { a: LONG } },
    code: 'BAD_USER_INPUT',
    names: /^id: ID cannot represent value: \{ a: "Z{64}…" \}$/,
  },
  {
    what: 'a list of long strings where an ID goes',
    query: 'query ($id: ID!) { service(id: $id) { id } }',
    variables: { id: Array.from({ length: 50 }, () => LONG) },
    code: 'BAD_USER_INPUT',
    names: /^id: ID cannot represent value: \["Z{64}…", "Z{64}…",/,
  },
];

describe.each(Object.keys(doors) as (keyof typeof doors)[])('errors at the %s', (door) => {
  it.each(cases)('$what: named, with the quoted input bounded', async ({ query, variables, code, names }) => {
    const errors = await errorsOf(door, query, variables);
    expect(errors[0]?.extensions.code).toBe(code);
    expect(errors[0]?.message).toMatch(names);
    for (const error of errors) {
      expect(error.message.length).toBeLessThanOrEqual(512);
      expect(JSON.stringify(error)).not.toContain('Z'.repeat(65));
    }
  });
});

describe('a hostile enum value in a variable, at the gateway', () => {
  it('is named by field and reason without its control characters or more than 64 of its characters', async () => {
    const [error] = await errorsOf('gateway', 'query ($f: ServiceFilter) { services(filter: $f) { totalCount } }', {
      f: { channels: [HOSTILE] },
    });
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'f.channels.0' });
    expect(JSON.stringify(error)).not.toMatch(/\\u202e|\\u0007|\\u001b|x{65}/i);
    expect(error?.message).toMatch(/^f\.channels\.0: Value "MAJOR\[31mx{40,64}…" does not exist in "Channel" enum\.$/);
  });

  // The set the mutations refuse and gba escapes (services/shared/unsafe-characters.ts): these went through before.
  it('is named without its zero-width, separator or byte order mark characters', async () => {
    const [error] = await errorsOf('gateway', 'query ($f: ServiceFilter) { services(filter: $f) { totalCount } }', {
      f: { channels: ['\u200bMA\u2028JOR\ufeff\u061c\u2060'] },
    });
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'f.channels.0' });
    expect(error?.message).toBe('f.channels.0: Value "MAJOR" does not exist in "Channel" enum.');
  });
});

const MESSAGES: [string, string, string][] = [
  ['a short quote stays', 'Cannot query field "nope" on type "Query".', 'Cannot query field "nope" on type "Query".'],
  ['a long quote is cut', `Unknown "${'a'.repeat(70)}".`, `Unknown "${'a'.repeat(64)}…".`],
  ['an escaped quote inside counts as one piece', `Bad "${'\\"'.repeat(40)}"`, `Bad "${'\\"'.repeat(32)}…"`],
  ['control characters go', 'Bad\u0000 value\u0085 here\u202e', 'Bad value here'],
  ['zero-width and other format characters go too', 'Bad\u200b value\u2028 here\ufeff\u061c\u2060', 'Bad value here'],
  ['a long message is capped', 'm'.repeat(600), `${'m'.repeat(511)}…`],
  [
    "a refusal's message stays",
    "No active consent lets this viewer see the applicant's contact data.",
    "No active consent lets this viewer see the applicant's contact data.",
  ],
];

/** The errors of an answer as the plugin leaves them. */
function echoed(errors: object[]): object[] {
  let after: { errors?: object[] } = { errors };
  const process = useBoundedEcho().onResultProcess as (p: object) => void;
  process({
    result: { data: null, errors },
    setResult: (r: typeof after) => {
      after = r;
    },
  });
  return after.errors ?? [];
}

describe('bounding a message', () => {
  it.each(MESSAGES)('%s', (_what, message, expected) => {
    expect(bounded(message)).toBe(expected);
  });

  it.each(MESSAGES)('%s in an answer, as an error and as its reason', (_what, message, expected) => {
    const error = { message, extensions: { code: 'BAD_USER_INPUT', reason: message } };
    const [after] = echoed([error]);
    expect(after).toEqual({ message: expected, extensions: { code: 'BAD_USER_INPUT', reason: expected } });
    // Nothing to bound: the same error, not a copy.
    if (message === expected) expect(after).toBe(error);
  });
});

describe('an error whose extensions quote the caller under another name', () => {
  it('has the strings bounded at any depth, in lists and objects alike', () => {
    const error = {
      message: 'Refused.',
      extensions: { code: 'BAD_USER_INPUT', given: [HOSTILE], detail: { header: { value: HOSTILE } }, limit: 3 },
    };
    const [after] = echoed([error]) as { extensions: Record<string, unknown> }[];
    const cut = bounded(HOSTILE);
    expect(cut.length).toBeLessThanOrEqual(512);
    expect(after?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      given: [cut],
      detail: { header: { value: cut } },
      limit: 3,
    });
  });

  it('leaves out a nesting too deep to walk', () => {
    let deep: unknown = HOSTILE;
    for (let i = 0; i < 20; i++) deep = { deeper: deep };
    const [after] = echoed([{ message: 'Refused.', extensions: { code: 'X', deep } }]);
    expect(JSON.stringify(after)).not.toMatch(/x{65}|\\u202e/);
  });

  it('has every string extension bounded, not only field and reason', async () => {
    const { createSchema, createYoga } = await import('graphql-yoga');
    const { GraphQLError } = await import('graphql');
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { agency(id: String!): String }',
        resolvers: {
          Query: {
            agency: (_: unknown, { id }: { id: string }) => {
              throw new GraphQLError('Not yours.', { extensions: { code: 'FORBIDDEN', agency: id } });
            },
          },
        },
      }),
      plugins: [useBoundedEcho()],
      maskedErrors: false,
    });
    const response = await yoga.fetch('http://yoga.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query ($id: String!) { agency(id: $id) }', variables: { id: HOSTILE } }),
    });
    const { errors } = (await response.json()) as { errors: Error[] };
    expect(errors[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(String(errors[0]?.extensions.agency).length).toBeLessThanOrEqual(512);
    expect(JSON.stringify(errors)).not.toMatch(/\\u202e|\\u0007|x{512}/i);
  });
});
