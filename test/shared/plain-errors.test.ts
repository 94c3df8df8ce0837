import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { usePlainErrors } from '../../services/server-kit/use-plain-errors.js';

const schema = createSchema({
  typeDefs: 'type Query { refused: String, ok: String, withStatus: String }',
  resolvers: {
    Query: {
      ok: () => 'fine',
      refused: () => {
        throw new GraphQLError('no consent', { extensions: { code: 'CONSENT_REQUIRED', category: 'contact' } });
      },
      withStatus: () => {
        throw new GraphQLError('sign in', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      },
    },
  },
});

const ask = async (plugins: ReturnType<typeof usePlainErrors>[], query: string, accept = 'application/json') => {
  const yoga = createYoga({ schema, plugins, maskedErrors: false, logging: false });
  const response = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.text() };
};

describe('usePlainErrors', () => {
  it('serialises field errors exactly as Yoga does, for both response media types', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const query = '{ ok refused a: refused }';
      expect(await ask([usePlainErrors()], query, accept)).toEqual(await ask([], query, accept));
      const { body } = await ask([usePlainErrors()], query, accept);
      expect(JSON.parse(body).errors).toEqual([
        expect.objectContaining({ path: ['refused'], extensions: { code: 'CONSENT_REQUIRED', category: 'contact' } }),
        expect.objectContaining({ path: ['a'], extensions: { code: 'CONSENT_REQUIRED', category: 'contact' } }),
      ]);
    }
  });

  it("leaves errors carrying Yoga's internal http extension to Yoga: status kept, extension not shown", async () => {
    const query = '{ withStatus }';
    const plain = await ask([usePlainErrors()], query);
    expect(plain).toEqual(await ask([], query));
    expect(plain.status).toBe(401);
    expect(JSON.parse(plain.body).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });
});
