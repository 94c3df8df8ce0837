/**
 * Signed receipts (JWS, ES256) of each consent grant and revocation, so a resident holds proof of
 * what they agreed to and when they withdrew it. The key is generated on first start and kept in
 * `DATA_DIR/receipts/signing-key.json` (mode 0600); the public key is published for verification.
 * A rotation (`gba keys rotate-receipts`) retires the key: its private part is deleted and its public
 * part added to `retired-keys.json` (a JWK Set, created empty beside a new key, so a Kubernetes Secret
 * can always name both files), and receipts signed before still verify, by their `kid`, against the
 * published key set.
 */
import { createPrivateKey, generateKeyPairSync, type JsonWebKey, randomUUID, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { Consent } from '../../schema/domain/index.js';
import { canonical } from './audit/canonical.js';

/** The change a receipt attests: a grant (or a narrowing re-grant), a revocation, an earlier end. */
export type ReceiptEvent = 'granted' | 'revoked' | 'expired';

export interface ReceiptSigner {
  /** The key receipts are signed with now. */
  readonly publicJwk: JWK;
  /** Every key a receipt may have been signed with: the current one first, then the retired ones. */
  readonly publicJwks: readonly JWK[];
  /**
   * A compact JWS over `{ event, at, consent }` (the consent without its own receipts). Synchronous, so
   * the event pipeline can sign inside the batch it commits, as the API does.
   */
  sign(event: ReceiptEvent, consent: Consent, at: Date): string;
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/**
 * The consent with the receipt of this change appended: every change is stored with its proof, so a
 * resident can check any of their consents later, not only one they have just changed.
 */
export function withReceipt(signer: ReceiptSigner, event: ReceiptEvent, consent: Consent, at: Date): Consent {
  return { ...consent, receipts: [...consent.receipts, signer.sign(event, consent, at)] };
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

function createKey(file: string): void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(file, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'ES256' }), {
    mode: 0o600,
  });
}

/** Synchronous (node:crypto), so a test's or a tool's set-up can open it where it opens its stores. */
export function loadReceiptSigner(dir: string): ReceiptSigner {
  const file = join(dir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    createKey(file);
  }
  if (!existsSync(join(dir, RETIRED_FILE))) writeRetired(dir, []);
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  const key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const current = publicPart(jwk);
  const header = b64url(JSON.stringify({ alg: 'ES256', kid: jwk.kid, typ: 'gba-consent-receipt+jws' }));
  return {
    publicJwk: current,
    publicJwks: [current, ...readRetired(dir)],
    sign(event, { receipts: _earlier, ...consent }, at) {
      const input = `${header}.${b64url(canonical({ event, at: at.toISOString(), consent }))}`;
      // JWS ES256 wants the raw r‖s signature (RFC 7518 §3.4), not DER.
      return `${input}.${b64url(sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }))}`;
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
  const signer = loadReceiptSigner(dir);
  return { retired, current: signer.publicJwk.kid as string };
}
