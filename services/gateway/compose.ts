/**
 * Builds the supergraph at start: asks each subgraph for its SDL (`_service { sdl }`, as any
 * federation gateway does) and composes them with @theguild/federation-composition (or takes the
 * build's composition of the very same SDLs, built-supergraph.ts). A composition error stops the
 * start with a message naming the subgraph and the type.
 */
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import type { LocalFetch } from '../server-kit/in-process.js';
import { type RetryOptions, retry } from '../server-kit/retry.js';

export interface SubgraphEndpoint {
  readonly name: string;
  /** The subgraph's GraphQL endpoint, e.g. `http://localhost:4001/graphql`. */
  readonly url: string;
}

export interface SubgraphDefinition extends SubgraphEndpoint {
  readonly sdl: string;
}

export class CompositionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the subgraphs do not compose:\n  ${problems.join('\n  ')}`);
    this.name = 'CompositionError';
  }
}

export async function fetchSubgraphSdl(
  { name, url }: SubgraphEndpoint,
  retryOptions: RetryOptions = {},
  /** Beyond the content type: the gateway's secret for a subgraph of the platform's own. */
  headers: Readonly<Record<string, string>> = {},
  /** How to ask: over HTTP, or in memory for a subgraph of this process (its server's `fetch`). */
  send: LocalFetch = fetch,
): Promise<SubgraphDefinition> {
  const sdl = await retry(
    async (bail) => {
      const response = await send(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
        signal: AbortSignal.timeout(5000),
      });
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: unknown[] };
      const sdl = body.data?._service?.sdl;
      if (!sdl) bail(new Error(`subgraph "${name}" at ${url} is not a federation subgraph (no _service.sdl)`));
      return sdl as string;
    },
    { what: `fetching the schema of subgraph "${name}" from ${url}`, ...retryOptions },
  );
  return { name, url, sdl };
}

export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): string {
  const problems: string[] = [];
  const services = subgraphs.flatMap(({ name, url, sdl }) => {
    try {
      return [{ name, url, typeDefs: parse(sdl) }];
    } catch (error) {
      problems.push(`[${name}] its SDL does not parse: ${(error as Error).message}`);
      return [];
    }
  });
  if (problems.length > 0) throw new CompositionError(problems);
  const result = composeServices(services);
  if (result.errors) throw new CompositionError(result.errors.map((e) => e.message));
  return result.supergraphSdl;
}
