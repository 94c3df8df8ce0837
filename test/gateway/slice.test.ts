import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

describe('the first slice through the gateway', () => {
  it('lists the jurisdictions with their names in three scripts', async () => {
    const response = await fx.query('query Jurisdictions { jurisdictions { id name { en zhHant zhHans } } }');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await response.json()).toEqual({
      data: {
        jurisdictions: [
          { id: 'GD', name: { en: 'Guangdong Province', zhHant: '廣東省', zhHans: '广东省' } },
          { id: 'GZ', name: { en: 'Guangzhou', zhHant: '廣州市', zhHans: '广州市' } },
          { id: 'HK', name: { en: 'Hong Kong SAR', zhHant: '香港特別行政區', zhHans: '香港特别行政区' } },
          { id: 'MO', name: { en: 'Macao SAR', zhHant: '澳門特別行政區', zhHans: '澳门特别行政区' } },
          { id: 'SZ', name: { en: 'Shenzhen', zhHant: '深圳市', zhHans: '深圳市' } },
        ],
      },
    });
  });

  it('answers a service by id from the store', async () => {
    const response = await fx.query(
      'query Service($id: ID!) { service(id: $id) { id title { en zhHant zhHans } jurisdiction { id } sourceUrl synthetic } }',
      { variables: { id: 'svc-hk-td-direct-issue-dl' } },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: {
        service: {
          id: 'svc-hk-td-direct-issue-dl',
          title: {
            en: 'Direct issue of a full Hong Kong driving licence to holders of Mainland or overseas licences',
            zhHant: '向內地或海外駕駛執照持有人直接簽發香港正式駕駛執照',
            zhHans: '向内地或境外驾驶证持有人直接签发香港正式驾驶执照',
          },
          jurisdiction: { id: 'HK' },
          sourceUrl:
            'https://www.1823.gov.hk/en/faq/i-have-a-driving-licence-issued-by-mainland-china-other-countries-can-i-apply-for-direct-issue-of-full-hong-kong-driving-licence-without-taking-a-driving-test',
          synthetic: false,
        },
      },
    });
  });

  it('says NOT_FOUND, naming the id, for a service that does not exist', async () => {
    const response = await fx.query('{ service(id: "svc-nowhere") { id } }');
    expect(await response.json()).toEqual({
      data: { service: null },
      errors: [
        {
          message: 'No service has the id "svc-nowhere".',
          path: ['service'],
          extensions: { code: 'NOT_FOUND', kind: 'service', id: 'svc-nowhere', serviceName: 'knowledge' },
        },
      ],
    });
  });

  it('refuses an absurdly long id with BAD_USER_INPUT naming the argument', async () => {
    const response = await fx.query('query ($id: ID!) { service(id: $id) { id } }', {
      variables: { id: 'x'.repeat(201) },
    });
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('answers under its own request id, passed on to the subgraph, with the caller’s beside it', async () => {
    const response = await fx.query('query Traced { jurisdictions { id } }', {
      headers: { 'x-request-id': 'trace-123' },
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = fx.logs().filter((l) => l.requestId === requestId);
    expect(lines.map((l) => [l.component ?? l.subgraph, l.msg, l.clientRequestId])).toEqual(
      expect.arrayContaining([
        ['knowledge', 'graphql request', 'trace-123'],
        ['gateway', 'graphql request', 'trace-123'],
      ]),
    );
  });

  it('logs one JSON line per request with operation name, duration, error codes and request id', async () => {
    const response = await fx.query('query MissingOne { service(id: "none") { id } }');
    const requestId = response.headers.get('x-request-id');
    const line = fx.logs().find((l) => l.component === 'gateway' && l.requestId === requestId);
    expect(line).toMatchObject({
      msg: 'graphql request',
      operationName: 'MissingOne',
      errorCodes: ['NOT_FOUND'],
      status: 200,
      durationMs: expect.any(Number),
    });
  });

  it('counts requests and durations by operation name and errors by code in /metrics', async () => {
    await fx.query('query CountedTwice { jurisdictions { id } }');
    await fx.query('query CountedTwice { jurisdictions { id } }');
    await fx.query('query CountedMissing { service(id: "none") { id } }');
    const response = await fx.gateway.fetch('http://gateway.test/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('gba_graphql_requests_total{operation="CountedTwice"} 2');
    expect(text).toContain('gba_graphql_request_duration_seconds_count{operation="CountedTwice"} 2');
    expect(text).toMatch(/gba_graphql_errors_total\{code="NOT_FOUND"\} [1-9]/);
    expect(text).toContain('gba_process_resident_memory_bytes');
  });

  it('answers liveness on /healthz', async () => {
    const response = await fx.gateway.fetch('http://gateway.test/healthz');
    expect(response.status).toBe(200);
  });

  it('is ready when the store and every subgraph answer', async () => {
    const response = await fx.gateway.fetch('http://gateway.test/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: {
        'graph store': { ok: true },
        'subgraph knowledge': { ok: true },
        'subgraph exchange': { ok: true },
        'subgraph consent': { ok: true },
      },
    });
  });
});
