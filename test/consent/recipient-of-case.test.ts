/**
 * A consent naming a case names as recipient the agency that handles it (its service's), through both
 * doors alike: `grantConsent` refuses another with BAD_USER_INPUT on `input.recipient`, and a consent
 * manager's grant event goes to the dead-letter queue as RECIPIENT_NOT_OF_CASE, with the same reason
 * (one lifecycle module, services/consent/lifecycle.ts). case-0007 is p-0007's, handled by gd-hrss.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../connectors/pipeline/dead-letter.js';
import { drain } from '../../connectors/pipeline/drain.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { signedBinary } from '../support/partner-signing.js';
import { seededEngines } from '../support/seeded-engines.js';

const events = seededEngines({ pollIntervalMs: 5 });
let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

const GRANT = 'mutation G($input: GrantConsentInput!) { grantConsent(input: $input) { consent { id } } }';

/** Through the gateway, as p-0007 with a dev identity provider token: null, or [code, field, reason]. */
async function byApi(recipient: string, kase: string | null): Promise<string[] | null> {
  const input = {
    controller: 'hk-dpo',
    recipient,
    purpose: 'social-security-enrolment',
    dataCategories: ['IDENTITY'],
    expiresAt: '2026-12-31T23:59:59+08:00',
    ...(kase ? { case: kase } : {}),
  };
  const headers = { authorization: `Bearer ${await fx.idp.token('p-0007')}` };
  const answer = (await (await fx.query(GRANT, { variables: { input }, headers })).json()) as {
    errors?: { extensions: { code: string; field: string; reason: string } }[];
  };
  const e = answer.errors?.[0]?.extensions;
  return e ? [e.code, e.field, e.reason] : null;
}

let n = 0;
/** As iAM Smart's grant event for p-0007: null, or [reason code, dead letter's message]. */
async function byEvent(recipient: string, kase: string | null): Promise<string[] | null> {
  n++;
  const event = {
    specversion: '1.0',
    id: `recipient-of-case-${n}`,
    source: 'urn:gba:hk:dpo:iamsmart',
    type: 'hk.iamsmart.consent.granted',
    subject: `con-recipient-${n}`,
    time: '2026-10-01T09:00:00+08:00',
    datacontenttype: 'application/json',
    data: {
      consentId: `con-recipient-${n}`,
      subjectRef: 'p-0007',
      controllerId: 'hk-dpo',
      recipientId: recipient,
      recipientJurisdiction: recipient.startsWith('hk-') ? 'HK' : 'GD',
      purpose: 'social-security-enrolment',
      dataCategories: ['identity'],
      legalBasis: 'consent',
      grantedAt: '2026-10-01T09:00:00+08:00',
      expiresAt: '2027-10-01T09:00:00+08:00',
      caseId: kase,
      channel: 'iamsmart-app',
    },
  };
  const { transport } = events;
  const toBinary = signedBinary(events.partnerKeys);
  const published = (await transport.publish(TOPICS.inboundHk, [toBinary(event)])).map((p) => ({
    topic: TOPICS.inboundHk,
    ...p,
  }));
  const log = pino({ level: 'silent' });
  const summary = await drain({ ...events, published, log, now: () => new Date('2026-11-15') });
  const [code] = Object.keys(summary.rejected);
  if (!code) return summary.applied === 1 ? null : ['NOT APPLIED'];
  const letter = (await transport.readAll(TOPICS.dlq)).findLast((m) => m.headers[DLQ_HEADERS.eventId] === event.id);
  return [code, letter?.headers[DLQ_HEADERS.message] ?? ''];
}

describe('the recipient of a consent for a case, through both doors', () => {
  it.each([
    ['the agency of the case’s service', 'gd-hrss', 'case-0007', false],
    ['another agency of the handling side', 'gd-psd', 'case-0007', true],
    ['an agency of the other side', 'hk-td', 'case-0007', true],
    ['another agency, in a consent naming no case', 'gd-psd', null, false],
  ] as const)('%s (%s, %s): refused %s', async (_title, recipient, kase, refused) => {
    const api = await byApi(recipient, kase);
    const event = await byEvent(recipient, kase);
    if (!refused) {
      expect(api).toBeNull();
      expect(event).toBeNull();
      return;
    }
    const reason = `${recipient} does not handle case ${kase}; the recipient of a consent for a case is the agency of its service (gd-hrss)`;
    expect(api).toEqual(['BAD_USER_INPUT', 'input.recipient', reason]);
    // Each door names its own field: the API's input, the partner's payload.
    expect(event).toEqual(['RECIPIENT_NOT_OF_CASE', `data.recipientId: ${reason}`]);
  });
});
