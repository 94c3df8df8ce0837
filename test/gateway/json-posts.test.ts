/**
 * A GraphQL POST is JSON only, at the gateway and at a subgraph called directly (as the gateway calls
 * it, with its secret), over real HTTP on the platform as `gba start` runs it: form-encoded,
 * multipart, raw GraphQL text, plain text or no content type at all are refused with 415 and a
 * GraphQL error naming the accepted type, before anything parses the body.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_SECRET_HEADER } from '../../services/server-kit/gateway-only.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';
import { rawPost } from '../support/raw-http.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

const QUERY = '{ jurisdictions { id } }';
const doors = {
  gateway: () => ({ url: fx.gateway, headers: {} }),
  'knowledge subgraph': () => ({
    url: fx.platform.endpoints.find((e) => e.name === 'knowledge subgraph')?.url as string,
    headers: { [GATEWAY_SECRET_HEADER]: readFileSync(join(fx.dataDir, 'gateway-secret'), 'utf8').trim() },
  }),
};

/** A raw POST, so the content type (or its absence) reaches the server exactly as given. */
const post = rawPost;

const json = JSON.stringify({ query: QUERY });
const form = new URLSearchParams({ query: QUERY }).toString();
const multipart = `--b\r\ncontent-disposition: form-data; name="query"\r\n\r\n${QUERY}\r\n--b--\r\n`;

const accepted: [string, string | undefined, string][] = [
  ['application/json', 'application/json', json],
  ['application/json with a charset', 'application/json; charset=utf-8', json],
];
const refused: [string, string | undefined, string, string][] = [
  // The spec's response type: asked for with Accept, not a body's type.
  ['the response type', 'application/graphql-response+json', json, 'this one is application/graphql-response+json'],
  // Yoga's JSON parser reads the lower-case spelling only.
  ['Application/JSON', 'Application/JSON', json, 'this one is Application/JSON'],
  ['a form', 'application/x-www-form-urlencoded', form, 'this one is application/x-www-form-urlencoded'],
  ['multipart form data', 'multipart/form-data; boundary=b', multipart, 'this one is multipart/form-data'],
  ['raw GraphQL text', 'application/graphql', QUERY, 'this one is application/graphql'],
  ['plain text', 'text/plain', json, 'this one is text/plain'],
  ['no content type', undefined, json, 'this one names no content type'],
  ['a made-up type', 'x<script>/y', json, 'this one names an unreadable content type'],
];

describe.each(Object.keys(doors) as (keyof typeof doors)[])('a GraphQL POST to the %s', (door) => {
  it.each(accepted)('as %s is answered', async (_what, type, body) => {
    const { url, headers } = doors[door]();
    const answer = await post(url, { ...headers, ...(type ? { 'content-type': type } : {}) }, body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ data: { jurisdictions: expect.any(Array) } });
  });

  it.each(refused)('as %s is refused with 415 naming the accepted types', async (_what, type, body, sent) => {
    const { url, headers } = doors[door]();
    const answer = await post(
      url,
      { ...headers, accept: 'application/graphql-response+json', ...(type ? { 'content-type': type } : {}) },
      body,
    );
    expect(answer.status).toBe(415);
    expect(answer.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
    expect(answer.headers['accept-post']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({
      errors: [
        {
          message: `A GraphQL POST must be application/json (answers come as application/graphql-response+json or application/json, as Accept asks); ${sent}.`,
          extensions: {
            code: 'BAD_USER_INPUT',
            field: 'content-type',
            accepted: ['application/json'],
          },
        },
      ],
    });
  });
});
