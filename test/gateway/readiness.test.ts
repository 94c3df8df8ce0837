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

  it('stays live on /healthz while not ready', async () => {
    fx = await startGatewayFixture();
    await fx.knowledge.close();
    expect((await fx.gateway.fetch('http://gateway.test/healthz')).status).toBe(200);
  });
});
