/** Verified tokens are remembered until their own expiry (and a bound); refusals never are. */
import { describe, expect, it } from 'vitest';
import type { Authenticator, Principal } from '../../services/identity/authenticator.port.js';
import { CachingAuthenticator } from '../../services/identity/caching-authenticator.js';
import { unauthenticated } from '../../services/identity/unauthenticated.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = (claims: Record<string, unknown>, sig = 'sig') => `${b64({ alg: 'RS256' })}.${b64(claims)}.${sig}`;
const principal: Principal = {
  subject: 's',
  clientId: 'gba-cli',
  roles: ['official'],
  jurisdiction: 'HK',
  agency: 'hk-td',
};

function counting(refuse: (t: string) => boolean = () => false) {
  const calls: string[] = [];
  const inner: Authenticator = {
    authenticate: async (t) => {
      calls.push(t);
      if (refuse(t)) throw unauthenticated('bad signature');
      return principal;
    },
  };
  return { inner, calls };
}

describe('CachingAuthenticator', () => {
  it('verifies a token once, then answers from memory until it expires', async () => {
    let now = 1_000_000_000_000;
    const { inner, calls } = counting();
    const auth = new CachingAuthenticator(inner, { now: () => now });
    const t = token({ exp: now / 1000 + 60 });
    for (let i = 0; i < 5; i++) expect(await auth.authenticate(t)).toBe(principal);
    expect(calls).toHaveLength(1);
    now += 61_000;
    await auth.authenticate(t);
    expect(calls).toHaveLength(2);
  });

  it('trusts a verification for at most maxAgeSeconds, even for a long-lived token', async () => {
    let now = 1_000_000_000_000;
    const { inner, calls } = counting();
    const auth = new CachingAuthenticator(inner, { now: () => now, maxAgeSeconds: 10 });
    const t = token({ exp: now / 1000 + 3600 });
    await auth.authenticate(t);
    now += 11_000;
    await auth.authenticate(t);
    expect(calls).toHaveLength(2);
  });

  it('never remembers a refusal, nor a token without exp', async () => {
    const { inner, calls } = counting((t) => t.endsWith('.forged'));
    const auth = new CachingAuthenticator(inner);
    const forged = token({ exp: Date.now() / 1000 + 60 }, 'forged');
    for (let i = 0; i < 3; i++)
      await expect(auth.authenticate(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(calls).toHaveLength(3);
    const noExp = token({});
    await auth.authenticate(noExp);
    await auth.authenticate(noExp);
    expect(calls).toHaveLength(5);
  });

  it('keeps at most maxEntries tokens, forgetting the oldest', async () => {
    const { inner, calls } = counting();
    const auth = new CachingAuthenticator(inner, { maxEntries: 2 });
    const exp = Date.now() / 1000 + 60;
    const [a, b, c] = ['a', 'b', 'c'].map((s) => token({ exp, s }));
    for (const t of [a, b, c, b, c, a] as string[]) await auth.authenticate(t);
    // a was forgotten when c came; b and c were still known.
    expect(calls.length).toBe(4);
  });
});
