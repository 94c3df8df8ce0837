/**
 * GraphiQL on an intranet: its page names no other origin, and the gateway (and each subgraph)
 * serves every file it loads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

const get = (path: string, accept = '*/*') => fx.gateway.fetch(`http://gateway.test${path}`, { headers: { accept } });

describe('GraphiQL', () => {
  it('is a page that loads nothing from another origin', async () => {
    const page = await get('/graphql', 'text/html');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('unpkg');
  });

  it('is titled GBA Exchange GraphiQL, and its editor tab is named after our operation, not a word of a comment', async () => {
    const html = await (await get('/graphql', 'text/html')).text();
    expect(html).toContain('<title>GBA Exchange GraphiQL</title>');
    const options = JSON.parse(html.match(/id="graphiql-options">([^<]*)</)?.[1] ?? '{}');
    // GraphiQL's own rule for the tab's name: the first `query|mutation|subscription <name>` in the text.
    expect(options.defaultQuery.match(/(?:query|mutation|subscription)\s+(\w+)/)?.[1]).toBe('GBAExchangeGraphiQL');
  });

  it('has every script and stylesheet it names served by the gateway, with its content type', async () => {
    const html = await (await get('/graphql', 'text/html')).text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets).toEqual([
      '/graphiql-assets/graphiql.css',
      '/graphiql-assets/env.js',
      '/graphiql-assets/graphiql.js',
      '/graphiql-assets/init.js',
    ]);
    for (const path of assets) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(
        path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect((await response.text()).length, path).toBeGreaterThan(0);
    }
  });

  it.each(['editor.worker.js', 'json.worker.js', 'graphql.worker.js'])(
    'serves the editor’s worker %s from the gateway',
    async (file) => {
      const response = await get(`/graphiql-assets/${file}`);
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(1000);
    },
  );

  it('answers an unknown asset with 404', async () => {
    expect((await get('/graphiql-assets/nope.js')).status).toBe(404);
  });

  it('is served offline by a subgraph too', async () => {
    const html = await (await fetch(`${fx.knowledge.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('/graphiql-assets/graphiql.js');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await fetch(`${fx.knowledge.url}/graphiql-assets/graphiql.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });
});
