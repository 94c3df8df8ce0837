/**
 * Compiled execution (services/server-kit/use-compiled-execution.ts): a query run often enough is
 * compiled by graphql-jit, and its answers (data, errors, authorization refusals, federation's
 * `_entities`) are the same before and after. First on a small schema that shows when compiling
 * happens, then on the knowledge subgraph behind the gateway, each query asked past the threshold.
 */
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCompiledExecution } from '../../services/server-kit/use-compiled-execution.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

describe('when a document is compiled', () => {
  const compiled: (string | undefined)[] = [];
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { hello(name: String!): String! boom: String } type Mutation { bump: Int! }',
      resolvers: {
        Query: {
          hello: (_: unknown, { name }: { name: string }) => `hello ${name}`,
          boom: () => {
            throw new Error('boom');
          },
        },
        Mutation: { bump: () => 1 },
      },
    }),
    logging: false,
    maskedErrors: false,
    plugins: [useCompiledExecution({ after: 2, onCompiled: (name) => compiled.push(name) })],
  });
  const ask = async (query: string, variables: Record<string, unknown> = {}) =>
    (
      await yoga.fetch('http://yoga.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
    ).json();

  it('compiles a query at its third execution and answers it as before, errors included, for any variables', async () => {
    const query = 'query Greet($n: String!) { hello(name: $n) boom }';
    const names = ['a', 'b', 'c', 'd', 'e'];
    const answers = [];
    for (const n of names) answers.push(await ask(query, { n }));
    expect(compiled).toEqual(['Greet']);
    answers.forEach((answer, i) => {
      expect(answer).toEqual({
        data: { hello: `hello ${names[i]}`, boom: null },
        // The one difference: graphql-jit's errors carry no nodes, from which Yoga writes locations.
        // Subgraphs answer the gateway only, and it passes a subgraph's errors on without locations.
        errors: [{ message: 'boom', path: ['boom'], ...(i < 2 ? { locations: [{ line: 1, column: 44 }] } : {}) }],
      });
    });
  });

  it('refuses bad variables of a compiled query as graphql-js does', async () => {
    const query = 'query Greet2($n: String!) { hello(name: $n) }';
    for (let i = 0; i < 3; i++) await ask(query, { n: 'x' });
    expect(compiled).toContain('Greet2');
    const refused = (await ask(query, { n: 5 })) as { errors: { message: string }[] };
    expect(refused.errors[0]?.message).toContain('Variable "$n" got invalid value 5');
  });

  it('never compiles a mutation', async () => {
    compiled.length = 0;
    for (let i = 0; i < 5; i++) expect(await ask('mutation Bump { bump }')).toEqual({ data: { bump: 1 } });
    expect(compiled).toEqual([]);
  });
});

describe('the knowledge subgraph, compiled', () => {
  let fx: GatewayFixture;
  beforeAll(async () => {
    fx = await startGatewayFixture();
  }, 60_000);
  afterAll(() => fx?.close());

  const direct = async (query: string, variables: Record<string, unknown>) =>
    (
      await fetch(`${fx.knowledge.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
    ).json();

  const compiledSoFar = () => fx.logs().filter((l) => l.msg === 'query compiled').length;
  const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Agency { id name { en } } } }';

  it('answers the gateway’s entity fetches (_entities) the same after compiling, in the order asked', async () => {
    const agencies = (await fx.store.list('Agency', { first: 3 })).map((a) => a.id);
    const before = compiledSoFar();
    // Six orders: six executions of one document, none of them kept by the response cache.
    const orders = [0, 1, 2].flatMap((a) => [1, 2].map((b) => [a, (a + b) % 3, (a + 2 * b) % 3]));
    const names = new Map<string, unknown>();
    for (const order of orders) {
      const ids = order.map((i) => agencies[i] as string);
      const answer = (await direct(ENTITIES, {
        r: [...ids, 'no-such-agency'].map((id) => ({ __typename: 'Agency', id })),
      })) as { data: { _entities: ({ id: string; name: unknown } | null)[] } };
      expect(answer.data._entities.map((e) => e?.id ?? null)).toEqual([...ids, null]);
      for (const e of answer.data._entities.slice(0, 3)) {
        if (!e) continue;
        expect(e.name).toEqual(names.get(e.id) ?? e.name);
        names.set(e.id, e.name);
      }
    }
    expect(compiledSoFar()).toBe(before + 1);
  });

  const cases: { name: string; ask: () => Promise<unknown> }[] = [
    {
      name: 'an official’s nested list, its questions read for the official (never kept by the response cache)',
      ask: async () =>
        (
          await fx.query(
            '{ practices(first: 5) { totalCount edges { node { id title { en } agency { id } questions { text } } } } }',
            { headers: { authorization: `Bearer ${await fx.idp.token('hk-official')}` } },
          )
        ).json(),
    },
    {
      name: 'an officials-only field asked anonymously (refused the same way each time)',
      ask: async () => (await fx.query('{ feed(first: 5) { totalCount } }')).json(),
    },
  ];

  it.each(cases)('answers $name the same before and after compiling', async ({ ask }) => {
    const before = compiledSoFar();
    const first = await ask();
    expect(JSON.stringify(first)).not.toContain('INTERNAL');
    for (let i = 0; i < 5; i++) expect(await ask()).toEqual(first);
    expect(compiledSoFar()).toBe(before + 1);
  });
});
