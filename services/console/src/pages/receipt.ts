/**
 * Checks a consent receipt in the browser against the published key set (`consentReceiptKeys`), with
 * WebCrypto: the resident need not trust the page's word for it. A receipt is either a compact JWS
 * (ES256) over the change, or, for a change signed with the rest of its batch, `<root JWS>~<leaf>~<path>`:
 * the leaf hashed up its path must give the root the JWS signs (services/consent/receipts.ts and
 * receipt-tree.ts make them; the hashing here must stay the same as there).
 */
interface Jwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid?: string;
}

const bytes = (b64url: string) =>
  Uint8Array.from(atob(b64url.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));

const text = (b64url: string) => new TextDecoder().decode(bytes(b64url));

const b64url = (data: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(data)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

export interface ReceiptCheck {
  readonly valid: boolean;
  readonly kid: string | null;
  readonly event: string | null;
  /** The consent the receipt names (a valid receipt of another consent proves nothing about this one). */
  readonly consentId: string | null;
  /** What the signed consent says, to compare with what the page shows. */
  readonly terms?: { readonly purpose?: string; readonly dataCategories?: readonly string[] };
  /** Why a receipt whose signature holds is still not this consent's: another consent, or other terms. */
  readonly mismatch?: 'other-consent' | 'other-terms';
}

/** SHA-256 of a prefix byte (0 for a leaf, 1 for an inner node) and the parts, as receipt-tree.ts. */
async function hashed(prefix: number, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const all = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  all[0] = prefix;
  let at = 1;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

/** One step up a path: the side of the sibling, then its SHA-256 in base64url (43 characters). */
const STEP = /^[LR][A-Za-z0-9_-]{43}$/;

/** The root a batch receipt's leaf leads to along its path, in base64url; throws on a malformed step. */
async function rootOf(leaf: string, path: string): Promise<string> {
  let hash = await hashed(0, bytes(leaf));
  for (const step of path ? path.split('.') : []) {
    if (!STEP.test(step)) throw new Error('malformed step in a receipt path');
    const sibling = bytes(step.slice(1));
    hash = step[0] === 'L' ? await hashed(1, sibling, hash) : await hashed(1, hash, sibling);
  }
  return b64url(hash.buffer as ArrayBuffer);
}

/**
 * Whether the JWS verifies against its key in the set; the key id and the signed payload's text. Its
 * `typ` must be the one expected, so a batch's root never passes for a receipt, nor the reverse.
 */
async function verifyJws(jws: string, keySet: { keys: Jwk[] }, typ: string) {
  const [header, payload, signature] = jws.split('.');
  if (!header || !payload || !signature) return { valid: false, kid: null, payload: null };
  const head = JSON.parse(text(header)) as { kid?: string; alg?: string; typ?: string };
  const kid = head.kid ?? null;
  const jwk = keySet.keys.find((k) => k.kid === kid);
  if (head.alg !== 'ES256' || head.typ !== typ || !jwk) return { valid: false, kid, payload: null };
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  // A JWS's ES256 signature is r‖s, the form WebCrypto takes.
  const valid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    bytes(signature),
    new TextEncoder().encode(`${header}.${payload}`),
  );
  return { valid, kid, payload: text(payload) };
}

const INVALID: ReceiptCheck = { valid: false, kid: null, event: null, consentId: null };

/** Whether a receipt verifies, and what it names; a malformed receipt is invalid, never an exception. */
export async function checkReceipt(receipt: string, keySet: { keys: Jwk[] }): Promise<ReceiptCheck> {
  try {
    return await check(receipt, keySet);
  } catch {
    return INVALID;
  }
}

async function check(receipt: string, keySet: { keys: Jwk[] }): Promise<ReceiptCheck> {
  const [jws = '', leaf, path, ...rest] = receipt.split('~');
  const batched = leaf !== undefined;
  if (batched && (path === undefined || rest.length > 0)) return INVALID;
  const checked = await verifyJws(jws, keySet, batched ? 'gba-consent-receipts-root+jws' : 'gba-consent-receipt+jws');
  if (checked.payload === null) return { valid: false, kid: checked.kid, event: null, consentId: null };
  let valid = checked.valid;
  let content = checked.payload;
  if (batched) {
    const { root } = JSON.parse(checked.payload) as { root?: string };
    valid = valid && root === (await rootOf(leaf, path as string));
    content = text(leaf);
  }
  const signed = JSON.parse(content) as {
    event?: string;
    consent?: { id?: string; purpose?: string; dataCategories?: string[] };
  };
  const { purpose, dataCategories } = signed.consent ?? {};
  return {
    valid,
    kid: checked.kid,
    event: signed.event ?? null,
    consentId: signed.consent?.id ?? null,
    terms: { purpose, dataCategories },
  };
}

/** A consent as the page shows it: what its receipt must say too. */
export interface Shown {
  readonly id: string;
  readonly purpose?: string;
  /** As the API names them (IDENTITY, DRIVING_RECORD); receipts sign the data set's (identity, driving-record). */
  readonly dataCategories?: readonly string[];
}

const asEnum = (category: string) => category.toUpperCase().replaceAll('-', '_');
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * A check of the receipt against the consent it is listed under. A receipt whose signature holds is
 * still not valid here when it names another consent, or other terms (purpose, categories) than the
 * page shows: the receipt is what the resident can trust when the page's data cannot be.
 */
export async function checkFor(shown: Shown, jws: string, keys: Parameters<typeof checkReceipt>[1]) {
  const check = await checkReceipt(jws, keys);
  if (!check.valid) return check;
  if (check.consentId !== shown.id) return { ...check, valid: false, mismatch: 'other-consent' as const };
  const signed = check.terms ?? {};
  const otherPurpose = shown.purpose !== undefined && signed.purpose !== shown.purpose;
  const otherData =
    shown.dataCategories !== undefined && !sameSet((signed.dataCategories ?? []).map(asEnum), shown.dataCategories);
  if (otherPurpose || otherData) return { ...check, valid: false, mismatch: 'other-terms' as const };
  return check;
}
