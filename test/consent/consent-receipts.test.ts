/**
 * Every consent is stored with the signed receipt of each change, whichever door made it (the seed,
 * grantConsent, a partner event, an approved consent request, a revocation), and `Consent.receipt`
 * gives it to the subject only. Receipts verify against the published key set, a rotated key's too.
 */
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBinary } from '../../connectors/pipeline/cloudevents.js';
import { drain } from '../../connectors/pipeline/drain.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { loadReceiptSigner, rotateReceiptKey } from '../../services/consent/receipts.js';
import { answerAs, FIXTURE_NOW, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const transport = new SqliteEventLog({ path: join(dir.path, 'events.db') });
let fx: GatewayFixture;
beforeAll(async () => {
  await transport.ensureTopics(TOPIC_SPECS);
  fx = await startGatewayFixture();
});
afterAll(async () => {
  await fx.close();
  await transport.close();
  dir.remove();
});

const as = answerAs(() => fx);

const MINE = '{ myConsents { id version receipt receipts } }';

/** The subject's consent as listed, with each of its receipts verified against the published key set. */
async function listedWithReceipts(subject: string, id: string) {
  const a = await as(subject, MINE);
  expect(a.errors).toBeUndefined();
  const consent = a.data.myConsents.find((c: { id: string }) => c.id === id);
  const keys = createLocalJWKSet(JSON.parse((await as(null, '{ consentReceiptKeys }')).data.consentReceiptKeys));
  const events = [];
  for (const jws of consent.receipts as string[]) {
    const { payload } = await compactVerify(jws, keys);
    const signed = JSON.parse(new TextDecoder().decode(payload));
    // A receipt names its own consent, and never carries the receipts kept beside it.
    expect(signed.consent.id).toBe(id);
    expect(signed.consent).not.toHaveProperty('receipts');
    events.push(signed.event);
  }
  expect(consent.receipt).toBe(consent.receipts.at(-1));
  return { consent, events };
}

/** An iAM Smart grant for p-0002 (case-0012), through the connectors as a partner sends it. */
async function partnerGrant(id: string): Promise<void> {
  const event = {
    specversion: '1.0',
    id: `grant-${id}`,
    source: 'urn:gba:hk:dpo:iamsmart',
    type: 'hk.iamsmart.consent.granted',
    subject: id,
    time: '2026-02-20T10:00:00+08:00',
    datacontenttype: 'application/json',
    data: {
      consentId: id,
      subjectRef: 'p-0002',
      controllerId: 'hk-dpo',
      recipientId: 'gz-gov-data-bureau',
      recipientJurisdiction: 'GZ',
      purpose: 'identity-verification',
      dataCategories: ['identity'],
      legalBasis: 'consent',
      grantedAt: '2026-02-20T10:00:00+08:00',
      expiresAt: '2027-02-20T23:59:59+08:00',
      caseId: 'case-0012',
      channel: 'iamsmart-app',
    },
  };
  const sent = await transport.publish(TOPICS.inboundHk, [toBinary(event)]);
  const published = sent.map((s) => ({ topic: TOPICS.inboundHk, ...s }));
  const log = pino({ level: 'silent' });
  const summary = await drain({ published, transport, store: fx.store, audit: fx.audit, receipts: fx.receipts, log });
  expect(summary).toMatchObject({ applied: 1, rejected: {} });
}

describe('receipts kept with every consent', () => {
  it.each([
    { door: 'the seed, a grant', subject: 'p-0004', id: 'con-0001', events: ['granted'] },
    { door: 'the seed, a revoked consent', subject: 'p-0007', id: 'con-0004', events: ['revoked'] },
  ])('$door: the subject reads a receipt that verifies', async ({ subject, id, events }) => {
    expect((await listedWithReceipts(subject, id)).events).toEqual(events);
  });

  it('grantConsent and revokeConsent: each change adds its receipt, the one the mutation returned', async () => {
    const GRANT = `mutation G($input: GrantConsentInput!) { grantConsent(input: $input) { receipt consent { id } } }`;
    const input = {
      controller: 'gd-psd',
      recipient: 'hk-td',
      purpose: 'licence-conversion',
      dataCategories: ['CONTACT'],
      expiresAt: '2026-12-31T23:59:59+08:00',
      case: 'case-0001',
    };
    const granted = (await as('p-0004', GRANT, { input })).data.grantConsent;
    expect((await listedWithReceipts('p-0004', granted.consent.id)).consent.receipt).toBe(granted.receipt);
    const REVOKE = 'mutation R($id: ID!) { revokeConsent(id: $id) { receipt } }';
    const revoked = (await as('p-0004', REVOKE, { id: granted.consent.id })).data.revokeConsent;
    const listed = await listedWithReceipts('p-0004', granted.consent.id);
    expect(listed.events).toEqual(['granted', 'revoked']);
    expect(listed.consent.receipt).toBe(revoked.receipt);
  });

  it('a partner event: the grant it makes is stored with a receipt the platform signed', async () => {
    await partnerGrant('con-iamsmart-receipt');
    expect((await listedWithReceipts('p-0002', 'con-iamsmart-receipt')).events).toEqual(['granted']);
  });

  it('an approved consent request: its consent holds the receipt the answer returned', async () => {
    const REQUEST = 'mutation R($input: RequestConsentInput!) { requestConsent(input: $input) { id } }';
    const input = {
      case: 'case-0002',
      categories: ['IDENTITY'],
      purpose: 'licence-conversion',
      expiresAt: '2026-12-31T23:59:59+08:00',
    };
    const id = (await as('hk-official', REQUEST, { input })).data.requestConsent.id;
    const ANSWER = `mutation A($input: AnswerConsentRequestInput!) {
      answerConsentRequest(input: $input) { receipt consent { id } } }`;
    const answer = (await as('p-0005', ANSWER, { input: { id, decision: 'APPROVE' } })).data.answerConsentRequest;
    const listed = await listedWithReceipts('p-0005', answer.consent.id);
    expect(listed).toMatchObject({ events: ['granted'], consent: { receipt: answer.receipt } });

    // The requesting official reaches the same consent through the request, but not its receipt.
    const THEIRS = '{ consentRequests(first: 100) { edges { node { id consent { id receipt receipts } } } } }';
    const theirs = await as('hk-official', THEIRS);
    const node = theirs.data.consentRequests.edges
      .map((e: { node: unknown }) => e.node)
      .find((n: { id: string }) => n.id === id);
    expect(node.consent).toEqual({ id: answer.consent.id, receipt: null, receipts: null });
  });
});

describe('receipts after a key rotation', () => {
  it('a receipt signed before the rotation still verifies against the new key set, by its kid', async () => {
    const keys = tempDir();
    try {
      const before = loadReceiptSigner(keys.path);
      const [seeded] = await fx.store.getByIds('Consent', ['con-0001']);
      const jws = before.sign('granted', seeded as NonNullable<typeof seeded>, FIXTURE_NOW);
      const { retired } = await rotateReceiptKey(keys.path);
      const after = loadReceiptSigner(keys.path);
      expect(after.publicJwk.kid).not.toBe(retired);
      const { protectedHeader } = await compactVerify(jws, createLocalJWKSet({ keys: [...after.publicJwks] }));
      expect(protectedHeader.kid).toBe(retired);
    } finally {
      keys.remove();
    }
  });
});
