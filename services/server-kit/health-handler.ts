/**
 * Liveness and readiness for a process that serves no GraphQL (the connectors alone, under an
 * orchestrator): `/healthz` answers 200 while the process runs, `/readyz` runs the checks as the
 * GraphQL servers' does.
 */
import type { RequestListener } from 'node:http';
import { READINESS_HEADERS, type ReadinessCheck, readiness } from './use-readiness.js';

export function healthHandler(checks: Readonly<Record<string, ReadinessCheck>>): RequestListener {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' || (path !== '/healthz' && path !== '/readyz')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (path === '/healthz') {
      response.writeHead(200, READINESS_HEADERS).end('{"status":"ok"}');
      return;
    }
    readiness(checks).then(({ status, body }) => response.writeHead(status, READINESS_HEADERS).end(body));
  };
}
