/**
 * A consent naming no case serves a case only if its controller holds the case's data (the case's
 * origin jurisdiction, or a province covering it), as a consent naming the case must
 * (CONTROLLER_NOT_OF_CASE, services/consent/lifecycle.ts). Issue 16. case-0002 is p-0005's, from
 * Guangzhou (GZ), handled by hk-td under svc-hk-td-direct-issue-dl (purpose licence-conversion); its
 * own consent con-0002 expired on 2026-01-08, before the fixture's clock. Each row: p-0005 grants hk-td,
 * through the gateway, a consent for licence-conversion naming no case with the row's controller;
 * then hk-official (hk-td) reads case-0002's applicant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

const GRANT = 'mutation G($input: GrantConsentInput!) { grantConsent(input: $input) { consent { id } } }';
const REVOKE = 'mutation R($id: ID!) { revokeConsent(id: $id) { consent { id } } }';
const CASE = 'query C($id: ID!) { case(id: $id) { id applicant { idNumber } } }';

const as = async (who: string) => ({ authorization: `Bearer ${await fx.idp.token(who)}` });

// [controller, its jurisdiction, whether hk-td then sees case-0002's id number]
const ROWS: [string, string, boolean][] = [
  ['sz-gov-data-bureau', 'SZ', false],
  ['mo-safp', 'MO', false],
  ['gz-gov-data-bureau', 'GZ', true],
  ['gd-psd', 'GD (covers GZ)', true],
];

describe('a consent naming no case, for the case of another controller', () => {
  it.each(ROWS)('controller %s (%s): hk-td sees case-0002 applicant: %s', async (controller, _j, sees) => {
    const input = {
      controller,
      recipient: 'hk-td',
      purpose: 'licence-conversion',
      dataCategories: ['IDENTITY'],
      expiresAt: '2026-12-31T23:59:59+08:00',
    };
    const granted = (await (await fx.query(GRANT, { variables: { input }, headers: await as('p-0005') })).json()) as {
      data?: { grantConsent?: { consent: { id: string } } };
      errors?: unknown[];
    };
    expect(granted.errors).toBeUndefined();
    const id = granted.data?.grantConsent?.consent.id as string;
    try {
      const read = (await (
        await fx.query(CASE, { variables: { id: 'case-0002' }, headers: await as('hk-official') })
      ).json()) as {
        data: { case: { applicant: { idNumber: string | null } } | null };
      };
      expect(read.data.case?.applicant.idNumber !== null).toBe(sees);
    } finally {
      await fx.query(REVOKE, { variables: { id }, headers: await as('p-0005') });
    }
  });
});
