/**
 * Signed receipts (JWS, ES256) of each consent grant and revocation, so a resident holds proof of
 * what they agreed to and when they withdrew it. The key is generated on first start and kept in
 * `DATA_DIR/receipts/signing-key.json` (mode 0600); the public key is published for verification.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Consent } from '../../schema/domain/index.js';
import { canonical } from './audit/canonical.js';

export interface ReceiptSigner {
  readonly publicJwk: JWK;
  sign(event: 'granted' | 'revoked', consent: Consent, at: Date): Promise<string>;
}

export async function loadReceiptSigner(dir: string): Promise<ReceiptSigner> {
  const file = join(dir, 'signing-key.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(file, JSON.stringify({ ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256' }), {
      mode: 0o600,
    });
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  const key = await importJWK(jwk, 'ES256');
  const { kty, crv, x, y, kid } = jwk;
  return {
    publicJwk: { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' },
    async sign(event, consent, at) {
      const payload = canonical({ event, at: at.toISOString(), consent });
      return new CompactSign(new TextEncoder().encode(payload))
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'gba-consent-receipt+jws' })
        .sign(key);
    },
  };
}
