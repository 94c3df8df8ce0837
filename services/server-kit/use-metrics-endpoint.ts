import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';

export interface MetricsEndpointOptions {
  readonly metrics: Metrics;
  /** @default '/metrics' */
  readonly endpoint?: string;
}

/** Serves the registry in Prometheus text format. */
export function useMetricsEndpoint({ metrics, endpoint = '/metrics' }: MetricsEndpointOptions): Plugin {
  return {
    // Not async: an async hook made every request wait a turn of promises here, GraphQL ones included.
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method !== 'GET') return;
      return metrics
        .text()
        .then(({ contentType, body }) =>
          endResponse(new fetchAPI.Response(body, { headers: { 'content-type': contentType } })),
        );
    },
  };
}
