/**
 * The consent subgraph's log names no resident (services/shared/personal-text.ts): a grant and a
 * revocation through the gateway and the subgraph's real HTTP server are logged with the person as the
 * connectors' keyed pseudonym under the deployment's secret, and no person id anywhere in the output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logPseudonym } from '../../services/shared/personal-text.js';
import { contactForHkTd } from '../support/fixtures.js';
import { answerAs, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

const SECRET = 'consent-logs-test-secret-0123456789';
let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture({ hardening: { gatewaySecret: SECRET } });
});
afterAll(() => fx.close());

const as = answerAs(() => fx);
const GRANT = 'mutation G($input: GrantConsentInput!) { grantConsent(input: $input) { consent { id } } }';
const REVOKE = 'mutation R($id: ID!) { revokeConsent(id: $id) { consent { id state } } }';

describe('the consent subgraph’s log', () => {
  it('names the resident of a grant and a revocation by their pseudonym only', async () => {
    const granted = await as('p-0004', GRANT, { input: contactForHkTd });
    expect(granted.errors).toBeUndefined();
    const { id } = granted.data.grantConsent.consent;
    expect((await as('p-0004', REVOKE, { id })).data.revokeConsent.consent.state).toBe('REVOKED');

    const lines = fx.logs();
    const changes = lines.filter((l) => l.subgraph === 'consent' && l.consentId === id);
    expect(changes.map(({ msg, person }) => ({ msg, person }))).toEqual([
      { msg: 'consent granted', person: logPseudonym(SECRET)('p-0004') },
      { msg: 'consent revoked', person: logPseudonym(SECRET)('p-0004') },
    ]);
    expect(changes.every((l) => !('subject' in l))).toBe(true);
    expect(JSON.stringify(lines)).not.toMatch(/\bp-\d{4}\b/);
  });
});
