/**
 * The whole platform as `gba start` wires it (embedded twins, seeded, every port picked free) for
 * tests that go through the gateway with tokens from its dev identity provider.
 */
import { type Logger, pino } from 'pino';
import { loadConfig } from '../../services/platform/config.js';
import { type RunningPlatform, startPlatform } from '../../services/platform/platform.js';
import { platformEnv } from './platform-env.js';
import { tempDir } from './temp-dir.js';

export interface PlatformFixture {
  readonly platform: RunningPlatform;
  /** The gateway's GraphQL URL. */
  readonly gateway: string;
  /** The dev identity provider's realm URL. */
  readonly idp: string;
  readonly dataDir: string;
  /** A demo user's access token (password grant). */
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * `env`: settings beyond the test defaults (platform-env.ts), e.g. PERSISTED_OPERATIONS; `log`: where
 * the platform logs (silent by default; test/support/logs.ts captures it).
 */
export async function startPlatformFixture(
  env: Record<string, string> = {},
  { log = pino({ level: 'silent' }) }: { log?: Logger } = {},
): Promise<PlatformFixture> {
  const dir = tempDir();
  const platform = await startPlatform({ config: loadConfig(platformEnv(dir.path, env)), log });
  const url = (prefix: string) => platform.endpoints.find((e) => e.name.startsWith(prefix))?.url as string;
  const idp = url('dev identity provider');
  return {
    platform,
    gateway: url('gateway (GraphQL'),
    idp,
    dataDir: dir.path,
    async token(username) {
      const form = new URLSearchParams({ grant_type: 'password', client_id: 'gba-cli', username, password: 'demo' });
      const response = await fetch(`${idp}/protocol/openid-connect/token`, { method: 'POST', body: form });
      return ((await response.json()) as { access_token: string }).access_token;
    },
    async close() {
      await platform.close();
      dir.remove();
    },
  };
}
