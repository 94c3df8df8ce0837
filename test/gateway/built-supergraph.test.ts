/**
 * The build's composition of the platform's own subgraphs (services/gateway/built-supergraph.ts):
 * it stands in for composing at start only for exactly the subgraphs it was composed from, and then
 * gives the very supergraph composing them would, their real URLs in place; anything else composes.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { builtSupergraph, subgraphSdl } from '../../schema/print.js';
import {
  BUILT_SUPERGRAPH_FILE,
  fromBuilt,
  readBuiltSupergraph,
  supergraphOf,
} from '../../services/gateway/built-supergraph.js';
import { composeSupergraph, type SubgraphDefinition } from '../../services/gateway/compose.js';
import { tempDir } from '../support/temp-dir.js';

const built = builtSupergraph();
const NAMES = ['knowledge', 'exchange', 'consent'] as const;
/** The own subgraphs as `gba start` reads them: the SDL as served (untrimmed), their URLs chosen at start. */
const own = (urls: readonly string[]): SubgraphDefinition[] =>
  NAMES.map((name, i) => ({ name, url: urls[i] as string, sdl: `${subgraphSdl(name)}\n` }));
const started = own([
  'http://127.0.0.1:41234/graphql',
  'http://127.0.0.1:41235/graphql',
  'http://127.0.0.1:41236/graphql',
]);

describe('the build’s supergraph', () => {
  const fits: { name: string; subgraphs: SubgraphDefinition[] }[] = [
    { name: 'on ports chosen at start', subgraphs: started },
    {
      name: 'at URLs with characters a GraphQL string escapes',
      subgraphs: own(['http://[::1]:4001/graph"ql', 'http://k8s.local/ex\\change?a=1&b=é', 'http://consent/graphql']),
    },
  ];
  for (const row of fits) {
    it(`stands in for the same subgraphs ${row.name}, as composing them would`, () => {
      expect(fromBuilt(built, row.subgraphs)).toBe(composeSupergraph(row.subgraphs));
      expect(supergraphOf(row.subgraphs, built).built).toBe(true);
    });
  }

  const consent = started[2] as SubgraphDefinition;
  const misses: { name: string; subgraphs: SubgraphDefinition[]; from?: typeof built }[] = [
    {
      name: 'a subgraph serves another SDL (a field added since the build)',
      subgraphs: [
        ...started.slice(0, 2),
        { ...consent, sdl: consent.sdl.replace('type Query {', 'type Query {\n  addedSinceTheBuild: Int') },
      ],
    },
    {
      name: 'a partner subgraph joins (EXTRA_SUBGRAPHS)',
      subgraphs: [
        ...started,
        {
          name: 'partner',
          url: 'http://127.0.0.1:5000/graphql',
          sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])\ntype Query { partnerHello: String }',
        },
      ],
    },
    {
      name: 'the subgraphs come in another order',
      subgraphs: [started[1], started[0], started[2]] as SubgraphDefinition[],
    },
    { name: 'one subgraph runs alone', subgraphs: started.slice(0, 1) },
    {
      name: 'the built file no longer names a subgraph where it was composed',
      subgraphs: started,
      from: {
        ...built,
        supergraph: built.supergraph.replace('@join__graph(name: "exchange"', '@join__graph(name: "x"'),
      },
    },
  ];
  for (const row of misses) {
    it(`is not used, and the subgraphs are composed, when ${row.name}`, () => {
      const from = row.from ?? built;
      expect(fromBuilt(from, row.subgraphs)).toBeUndefined();
      expect(supergraphOf(row.subgraphs, from)).toEqual({
        supergraph: composeSupergraph(row.subgraphs),
        built: false,
      });
    });
  }

  const dir = tempDir('gba-built-supergraph-');
  afterAll(() => dir.remove());
  it('is read from beside the bundle, and a folder with none or with an unreadable one has none', () => {
    expect(readBuiltSupergraph(dir.path)).toBeUndefined();
    writeFileSync(`${dir.path}/${BUILT_SUPERGRAPH_FILE}`, '{"subgraphs": [');
    expect(readBuiltSupergraph(dir.path)).toBeUndefined();
    writeFileSync(`${dir.path}/${BUILT_SUPERGRAPH_FILE}`, JSON.stringify(built));
    expect(readBuiltSupergraph(dir.path)).toEqual(built);
    expect(supergraphOf(started, undefined).built).toBe(false);
  });
});
