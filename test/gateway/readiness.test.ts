import { afterEach, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('readiness', () => {
  it('answers 503 naming the graph store when the store cannot be read', async () => {
    fx = await startGatewayFixture();
    await fx.store.close();
    const response = await fx.gateway.fetch('http://gateway.test/readyz');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; failing: string[]; checks: Record<string, unknown> };
    expect(body.status).toBe('not ready');
    expect(body.failing).toEqual([expect.stringMatching(/^graph store: .*not open/)]);
    expect(body.checks['subgraph knowledge']).toEqual({ ok: true });
  });

  it('answers 503 naming the subgraph that is down', async () => {
    fx = await startGatewayFixture();
    await fx.knowledge.close();
    const response = await fx.gateway.fetch('http://gateway.test/readyz');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { failing: string[] };
    expect(body.failing).toEqual([expect.stringMatching(/^subgraph knowledge: /)]);
  });

  it('asks a subgraph of its own process in memory, and names it when it fails there', async () => {
    const asked: string[] = [];
    fx = await startGatewayFixture({
      gateway: {
        local: {
          knowledge: {
            fetch: (url) => {
              asked.push(url);
              return new Response('{"errors":[{"message":"down"}]}', { status: 500 });
            },
          },
        },
      },
    });
    const response = await fx.gateway.fetch('http://gateway.test/readyz');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { failing: string[]; checks: Record<string, unknown> };
    expect(body.failing).toEqual([expect.stringMatching(/^subgraph knowledge: HTTP 500/)]);
    expect(body.checks['subgraph exchange']).toEqual({ ok: true });
    expect(asked).toEqual([`${fx.knowledge.url}/graphql`]);
  });

  it("answers Hive Gateway's own readiness only at its path, and GraphQL at the gateway's", async () => {
    fx = await startGatewayFixture();
    expect((await fx.gateway.fetch('http://gateway.test/readiness')).status).toBe(200);
    expect((await fx.gateway.fetch('http://gateway.test/readiness?probe=1')).status).toBe(200);
    for (const path of ['/readiness/', '/readinessx', '/readiness/x'])
      expect((await fx.gateway.fetch(`http://gateway.test${path}`)).status, path).toBe(404);
    const answer = await fx.gateway.fetch('http://gateway.test/graphql?query=%7B__typename%7D');
    expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('stays live on /healthz while not ready', async () => {
    fx = await startGatewayFixture();
    await fx.knowledge.close();
    expect((await fx.gateway.fetch('http://gateway.test/healthz')).status).toBe(200);
  });
});
