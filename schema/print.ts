/**
 * Prints each subgraph's SDL to schema/<name>.graphql (`npm run schema:print`). The files are
 * committed and a test fails when the code's schema differs, so a schema change shows in review.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSubgraphSchema } from '@apollo/subgraph';
import { consentSchema } from '../services/consent/subgraph/index.js';
import { exchangeSchema } from '../services/exchange/schema/index.js';
import { knowledgeSchema } from '../services/knowledge/schema/index.js';

export const SUBGRAPH_SCHEMAS = {
  knowledge: knowledgeSchema,
  exchange: exchangeSchema,
  consent: consentSchema,
} as const;

export function subgraphSdl(name: keyof typeof SUBGRAPH_SCHEMAS): string {
  return `${printSubgraphSchema(SUBGRAPH_SCHEMAS[name]()).trim()}\n`;
}

export function sdlPath(name: string): string {
  return fileURLToPath(new URL(`./${name}.graphql`, import.meta.url));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const name of Object.keys(SUBGRAPH_SCHEMAS) as (keyof typeof SUBGRAPH_SCHEMAS)[]) {
    writeFileSync(sdlPath(name), subgraphSdl(name));
    process.stdout.write(`wrote ${sdlPath(name)}\n`);
  }
}
