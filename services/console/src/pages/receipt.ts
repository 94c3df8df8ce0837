/**
 * Checks a consent receipt (compact JWS, ES256) in the browser against the published key set
 * (`consentReceiptKeys`), with WebCrypto: the resident need not trust the page's word for it.
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

export interface ReceiptCheck {
  readonly valid: boolean;
  readonly kid: string | null;
  readonly event: string | null;
  /** The consent the receipt names (a valid receipt of another consent proves nothing about this one). */
  readonly consentId: string | null;
}

export async function checkReceipt(jws: string, keySet: { keys: Jwk[] }): Promise<ReceiptCheck> {
  const [header, payload, signature] = jws.split('.');
  if (!header || !payload || !signature) return { valid: false, kid: null, event: null, consentId: null };
  const { kid, alg } = JSON.parse(new TextDecoder().decode(bytes(header))) as { kid?: string; alg?: string };
  const jwk = keySet.keys.find((k) => k.kid === kid);
  if (alg !== 'ES256' || !jwk) return { valid: false, kid: kid ?? null, event: null, consentId: null };
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
  const signed = JSON.parse(new TextDecoder().decode(bytes(payload))) as { event?: string; consent?: { id?: string } };
  return { valid, kid: kid ?? null, event: signed.event ?? null, consentId: signed.consent?.id ?? null };
}
