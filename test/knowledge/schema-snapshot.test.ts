import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_SCHEMAS, sdlPath, subgraphSdl, supergraphSdl } from '../../schema/print.js';

describe('committed schema files', () => {
  it.each(Object.keys(SUBGRAPH_SCHEMAS) as (keyof typeof SUBGRAPH_SCHEMAS)[])(
    'schema/%s.graphql matches the code (run `npm run schema:print` after a deliberate change)',
    (name) => {
      expect(subgraphSdl(name)).toBe(readFileSync(sdlPath(name), 'utf8'));
    },
  );

  it('schema/supergraph.graphql is the composition of the code’s subgraphs', () => {
    expect(supergraphSdl()).toBe(readFileSync(sdlPath('supergraph'), 'utf8'));
  });
});
