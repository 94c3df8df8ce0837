/**
 * principalOf verifies a request's token once per authenticator: the gateway and a subgraph of its
 * process it hands the request over to share one verification when they share the authenticator
 * (`gba start`), and a step whose authenticator differs (another audience, say) never takes the
 * other's verdict for its own.
 */
import { describe, expect, it } from 'vitest';
import type { Authenticator, Principal } from '../../services/identity/authenticator.port.js';
import { principalOf } from '../../services/identity/bearer.js';
import { unauthenticated } from '../../services/identity/unauthenticated.js';

const OFFICIAL: Principal = { subject: 's-1', clientId: 'gba-console', roles: ['official'] };

/** An authenticator that accepts `accepted` only, counting what it was asked. */
function counting(accepted: string) {
  const asked: string[] = [];
  const authenticator: Authenticator = {
    authenticate: async (token) => {
      asked.push(token);
      if (token !== accepted) throw unauthenticated('not for this audience');
      return OFFICIAL;
    },
  };
  return { authenticator, asked };
}

const request = () => new Request('http://gateway.test/graphql', { headers: { authorization: 'Bearer tok-a' } });

describe('principalOf', () => {
  it('verifies a request once for one authenticator, however many steps ask', async () => {
    const { authenticator, asked } = counting('tok-a');
    const r = request();
    expect(await principalOf(r, authenticator)).toBe(OFFICIAL);
    expect(await principalOf(r, authenticator)).toBe(OFFICIAL);
    expect(asked).toEqual(['tok-a']);
  });

  it('verifies again for another authenticator, which may refuse what the first accepted', async () => {
    const gateway = counting('tok-a');
    const subgraph = counting('tok-b');
    const r = request();
    expect(await principalOf(r, gateway.authenticator)).toBe(OFFICIAL);
    await expect(principalOf(r, subgraph.authenticator)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(subgraph.asked).toEqual(['tok-a']);
  });
});
