/** The dev identity provider on a real HTTP port, with its key and secrets in a temporary DATA_DIR. */
import { join } from 'node:path';
import {
  loadOrCreateClientSecrets,
  loadOrCreateSigningKey,
  type SigningKey,
} from '../../services/identity/dev-idp/keys.js';
import { createDevIdp, type DevIdpOptions } from '../../services/identity/dev-idp/server.js';
import { allUsers, CLI_CLIENT, REALM } from '../../services/identity/identities.js';
import { listen, type RunningServer } from '../../services/server-kit/http-server.js';
import { tempDir } from './temp-dir.js';

export interface DevIdpFixture {
  readonly url: string;
  readonly key: SigningKey;
  readonly secrets: Readonly<Record<string, string>>;
  readonly server: RunningServer;
  /** An access token for a demo user (password grant) or a partner client (client credentials). */
  token(name: string): Promise<string>;
  close(): Promise<void>;
}

/** The sample data set's persons, p-0001 to p-0012. */
const SAMPLE_PERSONS = Array.from({ length: 12 }, (_, i) => `p-${String(i + 1).padStart(4, '0')}`);

export async function startDevIdp(
  personIds: readonly string[] = SAMPLE_PERSONS,
  options: Pick<DevIdpOptions, 'now' | 'accessTokenTtlSeconds'> = {},
): Promise<DevIdpFixture> {
  const dir = tempDir('gba-idp-');
  const key = await loadOrCreateSigningKey(join(dir.path, 'idp'));
  const secrets = loadOrCreateClientSecrets(join(dir.path, 'idp'));
  let handler: ReturnType<typeof createDevIdp> | undefined;
  const server = await listen({ handler: (req, res) => handler?.(req, res), host: '127.0.0.1', port: 0 });
  handler = createDevIdp({
    baseUrl: server.url,
    realm: REALM,
    key,
    users: allUsers(personIds),
    clientSecrets: secrets,
    ...options,
  });
  const tokenUrl = `${server.url}/realms/${REALM}/protocol/openid-connect/token`;
  return {
    url: server.url,
    key,
    secrets,
    server,
    async token(name) {
      const body = secrets[name]
        ? new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: name,
            client_secret: secrets[name] as string,
          })
        : new URLSearchParams({ grant_type: 'password', client_id: CLI_CLIENT, username: name, password: 'demo' });
      const response = await fetch(tokenUrl, { method: 'POST', body });
      const json = (await response.json()) as { access_token?: string; error_description?: string };
      if (!json.access_token) throw new Error(`no token for ${name}: ${json.error_description}`);
      return json.access_token;
    },
    async close() {
      await server.close();
      dir.remove();
    },
  };
}
