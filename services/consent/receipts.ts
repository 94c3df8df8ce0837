/**
 * Signed receipts (JWS, ES256) of each consent grant and revocation, so a resident holds proof of
 * what they agreed to and when they withdrew it. The key is generated on first start and kept in
 * `DATA_DIR/receipts/signing-key.json` (mode 0600); the public key is published for verification.
 * A rotation (`gba keys rotate-receipts`) retires the key: its private part is deleted and its public
 * part added to `retired-keys.json` (a JWK Set, created empty beside a new key, so a Kubernetes Secret
 * can always name both files), and receipts signed before still verify, by their `kid`, against the
 * published key set.
 *
 * A batch of changes (the event pipeline commits many at once) is signed once: each receipt is then
 * `<root JWS>~<leaf>~<path>`, the root JWS (typ `gba-consent-receipts-root+jws`) signing the root of
 * a hash tree (receipt-tree.ts) over the batch's leaves, the leaf being the base64url of what a single
 * receipt signs plus a random salt (so the sibling hashes in a path tell nothing of other residents'
 * consents), the path the sibling hashes up to the root. docs/residents-centre.md shows the check.
 */
import { createPrivateKey, generateKeyPairSync, type JsonWebKey, randomBytes, randomUUID, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { type Consent, Consent as ConsentModel } from '../../schema/domain/index.js';
import { canonical, canonicalEncoder } from './audit/canonical.js';
import { receiptTree } from './receipt-tree.js';

/** The change a receipt attests: a grant (or a narrowing re-grant), a revocation, an earlier end. */
export type ReceiptEvent = 'granted' | 'revoked' | 'expired';

/**
 * One change to sign: the consent as it is after the change, and `at`, when the platform recorded the
 * change (whichever door made it; when it takes effect is in the consent: grantedAt, revokedAt,
 * expiresAt). So a consent's receipts, oldest first, never run backwards in time.
 */
export interface ReceiptItem {
  readonly event: ReceiptEvent;
  readonly consent: Consent;
  readonly at: Date;
}

/** The `typ` of a single receipt's JWS, and of the JWS over a batch's root. */
export const RECEIPT_TYP = 'gba-consent-receipt+jws';
export const ROOT_TYP = 'gba-consent-receipts-root+jws';

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
  /**
   * The receipts of many changes, in order, for one signature: a single change gets a plain receipt
   * (as `sign`), two or more get receipts under one signed root (see the module's comment).
   */
  signAll(items: readonly ReceiptItem[]): string[];
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/**
 * The consent with the receipt of this change appended: every change is stored with its proof, so a
 * resident can check any of their consents later, not only one they have just changed.
 */
export function withReceipt(signer: ReceiptSigner, event: ReceiptEvent, consent: Consent, at: Date): Consent {
  return { ...consent, receipts: [...consent.receipts, signer.sign(event, consent, at)] };
}

/**
 * What a receipt signs: canonical({ event, at, consent }) with the consent's own receipts left out, and
 * with `salt` for a leaf of a batch's tree (`{ event, at, consent, salt }`). Written in canonical key
 * order directly (at, consent, event, salt: each present, none undefined), the same bytes without the
 * copies of the consent and of the item that canonical() of them took (test/consent/receipt-bytes.test.ts).
 */
/** canonical() of a consent without its receipts, made for the model's shape (a field it lacks goes the slow way). */
const encodeConsent = canonicalEncoder(Object.keys(ConsentModel.shape), {}, { omitted: 'receipts' });

export function signedText({ event, consent, at }: ReceiptItem, salt: string | null): string {
  const head = `{"at":${JSON.stringify(at.toISOString())},"consent":${encodeConsent(consent)},"event":${JSON.stringify(event)}`;
  return salt === null ? `${head}}` : `${head},"salt":${JSON.stringify(salt)}}`;
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
  const header = (typ: string) => b64url(JSON.stringify({ alg: 'ES256', kid: jwk.kid, typ }));
  const single = header(RECEIPT_TYP);
  const batch = header(ROOT_TYP);
  // JWS ES256 wants the raw r‖s signature (RFC 7518 §3.4), not DER.
  const jws = (head: string, payload: Uint8Array | string) => {
    const input = `${head}.${b64url(payload)}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }))}`;
  };
  const signOne = (item: ReceiptItem) => jws(single, signedText(item, null));
  return {
    publicJwk: current,
    publicJwks: [current, ...readRetired(dir)],
    sign: (event, consent, at) => signOne({ event, consent, at }),
    signAll(items) {
      if (items.length < 2) return items.map(signOne);
      const salts = randomBytes(16 * items.length);
      const leaves = items.map((item, i) =>
        Buffer.from(signedText(item, salts.subarray(16 * i, 16 * i + 16).toString('base64url'))),
      );
      const tree = receiptTree(leaves);
      const root = jws(batch, canonical({ root: b64url(tree.root), leaves: leaves.length }));
      return leaves.map((leaf, i) => `${root}~${leaf.toString('base64url')}~${tree.paths[i]}`);
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
