/**
 * The web console at the gateway's `/`, beside `/graphql`: the built app's files from
 * `services/console/dist` (static-files.ts), `/console-config.json` telling the app where its
 * identity provider is, and a short page saying how to build the console when it is not built.
 * Every answer carries a Content-Security-Policy that lets the app load only its own files and
 * talk only to the gateway and the identity provider: no third-party origin, no inline script.
 */

import type { Plugin } from 'graphql-yoga';
import { projectPath } from '../shared/project-path.js';
import { lookUp } from './static-files.js';

/** What `/console-config.json` serves. */
export interface ConsoleConfig {
  /** The realm's issuer URL as the browser reaches it, e.g. `http://localhost:8080/realms/gba`. */
  readonly issuer: string;
  /** The console's public client, `gba-console`. */
  readonly clientId: string;
}

export interface ConsoleOptions {
  readonly config: ConsoleConfig;
  /** The built console. @default services/console/dist */
  readonly dir?: string;
  /** Paths the console never answers (prefixes, whole segments). @default the gateway's own endpoints */
  readonly reserved?: readonly string[];
}

// From the package root: `gba start` runs this module from the bundle in dist/ as well as from its source.
export const CONSOLE_DIST = projectPath('services/console/dist');

const RESERVED = ['/graphql', '/healthz', '/readyz', '/metrics', '/graphiql-assets'];

/**
 * `style-src` keeps 'self' only: the app's CSS is in its files, and styles set from script through
 * the DOM (charts, React's `style`) are not subject to it. The identity provider's origin is there
 * for the token and discovery calls the app makes with fetch.
 */
export function consoleCsp(issuer: string): string {
  const idp = new URL(issuer).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${idp}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GBA Exchange: console not built</title></head>
<body><main><h1>The web console is not built</h1>
<p>The gateway serves the console from <code>services/console/dist</code>, which is missing.
Build it (see README.md, "Web console"), then reload this page.
The GraphQL API is at <a href="/graphql">/graphql</a>.</p></main></body></html>
`;

export function useConsole({ config, dir = CONSOLE_DIST, reserved = RESERVED }: ConsoleOptions): Plugin {
  const csp = consoleCsp(config.issuer);
  const configBody = JSON.stringify({ issuer: config.issuer, clientId: config.clientId });
  const isReserved = (path: string) => reserved.some((r) => path === r || path.startsWith(`${r}/`));
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || isReserved(url.pathname)) return;
      const respond = (status: number, body: BodyInit | null, headers: Record<string, string>) =>
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
            status,
            headers: {
              'content-security-policy': csp,
              'x-content-type-options': 'nosniff',
              'referrer-policy': 'same-origin',
              ...headers,
            },
          }),
        );
      if (url.pathname === '/console-config.json') {
        return respond(200, configBody, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
      }
      const found = await lookUp(dir, url.pathname);
      if (found.kind === 'file') {
        return respond(200, new Uint8Array(found.body), {
          'content-type': found.type,
          'cache-control': found.cacheControl,
        });
      }
      if (found.kind === 'not-built') {
        return respond(503, NOT_BUILT, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      }
      return respond(404, 'Not found', { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
    },
  };
}
