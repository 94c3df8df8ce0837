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

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('gba start, as a process', () => {
  it('seeds on first start, answers the slice, and closes cleanly on SIGTERM', async () => {
    const { child, stderr } = startGba({ GATEWAY_PORT: '0', KNOWLEDGE_PORT: '0' });
    try {
      await waitFor(() => stderr().includes('Press Ctrl-C to stop.'), 20_000);
      const gatewayUrl = /gateway \(GraphQL, GraphiQL\)\s+(\S+)/.exec(stderr())?.[1];
      expect(gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect(stderr()).toMatch(/knowledge subgraph\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);

      const response = await fetch(gatewayUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ jurisdictions { id } service(id: "svc-gz-suihaoban") { id title { en } } }' }),
      });
      const body = (await response.json()) as { data: { jurisdictions: { id: string }[]; service: { id: string } } };
      expect(body.data.jurisdictions.map((j) => j.id)).toEqual(['GD', 'GZ', 'HK', 'MO', 'SZ']);
      expect(body.data.service.id).toBe('svc-gz-suihaoban');

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
