import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../services/graph/graph-store.port.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

/** A real store whose service reads fail the way a broken disk would. */
class FailingReads extends SqliteGraphStore {
  override async getByIds(): Promise<never> {
    throw new Error('disk I/O error at page 4711 (secret detail)');
  }
}

let fx: GatewayFixture;
beforeAll(async () => {
  const store: GraphStore = new FailingReads({ path: ':memory:' });
  fx = await startGatewayFixture({ store });
});
afterAll(() => fx.close());

describe('error masking', () => {
  it('hides an unexpected error behind INTERNAL with the request id, and logs the detail', async () => {
    const response = await fx.query('{ service(id: "svc-hk-td-direct-issue-dl") { id } }', {
      headers: { 'x-request-id': 'req-masked-1' },
    });
    const body = (await response.json()) as {
      data: unknown;
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(body.data).toEqual({ service: null });
    expect(body.errors).toHaveLength(1);
    // The id to quote is the platform's own, never the caller's (request-id.ts).
    const requestId = response.headers.get('x-request-id');
    expect(requestId).not.toBe('req-masked-1');
    expect(body.errors[0]?.message).toBe(`Internal error; quote request id ${requestId} when you report it.`);
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'INTERNAL', requestId });
    expect(JSON.stringify(body)).not.toContain('secret detail');

    const logged = fx.logs().find((l) => l.msg === 'unexpected error in a resolver' && l.requestId === requestId);
    expect(logged?.err).toMatchObject({ message: 'disk I/O error at page 4711 (secret detail)' });
  });

  it('counts the masked error as INTERNAL in the metrics', async () => {
    const text = await (await fx.gateway.fetch('http://gateway.test/metrics')).text();
    expect(text).toMatch(/gba_graphql_errors_total\{code="INTERNAL"\} [1-9]/);
  });
});
