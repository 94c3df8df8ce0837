import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const BIN = fileURLToPath(new URL('../../bin/gba.js', import.meta.url));
const dir = tempDir();
afterAll(() => dir.remove());

function startGba(env: Record<string, string>): { child: ChildProcess; stderr: () => string } {
  let stderr = '';
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { PATH: process.env.PATH, DATA_DIR: dir.path, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, stderr: () => stderr };
}

async function gba(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: dir.path, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const [code] = await once(child, 'exit');
  return { code, stdout, stderr };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('gba start, as a process', () => {
  it('seeds on first start, answers the slice, and closes cleanly on SIGTERM', async () => {
    const { child, stderr } = startGba({
      GATEWAY_PORT: '0',
      KNOWLEDGE_PORT: '0',
      EXCHANGE_PORT: '0',
      CONSENT_PORT: '0',
      IDP_PORT: '0',
    });
    try {
      // Generous: this waits for readiness on a shared machine; it asserts no start-up time.
      await waitFor(() => stderr().includes('Press Ctrl-C to stop.'), 60_000);
      const gatewayUrl = /gateway \(GraphQL, GraphiQL\)\s+(\S+)/.exec(stderr())?.[1];
      expect(gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect(stderr()).toMatch(/knowledge subgraph\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);
      // A line per start-up step, with its duration, before the platform says it runs.
      const steps = stderr().slice(0, stderr().indexOf('GBA Exchange is running'));
      expect(steps).toMatch(/^Starting GBA Exchange \(data in .+\):$/m);
      for (const line of [
        /^ {2}loaded the platform’s code \(\d+ ms\)$/m,
        /^ {2}opened the graph store \(sqlite\) \(\d+ ms\)$/m,
        /^ {2}first start: loaded the sample data set \(\d+ records\) \(\d+ ms\)$/m,
        /^ {2}knowledge subgraph listening \(\d+ ms\)$/m,
        // Composed now, or by the build when bin/gba.js runs a current bundle (built-supergraph.ts).
        /^ {2}(composed the supergraph|supergraph: composed by the build from these very schemas) \(\d+ ms\)$/m,
        /^ {2}connectors consuming the inbound topics \(\d+ ms\)$/m,
      ])
        expect(steps).toMatch(line);

      const response = await fetch(gatewayUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ jurisdictions { id } service(id: "svc-gz-suihaoban") { id title { en } } }' }),
      });
      const body = (await response.json()) as { data: { jurisdictions: { id: string }[]; service: { id: string } } };
      expect(body.data.jurisdictions.map((j) => j.id)).toEqual(['GD', 'GZ', 'HK', 'MO', 'SZ']);
      expect(body.data.service.id).toBe('svc-gz-suihaoban');

      // gba token, over HTTP from the dev identity provider that gba start runs, for a user and a partner client.
      const idpPort = /realm endpoints\)\s+http:\/\/127\.0\.0\.1:(\d+)\/realms\/gba/.exec(stderr())?.[1];
      expect(idpPort).toMatch(/^\d+$/);
      const token = await gba(['token', 'hk-official'], { IDP_PORT: idpPort as string });
      expect(token).toMatchObject({ code: 0, stderr: '' });
      const authed = await fetch(gatewayUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.stdout.trim()}` },
        body: JSON.stringify({ query: '{ jurisdictions { id } }' }),
      });
      expect(authed.status).toBe(200);
      const client = await gba(['token', 'sz-ishenzhen'], { IDP_PORT: idpPort as string });
      expect(client.code).toBe(0);
      expect(JSON.parse(Buffer.from(client.stdout.split('.')[1] as string, 'base64url').toString())).toMatchObject({
        azp: 'sz-ishenzhen',
        realm_access: { roles: ['partner-system'] },
        jurisdiction: 'SZ',
      });

      const exited = once(child, 'exit');
      const stoppedAt = Date.now();
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      expect(stderr()).toContain('stopped cleanly');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('says plainly when gba token finds no identity provider', async () => {
    const result = await gba(['token', 'hk-official'], { IDP_PORT: '9' });
    expect(result.code).toBe(69);
    expect(result.stderr).toMatch(
      /^gba token: cannot reach the identity provider at http:\/\/127\.0\.0\.1:9 .*is "gba start" running\?/,
    );
  });

  it('refuses to start on a bad value, naming the variable', async () => {
    const { child, stderr } = startGba({ GATEWAY_PORT: 'four-thousand' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(78);
    expect(stderr().trim()).toBe(
      'Configuration error: GATEWAY_PORT="four-thousand" is not a number; for example GATEWAY_PORT=4000',
    );
  });
});
