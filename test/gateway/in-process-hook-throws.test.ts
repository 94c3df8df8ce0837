/**
 * A hook of the subgraph that throws after a handed-over operation ran: the operation is not run again,
 * and the answer is the one Yoga gives the same throw over HTTP (its error masked, no stack), not the
 * server adapter's text of the error.
 */
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { inProcess, useHandedOverOperations } from '../../services/server-kit/in-process.js';

const URL = 'http://subgraph.test/graphql';

function server() {
  let runs = 0;
  const throwAfter: Plugin = {
    onExecutionResult() {
      throw new Error('hook detail at /srv/secret/path');
    },
  };
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ran: Int! }', resolvers: { Query: { ran: () => ++runs } } }),
    plugins: [useHandedOverOperations(), throwAfter],
    logging: false,
  });
  return { yoga, runs: () => runs };
}

describe('a hook that throws after a handed-over operation ran', () => {
  it('is answered as over HTTP, once, with no stack or detail', async () => {
    const http = server();
    const overHttp = await http.yoga.fetch(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ ran }' }),
    });
    const local = server();
    const answer = await inProcess(local.yoga).call?.({
      url: URL,
      headers: { accept: 'application/json' },
      params: { query: '{ ran }' },
    });
    const text = answer?.result ? JSON.stringify(answer.result) : answer?.text;
    expect({ status: answer?.status, text }).toEqual({ status: overHttp.status, text: await overHttp.text() });
    expect(text).not.toContain('secret');
    expect(text).not.toMatch(/\n\s+at /);
    expect(local.runs()).toBe(1);
  });
});
