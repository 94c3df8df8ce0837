import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentBundle } from '../../bin/bundle.js';
import { tempDir } from '../support/temp-dir.js';

const ROOT = join(import.meta.dirname, '../..');

describe('which code gba runs', () => {
  const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);
  const cases: { name: string; files: Record<string, number>; runs: 'the bundle' | 'the sources' }[] = [
    { name: 'no bundle was built', files: { 'services/a.ts': 1 }, runs: 'the sources' },
    {
      name: 'the bundle is newer than every source',
      files: { 'dist/main.js': 5, 'services/a.ts': 1, 'connectors/b/c.ts': 2, 'schema/d.ts': 3 },
      runs: 'the bundle',
    },
    {
      name: 'a source in a nested folder changed after the build',
      files: { 'dist/main.js': 5, 'services/a.ts': 1, 'connectors/b/c.ts': 6 },
      runs: 'the sources',
    },
    {
      name: 'only a non-TypeScript file changed after it',
      files: { 'dist/main.js': 5, 'schema/x.graphql': 9 },
      runs: 'the bundle',
    },
    {
      name: 'only an installed package’s types changed after it (a workspace’s node_modules)',
      files: { 'dist/main.js': 5, 'services/a.ts': 1, 'services/console/node_modules/p/index.d.ts': 9 },
      runs: 'the bundle',
    },
    {
      name: 'a source beside a node_modules folder changed after it',
      files: { 'dist/main.js': 5, 'services/console/node_modules/p/index.d.ts': 1, 'services/console/src/a.ts': 9 },
      runs: 'the sources',
    },
  ];
  for (const c of cases) {
    it(`runs ${c.runs} when ${c.name}`, () => {
      const dir = tempDir('gba-bundle-choice-');
      try {
        for (const [file, seconds] of Object.entries(c.files)) {
          mkdirSync(dirname(join(dir.path, file)), { recursive: true });
          writeFileSync(join(dir.path, file), '');
          utimesSync(join(dir.path, file), at(seconds), at(seconds));
        }
        expect(currentBundle(dir.path)).toBe(c.runs === 'the bundle' ? join(dir.path, 'dist/main.js') : null);
      } finally {
        dir.remove();
      }
    });
  }
});

describe('the bundle npm ci builds', () => {
  // Inside the project (scratch/ is ignored), at dist/'s depth, as bin/gba.js would find it.
  mkdirSync(join(ROOT, 'scratch'), { recursive: true });
  const out = mkdtempSync(join(ROOT, 'scratch', 'bundle-'));
  const data = tempDir('gba-bundle-data-');
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    data.remove();
  });

  it('starts the platform, seeds it from the project’s data set, answers through the gateway and closes cleanly; its supergraph is the build’s', async () => {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), out], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const run = `const { main } = await import(process.argv[1]);
      process.exit(await main(['start'], { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env }));`;
    const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', run, join(out, 'main.js')], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: data.path,
        LOG_LEVEL: 'warn',
        ...Object.fromEntries(['GATEWAY', 'KNOWLEDGE', 'EXCHANGE', 'CONSENT', 'IDP'].map((p) => [`${p}_PORT`, '0'])),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      // Generous: this waits for readiness on a shared machine; it asserts no start-up time.
      const end = Date.now() + 60_000;
      while (!stderr.includes('Press Ctrl-C to stop.') && child.exitCode === null && Date.now() < end)
        await new Promise((r) => setTimeout(r, 50));
      const gatewayUrl = /gateway \(GraphQL, GraphiQL\)\s+(\S+)/.exec(stderr)?.[1];
      expect(gatewayUrl, stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const response = await fetch(gatewayUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ service(id: "svc-gz-suihaoban") { id title { zhHans } } }' }),
      });
      expect(await response.json()).toEqual({
        data: { service: { id: 'svc-gz-suihaoban', title: { zhHans: expect.any(String) } } },
      });
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    expect(child.exitCode).toBe(0);
    expect(stderr).toContain('stopped cleanly');
    // Composed when the bundle was built, from the very schemas the subgraphs served (built-supergraph.ts).
    expect(stderr).toContain('supergraph: composed by the build from these very schemas');
  }, 120_000);
});
