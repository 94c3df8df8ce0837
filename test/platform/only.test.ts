/** Each subgraph can run alone (`gba start --only knowledge`), and a gateway alone finds the others by URL. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../services/cli/main.js';
import { loadConfig } from '../../services/platform/config.js';
import { type RunningPlatform, startPlatform } from '../../services/platform/platform.js';
import { GATEWAY_SECRET_HEADER } from '../../services/server-kit/gateway-only.js';
import { platformEnv } from '../support/platform-env.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const running: RunningPlatform[] = [];
afterAll(async () => {
  for (const p of running.reverse()) await p.close();
  dir.remove();
});

const base = platformEnv(dir.path);
const start = async (env: Record<string, string>, only: Parameters<typeof startPlatform>[0]['only']) => {
  const p = await startPlatform({ config: loadConfig({ ...base, ...env }), log: pino({ level: 'silent' }), only });
  running.push(p);
  return p;
};
const url = (p: RunningPlatform, prefix: string) => p.endpoints.find((e) => e.name.startsWith(prefix))?.url as string;
const ask = async (endpoint: string, query: string, headers: Record<string, string> = {}) =>
  (
    await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    })
  ).json();
/** What the gateway sends: the secret every part generated into, or found in, the shared DATA_DIR. */
const asGateway = () => ({ [GATEWAY_SECRET_HEADER]: readFileSync(join(dir.path, 'gateway-secret'), 'utf8') });

describe('gba start --only', () => {
  it('runs the connectors alone, answering probes on CONNECTORS_PORT', async () => {
    const connectors = await start({ CONNECTORS_PORT: '0' }, ['connectors']);
    const health = url(connectors, 'connectors health');
    expect(
      connectors.endpoints.map((e) => e.name).filter((n) => n.includes('subgraph') || n.startsWith('gateway')),
    ).toEqual([]);
    expect(await (await fetch(`${health}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${health}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { 'graph store': { ok: true } } });
    expect((await fetch(`${health}/graphql`)).status).toBe(404);
  });

  it('runs the knowledge subgraph alone, answering by itself', async () => {
    const knowledge = await start({}, ['knowledge']);
    expect(
      knowledge.endpoints.map((e) => e.name).filter((n) => n.includes('subgraph') || n.startsWith('gateway')),
    ).toEqual(['knowledge subgraph']);
    expect(await ask(url(knowledge, 'knowledge subgraph'), '{ jurisdictions { id } }', asGateway())).toMatchObject({
      data: { jurisdictions: expect.arrayContaining([{ id: 'HK' }]) },
    });
    // Anyone else is refused: only the gateway may call a subgraph.
    expect(await ask(url(knowledge, 'knowledge subgraph'), '{ jurisdictions { id } }')).toMatchObject({
      errors: [{ extensions: { code: 'FORBIDDEN' } }],
    });
  });

  it('runs a gateway alone over subgraphs started elsewhere, found through their URLs', async () => {
    const subgraphs = await start({}, ['knowledge', 'exchange', 'consent']);
    const gateway = await start(
      {
        KNOWLEDGE_URL: url(subgraphs, 'knowledge subgraph'),
        EXCHANGE_URL: url(subgraphs, 'exchange subgraph'),
        CONSENT_URL: url(subgraphs, 'consent subgraph'),
      },
      ['gateway'],
    );
    expect(await ask(url(gateway, 'gateway (GraphQL'), '{ service(id: "svc-hk-td-direct-issue-dl") { id } }')).toEqual({
      data: { service: { id: 'svc-hk-td-direct-issue-dl' } },
    });
  });

  it('says which parts exist when asked for another', async () => {
    const err: string[] = [];
    const code = await main(['start', '--only', 'knowledge,teleport'], {
      out: () => {},
      err: (l) => err.push(l),
      env: base,
    });
    expect(code).toBe(64);
    expect(err[0]).toBe(
      'gba start: --only takes a comma-separated list of gateway, knowledge, exchange, consent, connectors (not: teleport)',
    );
  });
});
