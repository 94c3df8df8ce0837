/**
 * A query one subgraph answers whole reaches it verbatim in one fetch, and the client gets the same
 * answer as through Hive Gateway's planner; a query joining two subgraphs, an introspection query and
 * a mutation still take the planner. Two small real subgraphs over HTTP, each recording what it gets.
 * Subgraphs of the gateway's own process are called in memory, with the same answers and no HTTP.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, fetchSubgraphSdl, type SubgraphDefinition } from '../../services/gateway/compose.js';
import { createGateway } from '../../services/gateway/gateway.js';
import type { Authenticator } from '../../services/identity/authenticator.port.js';
import { listen, type RunningServer } from '../../services/server-kit/http-server.js';
import { inProcess, useHandedOverOperations } from '../../services/server-kit/in-process.js';

const received: Record<string, string[]> = { items: [], extras: [] };

function subgraph(name: 'items' | 'extras', typeDefs: string, resolvers: Record<string, unknown>) {
  return createYoga({
    schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never }),
    graphqlEndpoint: '/graphql',
    logging: false,
    maskedErrors: false,
    plugins: [
      useHandedOverOperations(),
      {
        onParams({ params }) {
          if (params.query && !params.query.includes('_service')) received[name]?.push(params.query);
        },
      },
    ],
  });
}

const ITEMS = [
  { id: '1', name: 'one' },
  { id: '2', name: 'two' },
];

const servers: RunningServer[] = [];
const yogas: Record<string, ReturnType<typeof subgraph>> = {};
/** Requests each subgraph got over HTTP. */
const overHttp: Record<string, number> = { items: 0, extras: 0 };
let definitions: SubgraphDefinition[];
// Tokens are not what this test is about: every caller is anonymous.
const authenticator: Authenticator = { authenticate: async () => Promise.reject(new Error('no tokens here')) };

beforeAll(async () => {
  const items = subgraph(
    'items',
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
     type Item @key(fields: "id") { id: ID! name: String! }
     type Query { items: [Item!]! item(id: ID!): Item broken: String }
     type Mutation { rename(id: ID!, name: String!): Item }`,
    {
      Query: {
        items: () => ITEMS,
        item: (_: unknown, { id }: { id: string }) => ITEMS.find((i) => i.id === id) ?? null,
        broken: () => {
          throw new GraphQLError('not today', { extensions: { code: 'NOT_FOUND' } });
        },
      },
      Mutation: { rename: (_: unknown, { id, name }: { id: string; name: string }) => ({ id, name }) },
      Item: { __resolveReference: ({ id }: { id: string }) => ITEMS.find((i) => i.id === id) },
    },
  );
  const extras = subgraph(
    'extras',
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
     type Item @key(fields: "id") { id: ID! extra: Int! }
     type Query { version: String! }`,
    {
      Query: { version: () => '1' },
      Item: { __resolveReference: ({ id }: { id: string }) => ({ id, extra: Number(id) * 10 }) },
    },
  );
  Object.assign(yogas, { items, extras });
  for (const [name, yoga] of Object.entries(yogas)) {
    const handler: typeof yoga = Object.assign((req: Parameters<typeof yoga>[0], res: Parameters<typeof yoga>[1]) => {
      overHttp[name] = (overHttp[name] ?? 0) + 1;
      return yoga(req, res);
    }, yoga);
    servers.push(await listen({ handler, host: '127.0.0.1', port: 0 }));
  }
  definitions = await Promise.all(
    [
      { name: 'items', url: `${servers[0]?.url}/graphql` },
      { name: 'extras', url: `${servers[1]?.url}/graphql` },
    ].map((s) => fetchSubgraphSdl(s)),
  );
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const gatewayOf = (withSdl: boolean, inMemory = false) =>
  createGateway({
    supergraph: composeSupergraph(definitions),
    subgraphs: withSdl ? definitions : definitions.map(({ name, url }) => ({ name, url })),
    log: pino({ level: 'silent' }),
    authenticator,
    ...(inMemory
      ? {
          local: Object.fromEntries(Object.entries(yogas).map(([name, yoga]) => [name, inProcess(yoga)])),
        }
      : {}),
  });

async function ask(withSdl: boolean, query: string, variables?: Record<string, unknown>, inMemory = false) {
  received.items = [];
  received.extras = [];
  const response = await gatewayOf(withSdl, inMemory).fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: await response.json(),
    items: [...received.items],
    extras: [...received.extras],
  };
}

describe('a query one subgraph answers whole', () => {
  it('reaches that subgraph verbatim, once, and answers as the planner does', async () => {
    const query = 'query Pick($id: ID!) { item(id: $id) { id name } items { name } }';
    const direct = await ask(true, query, { id: '2' });
    expect(direct.items).toEqual([query]);
    expect(direct.extras).toEqual([]);
    const planned = await ask(false, query, { id: '2' });
    expect(planned.items).toHaveLength(1);
    expect(planned.items[0]).not.toBe(query);
    expect(direct.body).toEqual(planned.body);
    expect(direct.status).toBe(planned.status);
    expect(direct.body).toEqual({
      data: { item: { id: '2', name: 'two' }, items: [{ name: 'one' }, { name: 'two' }] },
    });
  });

  it('relays the subgraph’s errors as the planner does: same message, code, path and subgraph', async () => {
    const direct = await ask(true, '{ broken items { id } }');
    const planned = await ask(false, '{ broken items { id } }');
    expect(direct.items).toEqual(['{ broken items { id } }']);
    expect(direct.body).toEqual(planned.body);
    expect(direct.body.errors[0]).toMatchObject({
      message: 'not today',
      extensions: { code: 'NOT_FOUND', serviceName: 'items' },
    });
  });
});

describe('queries that are not one subgraph’s', () => {
  it('joins two subgraphs through the planner', async () => {
    const joined = await ask(true, '{ items { id name extra } }');
    expect(joined.body).toEqual({
      data: {
        items: [
          { id: '1', name: 'one', extra: 10 },
          { id: '2', name: 'two', extra: 20 },
        ],
      },
    });
    expect(joined.items).not.toContain('{ items { id name extra } }');
    expect(joined.extras.some((q) => q.includes('_entities'))).toBe(true);
  });

  it('answers introspection from the supergraph, not from a subgraph', async () => {
    const intro = await ask(true, '{ __type(name: "Item") { fields { name } } }');
    expect(intro.items).toEqual([]);
    expect(intro.body.data.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(['extra', 'id', 'name']);
  });

  it('decides per operation: in one document, the query goes straight and the mutation through the planner', async () => {
    const gateway = gatewayOf(true);
    const document = 'query Read { items { id } } mutation Write { rename(id: "2", name: "dos") { id name } }';
    const send = async (operationName: string) => {
      received.items = [];
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, operationName }),
      });
      return { body: await response.json(), items: [...received.items] };
    };
    expect((await send('Read')).items).toEqual([document]);
    const write = await send('Write');
    expect(write.body).toEqual({ data: { rename: { id: '2', name: 'dos' } } });
    expect(write.items).toHaveLength(1);
    expect(write.items[0]).not.toBe(document);
  });

  it('sends mutations through the planner', async () => {
    const renamed = await ask(true, 'mutation { rename(id: "1", name: "uno") { id name } }');
    expect(renamed.body).toEqual({ data: { rename: { id: '1', name: 'uno' } } });
    expect(renamed.items).toHaveLength(1);
    expect(renamed.items[0]).not.toBe('mutation { rename(id: "1", name: "uno") { id name } }');
  });
});

describe('subgraphs of the gateway’s own process', () => {
  it('are called in memory, for one-fetch queries, joins and mutations alike, with the answers HTTP gives', async () => {
    const cases: [boolean, string][] = [
      [true, '{ item(id: "1") { id name } }'],
      [true, '{ items { id name extra } }'],
      [true, '{ broken items { id } }'],
      [false, '{ items { id name extra } }'],
      [true, 'mutation { rename(id: "2", name: "zwei") { id name } }'],
    ];
    for (const [withSdl, query] of cases) {
      const viaHttp = await ask(withSdl, query);
      const before = { ...overHttp };
      const inMemory = await ask(withSdl, query, undefined, true);
      expect(overHttp).toEqual(before);
      expect(inMemory.body).toEqual(viaHttp.body);
      expect(inMemory.status).toBe(viaHttp.status);
      expect(inMemory.items).toEqual(viaHttp.items);
      expect(inMemory.extras).toEqual(viaHttp.extras);
      expect(inMemory.items.length + inMemory.extras.length).toBeGreaterThan(0);
    }
  });
});
