/**
 * Stand-in until the gateway serves the console itself: services/console/dist at `/` with SPA
 * fallback, `/console-config.json`, and every other path passed to the gateway as it is (streams
 * included, for SSE). Used only when the gateway answers 404 for `/console-config.json`.
 */
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../../services/console/dist/', import.meta.url));
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.png': 'image/png',
};

export async function standIn(
  gateway: string,
  issuer: string,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const upstream = new URL(gateway);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/console-config.json') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer, clientId: 'gba-console' }));
      return;
    }
    if (path.startsWith('/graphql')) {
      const forward = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(forward);
      return;
    }
    const file = path.startsWith('/assets/') ? normalize(join(DIST, path)) : join(DIST, 'index.html');
    try {
      res
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
