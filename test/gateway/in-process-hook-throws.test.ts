/**
 * A hook of the subgraph that throws after an operation the gateway handed over ran (`execute`,
 * services/server-kit/in-process.ts): the operation is not run again, and the answer is the one Yoga
 * gives the same throw over HTTP (its error masked, no stack), not the server adapter's text of it.
 */
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { inProcess, useHandedOverOperations } from '../../services/server-kit/in-process.js';

const URL = 'http://subgraph.test/graphql';

const DETAIL = 'hook detail at /srv/secret/path';

/** An answer with an error, which the subgraph's result hooks write (an answer of data alone is the gateway's to write). */
const QUERY = '{ ran fails }';

/** A hook throwing after execution: on its result, or (once) when the result is processed. */
const THROWING: Record<string, () => Plugin> = {
  onExecutionResult: () => ({
    onExecutionResult() {
      throw new Error(DETAIL);
    },
  }),
  onResultProcess: () => {
    let thrown = false;
    return {
      onResultProcess() {
        if (thrown) return;
        thrown = true;
        throw new Error(DETAIL);
      },
    };
  },
};

function server(hook: string) {
  let runs = 0;
  const throwAfter = THROWING[hook]?.() as Plugin;
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { ran: Int! fails: Int }',
      resolvers: { Query: { ran: () => ++runs, fails: () => new Error('no') } },
    }),
    plugins: [useHandedOverOperations(), throwAfter],
    logging: false,
  });
  return { yoga, runs: () => runs };
}

describe('a hook that throws after a handed-over operation ran', () => {
  it.each(Object.keys(THROWING))('in %s is answered as over HTTP, once, with no stack or detail', async (hook) => {
    const http = server(hook);
    const overHttp = await http.yoga.fetch(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    const local = server(hook);
    const request = new Request(URL, { method: 'POST' });
    const identity = { id: '0b6f8d2e-4c1a-4d7e-9a3b-5f2c8e1d7a90', clientId: null };
    const answer = await inProcess(local.yoga).execute?.({ request, identity, params: { query: QUERY } });
    const text = answer?.result ? JSON.stringify(answer.result) : answer?.text;
    expect({ status: answer?.status, text }).toEqual({ status: overHttp.status, text: await overHttp.text() });
    expect(text).not.toContain('secret');
    expect(text).not.toMatch(/\n\s+at /);
    expect(local.runs()).toBe(1);
  });
});
