/**
 * The supergraph of the platform's own subgraphs, composed when the bundle is built (`npm run build`
 * writes dist/supergraph.json, scripts/build.mjs) instead of at every start, where composing took
 * half a second of CPU, a fifth of `gba start` with its data present (docs/performance.md).
 *
 * Composition is a function of the subgraphs' names, SDLs and URLs alone. The gateway still reads
 * every subgraph's SDL at start (`_service { sdl }`); the built composition stands in only for
 * exactly the subgraphs it was composed from, the same names in the same order with the same SDL to
 * the character, and their URLs, unknown at build time (ports chosen at start), are then put in place
 * of the placeholders it was composed with, in their `@join__graph` and nowhere else. Anything else (a
 * partner subgraph from EXTRA_SUBGRAPHS, a subgraph elsewhere serving another version, a source edited
 * since the build, no build at all) is composed afresh, as before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, print } from 'graphql';
import { composeSupergraph, type SubgraphDefinition } from './compose.js';

/** The file next to the bundle's modules (dist/); none beside the sources. */
export const BUILT_SUPERGRAPH_FILE = 'supergraph.json';

export interface BuiltSupergraph {
  /** What it was composed from: each subgraph's name, its placeholder URL and its SDL. */
  readonly subgraphs: readonly SubgraphDefinition[];
  readonly supergraph: string;
}

const placeholderUrl = (name: string) => `http://${encodeURIComponent(name)}.subgraph.invalid/graphql`;

/** Composes the subgraphs under placeholder URLs, for the build to write down. */
export function composeForBuild(subgraphs: readonly { name: string; sdl: string }[]): BuiltSupergraph {
  const placed = subgraphs.map(({ name, sdl }) => ({ name, url: placeholderUrl(name), sdl }));
  return { subgraphs: placed, supergraph: composeSupergraph(placed) };
}

/** The build's composition in `dir`, or undefined when there is none or it cannot be read. */
export function readBuiltSupergraph(dir: string = import.meta.dirname): BuiltSupergraph | undefined {
  try {
    const built = JSON.parse(readFileSync(join(dir, BUILT_SUPERGRAPH_FILE), 'utf8')) as BuiltSupergraph;
    return typeof built.supergraph === 'string' && Array.isArray(built.subgraphs) ? built : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The supergraph of `subgraphs` taken from the build's composition when it was composed from exactly
 * these subgraphs, or undefined.
 */
export function fromBuilt(built: BuiltSupergraph | undefined, subgraphs: readonly SubgraphDefinition[]) {
  if (!built || built.subgraphs.length !== subgraphs.length) return undefined;
  let supergraph = built.supergraph;
  for (const [i, s] of subgraphs.entries()) {
    const was = built.subgraphs[i];
    if (!was || was.name !== s.name || was.sdl.trim() !== s.sdl.trim()) return undefined;
    const graph = (url: string) => `@join__graph(name: ${quoted(s.name)}, url: ${quoted(url)})`;
    const parts = supergraph.split(graph(was.url));
    if (parts.length !== 2) return undefined;
    supergraph = parts.join(graph(s.url));
  }
  return supergraph;
}

/** A GraphQL string literal as the composition prints it. */
const quoted = (value: string) => print({ kind: Kind.STRING, value });

/** The supergraph of `subgraphs`: the build's composition when it fits them, composed now otherwise. */
export function supergraphOf(
  subgraphs: readonly SubgraphDefinition[],
  built: BuiltSupergraph | undefined,
): { supergraph: string; built: boolean } {
  const kept = fromBuilt(built, subgraphs);
  return kept === undefined
    ? { supergraph: composeSupergraph(subgraphs), built: false }
    : { supergraph: kept, built: true };
}
