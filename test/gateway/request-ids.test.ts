/**
 * Request ids at every door of the platform as `gba start` runs it (real HTTP, the subgraphs behind
 * the gateway's secret): whatever a caller puts in `x-request-id`, the request is answered, logged
 * and audited under an id the platform made, passed on to the subgraph; the caller's own id is kept
 * beside it as `clientRequestId` only when it is a plain token of 1–64 characters (A–Z a–z 0–9 . _ : -).
 */

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_SECRET_HEADER } from '../../services/server-kit/gateway-only.js';
import { captureLogs } from '../support/logs.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

const PLATFORM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const capture = captureLogs();
let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture({}, { log: capture.log });
}, 60_000);
afterAll(() => fx?.close());

/** A raw HTTP request, so header values a fetch client would refuse or normalise reach the server as sent. */
function send(url: string, { method = 'POST', headers = {} as Record<string, string>, body = '' } = {}) {
  return new Promise<{ status: number; requestId: string | undefined }>((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, requestId: res.headers['x-request-id'] as string | undefined });
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_POST = (query: string, requestId?: string) => ({
  headers: {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json',
    ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
  },
  body: JSON.stringify({ query }),
});

const requestLines = (requestId: string | undefined) =>
  capture.lines().filter((l) => l.requestId === requestId && l.msg === 'graphql request');

let earlier = '';

describe('the request id of a call through the gateway', () => {
  it.each([
    ['a plain token', 'trace-123', 'trace-123'],
    ['64 characters', 'a'.repeat(64), 'a'.repeat(64)],
    ['65 characters', 'a'.repeat(65), undefined],
    ['spaces', 'two words', undefined],
    ['a tab', 'a\tb', undefined],
    ['a slash and a semicolon', '../x;y', undefined],
    ['none', undefined, undefined],
    ["another request's id", 'EARLIER', 'EARLIER'],
  ])('with %s given, is the platform’s own, and the caller’s is kept only if plain', async (_what, given, kept) => {
    const sent = given === 'EARLIER' ? earlier : given;
    const expected = kept === 'EARLIER' ? earlier : kept;
    const answer = await send(fx.gateway, JSON_POST('query Probe { jurisdictions { id } }', sent));
    expect(answer.status).toBe(200);
    expect(answer.requestId).toMatch(PLATFORM_ID);
    expect(answer.requestId).not.toBe(sent);
    // One line at the gateway, one at the subgraph it called: the same id, the caller's beside it.
    const lines = requestLines(answer.requestId);
    expect(lines.map((l) => [l.component ?? l.subgraph, l.clientRequestId])).toEqual(
      expect.arrayContaining([
        ['gateway', expected],
        ['knowledge', expected],
      ]),
    );
    earlier = answer.requestId as string;
  });
});

describe('the request id at the other doors', () => {
  it('is the platform’s own for an SSE subscription', async () => {
    const url = fx.gateway;
    const answer = await send(url, {
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-request-id': 'sse-1' },
      body: JSON.stringify({ query: 'subscription { announcementPublished { id } }' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.requestId).toMatch(PLATFORM_ID);
  });

  const secret = () => readFileSync(join(fx.dataDir, 'gateway-secret'), 'utf8').trim();
  const knowledge = () => fx.platform.endpoints.find((e) => e.name === 'knowledge subgraph')?.url as string;

  it.each([
    ['without the gateway’s secret: refused, under an id of its own', false, 403, false],
    ['with the gateway’s secret (the gateway itself): under the gateway’s id', true, 200, true],
  ])('a subgraph called %s', async (_what, withSecret, status, adopted) => {
    const gatewayId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const post = JSON_POST('{ jurisdictions { id } }', gatewayId);
    const headers = { ...post.headers, ...(withSecret ? { [GATEWAY_SECRET_HEADER]: secret() } : {}) };
    const answer = await send(knowledge(), { headers, body: post.body });
    expect(answer.status).toBe(status);
    expect(answer.requestId).toMatch(PLATFORM_ID);
    expect(answer.requestId === gatewayId).toBe(adopted);
  });
});
