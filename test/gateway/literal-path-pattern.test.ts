import { URLPattern } from 'urlpattern-polyfill';
import { describe, expect, it } from 'vitest';
import { LiteralPathPattern } from '../../services/gateway/literal-path-pattern.js';

// What the gateway's Yoga had before (urlpattern-polyfill, on Node 20) is the oracle.
const inputs = [
  'http://127.0.0.1:4000/graphql',
  'http://127.0.0.1:4000/graphql?query=%7B__typename%7D',
  'https://gba.example/graphql#x',
  'http://localhost/graphql/',
  'http://localhost/GraphQL',
  'http://localhost/graphq',
  'http://localhost/graphqlx',
  'http://localhost/a/graphql',
  'http://localhost/%67raphql',
  'http://localhost/readiness',
  'http://localhost/readiness?x=1',
  'http://localhost//readiness',
  'http://localhost/readiness/',
  'http://user:pw@localhost:81/readiness',
  'http://localhost/',
];

describe('the literal path patterns of the gateway', () => {
  for (const pathname of ['/graphql', '/readiness'])
    it(`matches exactly the URLs URLPattern({ pathname: '${pathname}' }) matches`, () => {
      const expected = new URLPattern({ pathname });
      const pattern = new LiteralPathPattern({ pathname });
      const results = inputs.map((u) => [u, pattern.test(new URL(u)), pattern.test(u)]);
      expect(results).toEqual(inputs.map((u) => [u, expected.test(new URL(u)), expected.test(u)]));
      expect(results.filter(([, matched]) => matched).length).toBeGreaterThan(0);
      // Relative text is not a URL: neither matches it.
      expect([pattern.test(pathname), expected.test(pathname)]).toEqual([false, false]);
    });

  it('refuses, where it is built, any pattern that is not one literal path', () => {
    for (const init of [
      { pathname: '/subgraphs/:name' },
      { pathname: '/graphql*' },
      { pathname: '/graphql/?' },
      { pathname: '/(graphql|readiness)' },
      { pathname: '/{graphql}' },
      { pathname: '/gr%61phql' },
      { pathname: 'graphql' },
      { pathname: '/graphql', hostname: 'localhost' },
      '/graphql',
      null,
    ])
      expect(() => new LiteralPathPattern(init), JSON.stringify(init)).toThrow(/only literal paths/);
    expect(() => new LiteralPathPattern({ pathname: '/graphql' }, 'http://localhost')).toThrow(/only literal paths/);
  });
});
