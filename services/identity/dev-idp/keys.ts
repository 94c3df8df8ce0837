/**
 * The dev identity provider's RS256 signing key: generated on first start and kept in
 * `DATA_DIR/idp/signing-key.json` (mode 0600), so tokens survive a restart. Deleting the file
 * rotates the key, which invalidates every token it signed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { PARTNER_CLIENTS } from '../identities.js';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function loadOrCreateSigningKey(dir: string): Promise<SigningKey> {
  const file = join(dir, 'signing-key.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  const privateKey = (await importJWK(jwk, 'RS256')) as CryptoKey;
  const { kty, n, e, kid } = jwk;
  return { kid, privateKey, publicJwk: { kty, n, e, kid, alg: 'RS256', use: 'sig' } };
}

/**
 * Secrets of the partner clients, generated on first start into `DATA_DIR/idp/client-secrets.json`
 * (mode 0600): never a default secret.
 */
export function loadOrCreateClientSecrets(dir: string): Readonly<Record<string, string>> {
  const file = join(dir, 'client-secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let added = false;
  for (const { clientId } of PARTNER_CLIENTS) {
    if (!secrets[clientId]) {
      secrets[clientId] = randomBytes(24).toString('base64url');
      added = true;
    }
  }
  if (added) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return Object.freeze(secrets);
}
