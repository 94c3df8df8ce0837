import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
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

  it('has every root query field DESIGN.md fixes', () => {
    const query = buildSchema(readFileSync(sdlPath('supergraph'), 'utf8'), { assumeValidSDL: true }).getQueryType();
    const fields = Object.keys(query?.getFields() ?? {});
    expect(fields).toEqual(expect.arrayContaining(FIXED_QUERY_FIELDS));
  });
});

/** DESIGN.md, "Public interface (fixed names)": the Query root fields. */
const FIXED_QUERY_FIELDS = [
  'service',
  'services',
  'practice',
  'practices',
  'agency',
  'jurisdictions',
  'search',
  'compare',
  'case',
  'announcements',
  'ask',
  'me',
  'myConsents',
  'myDataAccesses',
  'auditTrail',
  'feed',
  'myCases',
  'topics',
  'agencies',
  'myConsentRequests',
  'consentRequests',
];
