/**
 * Signed receipts (JWS, ES256) of each consent grant and revocation, so a resident holds proof of
 * what they agreed to and when they withdrew it. The key is generated on first start and kept in
 * `DATA_DIR/receipts/signing-key.json` (mode 0600); the public key is published for verification.
 * A rotation (`gba keys rotate-receipts`) retires the key: its private part is deleted and its public
 * part added to `retired-keys.json` (a JWK Set, created empty beside a new key, so a Kubernetes Secret
 * can always name both files), and receipts signed before still verify, by their `kid`, against the
 * published key set.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Consent } from '../../schema/domain/index.js';
import { canonical } from './audit/canonical.js';

export interface ReceiptSigner {
  /** The key receipts are signed with now. */
  readonly publicJwk: JWK;
  /** Every key a receipt may have been signed with: the current one first, then the retired ones. */
  readonly publicJwks: readonly JWK[];
  sign(event: 'granted' | 'revoked', consent: Consent, at: Date): Promise<string>;
}

const KEY_FILE = 'signing-key.json';
const RETIRED_FILE = 'retired-keys.json';

function readRetired(dir: string): JWK[] {
  const file = join(dir, RETIRED_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { keys: JWK[] }).keys : [];
}

function writeRetired(dir: string, keys: readonly JWK[]): void {
  writeFileSync(join(dir, RETIRED_FILE), JSON.stringify({ keys }), { mode: 0o644 });
}

const publicPart = ({ kty, crv, x, y, kid }: JWK): JWK => ({ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' });

async function createKey(file: string): Promise<void> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  writeFileSync(file, JSON.stringify({ ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256' }), {
    mode: 0o600,
  });
}

export async function loadReceiptSigner(dir: string): Promise<ReceiptSigner> {
  const file = join(dir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await createKey(file);
  }
  if (!existsSync(join(dir, RETIRED_FILE))) writeRetired(dir, []);
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  const key = await importJWK(jwk, 'ES256');
  const current = publicPart(jwk);
  return {
    publicJwk: current,
    publicJwks: [current, ...readRetired(dir)],
    async sign(event, consent, at) {
      const payload = canonical({ event, at: at.toISOString(), consent });
      return new CompactSign(new TextEncoder().encode(payload))
        .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'gba-consent-receipt+jws' })
        .sign(key);
    },
  };
}

/**
 * Retires the current key (its public part kept, its private part deleted) and creates a new one.
 * Running replicas sign with the old key until they restart; their receipts verify either way.
 */
export async function rotateReceiptKey(dir: string): Promise<{ retired: string | null; current: string }> {
  const file = join(dir, KEY_FILE);
  let retired: string | null = null;
  if (existsSync(file)) {
    const old = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
    // Newest retired first; the public part is written before the private part is deleted.
    writeRetired(dir, [publicPart(old), ...readRetired(dir)]);
    rmSync(file);
    retired = old.kid;
  }
  const signer = await loadReceiptSigner(dir);
  return { retired, current: signer.publicJwk.kid as string };
}
