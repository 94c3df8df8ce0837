/**
 * Remembers verified tokens, so a token an official sends with every request is verified once per
 * process rather than at each request and at each hop (gateway, then subgraph): an RS256 verification
 * is a quarter of a millisecond here. A remembered token is served only until its own `exp`, and for
 * at most `maxAgeSeconds`; refusals are never remembered; the oldest entries go first past `maxEntries`.
 */
import type { Authenticator, Principal } from './authenticator.port.js';

export interface CachingOptions {
  /** @default 10000 */
  readonly maxEntries?: number;
  /** Longest a verification is trusted, whatever the token's own expiry. @default 300 */
  readonly maxAgeSeconds?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly principal: Principal;
  /** Milliseconds since the epoch. */
  readonly until: number;
}

function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export class CachingAuthenticator implements Authenticator {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: Authenticator,
    { maxEntries = 10_000, maxAgeSeconds = 300, now = Date.now }: CachingOptions = {},
  ) {
    this.maxEntries = maxEntries;
    this.maxAgeMs = maxAgeSeconds * 1000;
    this.now = now;
  }

  async authenticate(token: string): Promise<Principal> {
    const at = this.now();
    const hit = this.entries.get(token);
    if (hit && hit.until > at) return hit.principal;
    if (hit) this.entries.delete(token);
    const principal = await this.inner.authenticate(token);
    const exp = expiryOf(token);
    // Verified means the signature and `exp` held; without an `exp` nothing is remembered.
    if (exp !== undefined) {
      this.entries.set(token, { principal, until: Math.min(exp, at + this.maxAgeMs) });
      if (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return principal;
  }
}
