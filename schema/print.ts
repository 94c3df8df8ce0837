/**
 * Prints each subgraph's SDL to schema/<name>.graphql and their composition to
 * schema/supergraph.graphql (`npm run schema:print`). The files are committed and a test fails when
 * the code's schema differs, so a schema change shows in review; `gba schema check` compares the
 * code's supergraph with the committed one and reports breaking changes. It also writes the AsyncAPI
 * document of the events (schema/asyncapi.json), checked against the code the same way.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSubgraphSchema } from '@apollo/subgraph';
import { asyncApiDocument } from '../connectors/asyncapi.js';
import { consentSchema } from '../services/consent/subgraph/index.js';
import { exchangeSchema } from '../services/exchange/schema/index.js';
import { type BuiltSupergraph, composeForBuild } from '../services/gateway/built-supergraph.js';
import { composeSupergraph } from '../services/gateway/compose.js';
import { knowledgeSchema } from '../services/knowledge/schema/index.js';
import { projectPath } from '../services/shared/project-path.js';

export const SUBGRAPH_SCHEMAS = {
  knowledge: knowledgeSchema,
  exchange: exchangeSchema,
  consent: consentSchema,
} as const;

export function subgraphSdl(name: keyof typeof SUBGRAPH_SCHEMAS): string {
  return `${printSubgraphSchema(SUBGRAPH_SCHEMAS[name]()).trim()}\n`;
}

/** The platform's own subgraphs composed, with placeholder URLs (the gateway uses real ones). */
export function supergraphSdl(): string {
  const definitions = (Object.keys(SUBGRAPH_SCHEMAS) as (keyof typeof SUBGRAPH_SCHEMAS)[]).map((name) => ({
    name,
    url: `http://${name}/graphql`,
    sdl: subgraphSdl(name),
  }));
  return `${composeSupergraph(definitions).trim()}\n`;
}

/**
 * The platform's own subgraphs composed under placeholder URLs, as `npm run build` writes it beside
 * the bundle for `gba start` to use instead of composing (services/gateway/built-supergraph.ts).
 */
export function builtSupergraph(): BuiltSupergraph {
  const names = Object.keys(SUBGRAPH_SCHEMAS) as (keyof typeof SUBGRAPH_SCHEMAS)[];
  return composeForBuild(names.map((name) => ({ name, sdl: subgraphSdl(name) })));
}

export function sdlPath(name: string): string {
  return projectPath('schema', `${name}.graphql`);
}

/** The AsyncAPI document of the topics and event types, generated from the zod contracts. */
export const ASYNCAPI_PATH = projectPath('schema', 'asyncapi.json');
export const asyncApiText = (): string => `${JSON.stringify(asyncApiDocument(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const name of Object.keys(SUBGRAPH_SCHEMAS) as (keyof typeof SUBGRAPH_SCHEMAS)[]) {
    writeFileSync(sdlPath(name), subgraphSdl(name));
    process.stdout.write(`wrote ${sdlPath(name)}\n`);
  }
  writeFileSync(sdlPath('supergraph'), supergraphSdl());
  process.stdout.write(`wrote ${sdlPath('supergraph')}\n`);
  writeFileSync(ASYNCAPI_PATH, asyncApiText());
  process.stdout.write(`wrote ${ASYNCAPI_PATH}\n`);
}
