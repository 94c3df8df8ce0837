/**
 * `gba token <username>`: prints an access token from the configured identity provider, fetched over
 * HTTP like any client would: the password grant for users (GBA_PASSWORD, or the demo password),
 * client credentials for partner clients (GBA_CLIENT_SECRET, or the dev provider's generated secret).
 */
import { CLI_CLIENT, PARTNER_CLIENTS } from '../identity/identities.js';
import { devClientSecret, identityUrl } from '../platform/adapters.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { oneLine } from './terminal-safe.js';

export async function runToken(args: readonly string[], io: CommandIo): Promise<number> {
  const [name] = args;
  if (!name) {
    io.err(
      'usage: gba token <username>   (a demo user such as hk-official or p-0001, or a partner client such as sz-ishenzhen)',
    );
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  const base = identityUrl(config);
  const partner = PARTNER_CLIENTS.some((c) => c.clientId === name);
  let form: URLSearchParams;
  if (partner) {
    const secret = io.env.GBA_CLIENT_SECRET ?? devClientSecret(config, name);
    if (!secret) {
      io.err(oneLine(`gba token: set GBA_CLIENT_SECRET to the secret of client "${name}" in Keycloak`));
      return 64;
    }
    form = new URLSearchParams({ grant_type: 'client_credentials', client_id: name, client_secret: secret });
  } else {
    const password = io.env.GBA_PASSWORD ?? 'demo';
    form = new URLSearchParams({ grant_type: 'password', client_id: CLI_CLIENT, username: name, password });
  }
  const url = `${base}/realms/${config.keycloakRealm}/protocol/openid-connect/token`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    io.err(
      `gba token: cannot reach the identity provider at ${base} (${(error as Error).message}); is "gba start" running?`,
    );
    return 69;
  }
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    io.err(
      oneLine(
        `gba token: ${base} refused "${name}": ${body.error_description ?? body.error ?? `HTTP ${response.status}`}`,
      ),
    );
    return 77;
  }
  io.out(body.access_token);
  return 0;
}
