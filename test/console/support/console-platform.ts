/**
 * `gba start` on a fresh data directory, as a process, for the browser suites: the console at the
 * gateway's origin, the dev identity provider beside it. One per test file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { platformEnv } from '../../support/platform-env.js';
import { tempDir } from '../../support/temp-dir.js';

const BIN = fileURLToPath(new URL('../../../bin/gba.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../../services/console/dist/index.html', import.meta.url));

export interface ConsolePlatform {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly origin: string;
  readonly idpUrl: string;
  /** The platform's DATA_DIR (its embedded event log is `events.db` there). */
  readonly dataDir: string;
  /** An access token from the dev identity provider (password grant), as `gba token` gets one. */
  token(username: string): Promise<string>;
  stop(): Promise<void>;
}

async function waitFor(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startConsolePlatform(env: Record<string, string> = {}): Promise<ConsolePlatform> {
  if (!existsSync(DIST))
    throw new Error('services/console/dist is missing: npm ci builds it (or npm run console:build)');
  const dir = tempDir();
  let stderr = '';
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
    env: { PATH: process.env.PATH, ...platformEnv(dir.path, { LOG_LEVEL: 'warn', ...env }) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  try {
    // Generous: this waits for readiness on a shared machine; it asserts no start-up time.
    await waitFor(() => stderr.includes('Press Ctrl-C to stop.') || child.exitCode !== null, 90_000, 'gba start');
    const gateway = /gateway \(GraphQL, GraphiQL\)\s+(http:\/\/\S+)\/graphql/.exec(stderr)?.[1];
    const idpUrl = /realm endpoints\)\s+(http:\/\/127\.0\.0\.1:\d+)\/realms\/gba/.exec(stderr)?.[1];
    if (!gateway || !idpUrl) throw new Error(`gba start did not come up:\n${stderr}`);
    return {
      origin: gateway,
      idpUrl,
      dataDir: dir.path,
      token: async (username) => {
        const response = await fetch(`${idpUrl}/realms/gba/protocol/openid-connect/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'password', client_id: 'gba-cli', username, password: 'demo' }),
        });
        return ((await response.json()) as { access_token: string }).access_token;
      },
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        }
        dir.remove();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    dir.remove();
    throw error;
  }
}
