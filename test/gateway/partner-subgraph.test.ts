/**
 * A partner joins its own subgraph by configuration alone: a Shenzhen bureau's subgraph named in
 * EXTRA_SUBGRAPHS is composed at start, and a query through the gateway joins its field to the
 * platform's services. A subgraph that does not compose stops the start with a readable message.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/platform/config.js';
import { type RunningPlatform, startPlatform } from '../../services/platform/platform.js';
import { listen, type RunningServer } from '../../services/server-kit/http-server.js';
import { platformEnv } from '../support/platform-env.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let partner: RunningServer;
let broken: RunningServer;
let platform: RunningPlatform;

function shenzhenBureau() {
  const schema = buildSubgraphSchema({
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
      type Service @key(fields: "id") {
        id: ID!
        "Satisfaction with the service among Shenzhen users, 0 to 100 (partner data)."
        shenzhenSatisfaction: Int
      }
      type Query { shenzhenBureauName: String! }
    `),
    resolvers: {
      Query: { shenzhenBureauName: () => 'Shenzhen Government Services and Data Administration' },
      Service: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id, shenzhenSatisfaction: ref.id.length * 3 }),
      },
    },
  });
  return createYoga({ schema, graphqlEndpoint: '/graphql', logging: false });
}

const env = (extra: Record<string, string>) => platformEnv(dir.path, extra);

beforeAll(async () => {
  partner = await listen({ handler: shenzhenBureau(), host: '127.0.0.1', port: 0 });
  broken = await listen({
    handler: createYoga({
      schema: buildSubgraphSchema({
        typeDefs: parse(`
          extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
          type Service @key(fields: "id") { id: Int! }
          type Query { nothing: String }
        `),
      }),
      graphqlEndpoint: '/graphql',
      logging: false,
    }),
    host: '127.0.0.1',
    port: 0,
  });
  platform = await startPlatform({
    config: loadConfig(env({ EXTRA_SUBGRAPHS: `sz-bureau=${partner.url}/graphql` })),
    log: pino({ level: 'silent' }),
    only: ['gateway', 'knowledge', 'exchange', 'consent'],
  });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await partner?.close();
  await broken?.close();
  dir.remove();
});

describe('a partner subgraph from configuration', () => {
  it('is composed at start and joined to the platform’s services through the gateway', async () => {
    const gateway = platform.endpoints.find((e) => e.name.startsWith('gateway (GraphQL'))?.url as string;
    const response = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ shenzhenBureauName service(id: "svc-hk-td-direct-issue-dl") { id title { en } shenzhenSatisfaction } }',
      }),
    });
    expect(await response.json()).toEqual({
      data: {
        shenzhenBureauName: 'Shenzhen Government Services and Data Administration',
        service: {
          id: 'svc-hk-td-direct-issue-dl',
          title: { en: expect.any(String) },
          shenzhenSatisfaction: 'svc-hk-td-direct-issue-dl'.length * 3,
        },
      },
    });
    expect(platform.endpoints.map((e) => e.name)).toContain('partner subgraph sz-bureau');
  });

  it('stops the start naming the subgraph and the type when it does not compose', async () => {
    await expect(
      startPlatform({
        config: loadConfig(env({ EXTRA_SUBGRAPHS: `broken=${broken.url}/graphql`, DATA_DIR: `${dir.path}/second` })),
        log: pino({ level: 'silent' }),
        only: ['gateway', 'knowledge', 'exchange', 'consent'],
      }),
    ).rejects.toThrow(/the subgraphs do not compose:[\s\S]*Service\.id[\s\S]*broken/);
  });

  it('refuses a badly written EXTRA_SUBGRAPHS naming the entry', () => {
    expect(() => loadConfig(env({ EXTRA_SUBGRAPHS: 'sz-bureau' }))).toThrow(
      /EXTRA_SUBGRAPHS.*"sz-bureau" is not name=http\(s\):\/\/url/,
    );
    expect(() => loadConfig(env({ EXTRA_SUBGRAPHS: 'knowledge=http://x/graphql' }))).toThrow(
      /the subgraph name "knowledge" is taken/,
    );
  });
});
