/**
 * The platform as `bench:gateway` runs it: `gba start` in a child process (so the load generator
 * does not share its event loop), in production mode as every deployment runs it, against an
 * identity provider outside it (the benchmark's dev identity provider, standing in for Keycloak).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { GATEWAY_SECRET_HEADER } from '../services/server-kit/gateway-only.js';
import { tempDir } from '../test/support/temp-dir.js';
import { freePort, until } from './process.js';

export interface PlatformProcess {
  readonly pid: number;
  readonly gateway: string;
  readonly knowledge: string;
  /** What a direct call of the knowledge subgraph must send: only the gateway may call it otherwise. */
  readonly subgraphHeaders: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export async function startPlatformProcess(opts: {
  keycloakUrl: string;
  env?: Record<string, string>;
  /** Options for node itself, e.g. `--cpu-prof` to profile the platform under load. */
  nodeArgs?: readonly string[];
}): Promise<PlatformProcess> {
  const dir = tempDir('gba-bench-platform-');
  const ports = { gateway: await freePort(), knowledge: await freePort() };
  // The benchmark calls the knowledge subgraph directly too, so it holds the gateway's secret.
  const secret = randomBytes(32).toString('hex');
  const child = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      join(import.meta.dirname, '../bin/gba.js'),
      'start',
      '--only',
      'gateway,knowledge,exchange,consent',
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        KEYCLOAK_URL: opts.keycloakUrl,
        DATA_DIR: dir.path,
        LOG_LEVEL: 'error',
        GATEWAY_PORT: String(ports.gateway),
        KNOWLEDGE_PORT: String(ports.knowledge),
        EXCHANGE_PORT: '0',
        CONSENT_PORT: '0',
        GATEWAY_SECRET: secret,
        ...opts.env,
      },
      stdio: 'ignore',
    },
  );
  const close = async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    dir.remove();
  };
  try {
    await until(async () => (await fetch(`http://127.0.0.1:${ports.gateway}/readyz`)).ok, 60_000);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    pid: child.pid as number,
    gateway: `http://127.0.0.1:${ports.gateway}/graphql`,
    knowledge: `http://127.0.0.1:${ports.knowledge}/graphql`,
    subgraphHeaders: { [GATEWAY_SECRET_HEADER]: secret },
    close,
  };
}
