/**
 * The floors `bench:gateway` measures beside the platform, each in a process of its own so its
 * event-loop CPU can be read from /proc: a bare graphql-yoga federation subgraph answering the
 * official's query from memory (floors/subgraph.mjs), and stock Hive Gateway over it
 * (floors/hive-gateway.mjs).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph, fetchSubgraphSdl } from '../services/gateway/compose.js';
import { freePort, until } from './process.js';

export interface Floor {
  readonly url: string;
  readonly pid: number;
}

export interface Floors {
  readonly subgraph: Floor;
  readonly gateway: Floor;
  close(): Promise<void>;
}

async function startFloor(
  script: string,
  env: Record<string, string>,
  { children, nodeArgs = [] }: { children: ChildProcess[]; nodeArgs?: readonly string[] },
): Promise<Floor> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, join(import.meta.dirname, 'floors', script)], {
    // Production, as the platform runs: graphql-js checks its instanceof guards only outside it.
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}/graphql`;
  const ask = () =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
  await until(async () => (await ask()).ok, 60_000, 100);
  return { url, pid: child.pid as number };
}

/**
 * Starts both floors: the subgraph with the platform's knowledge SDL (asked of `knowledgeUrl`, as a
 * gateway asks) answering `practices` with `answer`, then the stock gateway composed over it.
 */
export async function startFloors(opts: {
  knowledgeUrl: string;
  /** The gateway's secret, which the platform's subgraph asks of every caller. */
  knowledgeHeaders?: Readonly<Record<string, string>>;
  answer: unknown;
  dir: string;
  /** Options for node itself, e.g. `--cpu-prof` to profile the floors under load. */
  nodeArgs?: readonly string[];
}): Promise<Floors> {
  const children: ChildProcess[] = [];
  const close = async () => {
    for (const child of children) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  };
  try {
    const { sdl } = await fetchSubgraphSdl({ name: 'knowledge', url: opts.knowledgeUrl }, {}, opts.knowledgeHeaders);
    writeFileSync(join(opts.dir, 'knowledge.graphql'), sdl);
    writeFileSync(join(opts.dir, 'answer.json'), JSON.stringify(opts.answer));
    const subgraph = await startFloor(
      'subgraph.mjs',
      { SDL_FILE: join(opts.dir, 'knowledge.graphql'), ANSWER_FILE: join(opts.dir, 'answer.json') },
      { children, nodeArgs: opts.nodeArgs },
    );
    writeFileSync(
      join(opts.dir, 'supergraph.graphql'),
      composeSupergraph([{ name: 'knowledge', url: subgraph.url, sdl }]),
    );
    const gateway = await startFloor(
      'hive-gateway.mjs',
      { SUPERGRAPH_FILE: join(opts.dir, 'supergraph.graphql') },
      { children, nodeArgs: opts.nodeArgs },
    );
    return { subgraph, gateway, close };
  } catch (error) {
    await close();
    throw error;
  }
}
