/**
 * Only the gateway may call a subgraph's GraphQL endpoint: it sends a shared secret in a header of its
 * own, and the subgraph refuses any request without it (HTTP 403, FORBIDDEN) before anything is
 * parsed, whatever its path: the open paths are listed (probes `/healthz`, `/readyz`, and `/metrics`),
 * not the closed one, since the server also answers GraphQL at spellings of its endpoint such as
 * `/graphql/` and `//graphql`. The secret comes from
 * GATEWAY_SECRET, or in development from `DATA_DIR/gateway-secret`, generated on first start (mode
 * 0600): never a default written in configuration.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { refusalResponse } from './refusal-response.js';

export const GATEWAY_SECRET_HEADER = 'x-gba-gateway-secret';

/** The secret in `file`, created with 32 random bytes when absent. */
export function loadOrCreateGatewaySecret(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

export interface GatewayOnlyOptions {
  readonly secret: string;
  /** Paths anyone may request (exact match). @default ['/healthz', '/readyz', '/metrics'] */
  readonly open?: readonly string[];
}

/** Whether a request carries `secret` in the gateway's header (compared in constant time). */
export function sentByGateway(secret: string): (request: Request) => boolean {
  const expected = Buffer.from(secret);
  return (request) => {
    const sent = request.headers.get(GATEWAY_SECRET_HEADER);
    if (sent === null) return false;
    const given = Buffer.from(sent);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

export function useGatewayOnly({ secret, open = ['/healthz', '/readyz', '/metrics'] }: GatewayOnlyOptions): Plugin {
  const openPaths = new Set(open);
  const fromGateway = sentByGateway(secret);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (openPaths.has(url.pathname) || fromGateway(request)) return;
      endResponse(
        refusalResponse(fetchAPI, request, {
          status: 403,
          error: { message: 'This subgraph answers the gateway only.', extensions: { code: 'FORBIDDEN' } },
        }),
      );
    },
  };
}
