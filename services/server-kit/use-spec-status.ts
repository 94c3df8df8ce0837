/**
 * The HTTP status of a refused request, as the GraphQL-over-HTTP spec asks for each media type, and
 * no `extensions.http` in the JSON. Errors carry their status in `extensions.http` (Yoga's
 * convention); Yoga turns it into the response's status and drops it, but only for errors of its
 * own copy of graphql-js: errors built by another copy (GraphQL Armor's limits, the gateway's
 * relayed ones) kept `http` in the body, and a request error answered as `application/json` got 400.
 *
 * - `application/graphql-response+json`: the highest status an error names (400 for a request that
 *   does not parse or validate, has bad variables or is over a limit; 401, 404, … as named).
 * - `application/json` (the legacy type, chosen when the client does not accept the new one): 200
 *   for every well-formed request, request errors included, as the spec says; a status other than
 *   400 (401 for a bad token, 404 for an unknown persisted operation) is still kept.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

interface HttpExtension {
  readonly status?: number;
  readonly headers?: Record<string, string>;
}

const httpOf = (error: unknown): HttpExtension | undefined =>
  (error as { extensions?: { http?: HttpExtension } }).extensions?.http;

/** The error as it is serialised, without Yoga's internal extensions. */
function withoutInternals(error: unknown): unknown {
  const json =
    typeof (error as { toJSON?: unknown }).toJSON === 'function' ? (error as { toJSON(): object }).toJSON() : error;
  const { extensions, ...rest } = json as { extensions?: Record<string, unknown> };
  if (!extensions) return json;
  const { http: _http, unexpected: _unexpected, ...kept } = extensions;
  return Object.keys(kept).length > 0 ? { ...rest, extensions: kept } : rest;
}

/** True when the client accepts the spec's own media type (Yoga then answers in it). */
const acceptsGraphQLResponse = (request: Request): boolean =>
  (request.headers.get('accept') ?? '').includes('application/graphql-response+json');

export function useSpecStatus(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const single = result as ExecutionResult;
      const marked = (single.errors ?? []).map(httpOf).filter((h): h is HttpExtension => h !== undefined);
      if (marked.length === 0) return;
      const statuses = marked.map((h) => h.status ?? 200);
      const named = acceptsGraphQLResponse(request) ? statuses : statuses.filter((s) => s !== 400);
      const headers = Object.assign({}, ...marked.map((h) => h.headers ?? {}));
      setResult({
        ...single,
        errors: (single.errors ?? []).map(withoutInternals) as ExecutionResult['errors'],
        extensions: { ...single.extensions, http: { status: Math.max(200, ...named), headers } },
      });
    },
  };
}
