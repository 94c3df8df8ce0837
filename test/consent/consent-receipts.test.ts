/**
 * Every consent is stored with the signed receipt of each change, whichever door made it (the seed,
 * grantConsent, a partner event, an approved consent request, a revocation), and `Consent.receipt`
 * gives it to the subject only. Receipts verify against the published key set, a rotated key's too,
 * by the residents' centre's own check (the console's receipt.ts, run here as the browser runs it),
 * those of a partner batch signed once under one root too.
 */
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { loadReceiptSigner, rotateReceiptKey } from '../../services/consent/receipts.js';
import { checkFor, checkReceipt, type Shown } from '../../services/console/src/pages/receipt.js';
import { drainInto } from '../support/fixture-drain.js';
import { contactForHkTd } from '../support/fixtures.js';
import { answerAs, FIXTURE_NOW, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { signedBinary } from '../support/partner-signing.js';
import { iamSmartGrant } from '../support/pipeline-events.js';
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

/** The published key set, as the residents' centre fetches it. */
const keySet = async () => JSON.parse((await as(null, '{ consentReceiptKeys }')).data.consentReceiptKeys);

/** The subject's consent as listed, with each of its receipts verified against the published key set. */
async function listedWithReceipts(subject: string, id: string) {
  const a = await as(subject, MINE);
  expect(a.errors).toBeUndefined();
  const consent = a.data.myConsents.find((c: { id: string }) => c.id === id);
  const set = await keySet();
  const events = [];
  for (const receipt of consent.receipts as string[]) {
    const check = await checkReceipt(receipt, set);
    // A receipt names its own consent.
    expect(check).toMatchObject({ valid: true, consentId: id });
    if (!receipt.includes('~')) {
      // A single receipt is a plain JWS any JOSE library verifies, and never carries the receipts kept beside it.
      const signed = JSON.parse(
        new TextDecoder().decode((await compactVerify(receipt, createLocalJWKSet(set))).payload),
      );
      expect(signed.consent).not.toHaveProperty('receipts');
    }
    events.push(check.event);
  }
  expect(consent.receipt).toBe(consent.receipts.at(-1));
  return { consent, events };
}

/** An iAM Smart grant for p-0002 (case-0012), as a partner sends it. */
const grantEvent = (id: string) => iamSmartGrant(id, '2026-02-20T10:00:00+08:00');

const revokeEvent = (id: string) => ({
  specversion: '1.0',
  id: `revoke-${id}`,
  source: 'urn:gba:hk:dpo:iamsmart',
  type: 'hk.iamsmart.consent.revoked',
  subject: id,
  time: '2026-02-21T10:00:00+08:00',
  datacontenttype: 'application/json',
  data: { consentId: id, subjectRef: 'p-0002', revokedAt: '2026-02-21T10:00:00+08:00' },
});

/**
 * Events through the connectors; with a `key`, all on one partition, so they come in one batch. On the
 * fixture's clock, as the API's: on the wall clock the grants (ending 2027-02-20) would lapse before
 * their revocation is processed, and the test with them.
 */
async function send(events: Record<string, unknown>[], key?: string) {
  const toBinary = signedBinary(fx.partnerKeys);
  const messages = events.map((e) => (key ? { ...toBinary(e), key } : toBinary(e)));
  const sent = await transport.publish(TOPICS.inboundHk, messages);
  const published = sent.map((s) => ({ topic: TOPICS.inboundHk, ...s }));
  return drainInto(fx, transport, published, () => FIXTURE_NOW);
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
    const granted = (await as('p-0004', GRANT, { input: contactForHkTd })).data.grantConsent;
    expect((await listedWithReceipts('p-0004', granted.consent.id)).consent.receipt).toBe(granted.receipt);
    const REVOKE = 'mutation R($id: ID!) { revokeConsent(id: $id) { receipt } }';
    const revoked = (await as('p-0004', REVOKE, { id: granted.consent.id })).data.revokeConsent;
    const listed = await listedWithReceipts('p-0004', granted.consent.id);
    expect(listed.events).toEqual(['granted', 'revoked']);
    expect(listed.consent.receipt).toBe(revoked.receipt);
  });

  it('a partner event: the grant it makes is stored with a receipt the platform signed', async () => {
    expect(await send([grantEvent('con-iamsmart-receipt')])).toMatchObject({ applied: 1, rejected: {} });
    expect((await listedWithReceipts('p-0002', 'con-iamsmart-receipt')).events).toEqual(['granted']);
  });

  it('partner events in one batch: every change has its own receipt, all under one signed root', async () => {
    const ids = ['con-batch-1', 'con-batch-2', 'con-batch-3'];
    const events = [...ids.map(grantEvent), revokeEvent('con-batch-2')];
    expect(await send(events, 'one-partition')).toMatchObject({ applied: 4, rejected: {} });
    const listed = await Promise.all(ids.map((id) => listedWithReceipts('p-0002', id)));
    expect(listed.map((l) => l.events)).toEqual([['granted'], ['granted', 'revoked'], ['granted']]);
    const receipts: string[] = listed.flatMap((l) => l.consent.receipts);
    // One signature for the batch: every receipt carries the same root JWS.
    expect(new Set(receipts.map((r) => r.split('~')[0])).size).toBe(1);
  });

  it('a batch receipt whose leaf or path is altered does not verify', async () => {
    const set = await keySet();
    const [one, two] = (await listedWithReceipts('p-0002', 'con-batch-2')).consent.receipts as string[];
    const [root, leaf, path] = (one as string).split('~') as [string, string, string];
    const otherLeaf = (two as string).split('~')[1] as string;
    const flipped = path.replace(/^(.)(.)/, (_, side, c) => `${side}${c === 'A' ? 'B' : 'A'}`);
    const forged = [
      `${root}~${otherLeaf}~${path}`,
      `${root}~${leaf}~${flipped}`,
      `${root}~${leaf}~${path.replace(/^L/, 'X').replace(/^R/, 'L').replace(/^X/, 'R')}`,
      `${root}~${leaf}`,
      root,
      // Malformed ones: a step of neither side, a short sibling hash, a leaf that is not base64url JSON.
      `${root}~${leaf}~Q${path.slice(1)}`,
      `${root}~${leaf}~${path.slice(0, 20)}`,
      `${root}~%%%~${path}`,
      `${root.split('.')[0]}!.x.y~${leaf}~${path}`,
    ];
    for (const receipt of forged) expect((await checkReceipt(receipt, set)).valid).toBe(false);
    expect((await checkReceipt(one as string, set)).valid).toBe(true);
  });

  it('the residents’ centre trusts a receipt only for the consent and the terms it shows', async () => {
    const set = await keySet();
    const a = await as('p-0002', '{ myConsents { id purpose dataCategories receipt } }');
    const [one, two] = (a.data.myConsents as Shown[]).filter((c) => c.id === 'con-batch-1' || c.id === 'con-batch-3');
    const receipt = (one as Shown & { receipt: string }).receipt;
    const shown = one as Shown;
    const trusted = await checkFor(shown, receipt, set);
    expect(trusted.valid).toBe(true);
    expect(trusted.mismatch).toBeUndefined();
    expect(await checkFor(two as Shown, receipt, set)).toMatchObject({ valid: false, mismatch: 'other-consent' });
    expect(await checkFor({ ...shown, purpose: 'marketing' }, receipt, set)).toMatchObject({
      valid: false,
      mismatch: 'other-terms',
    });
    expect(await checkFor({ ...shown, dataCategories: ['IDENTITY', 'HEALTH'] }, receipt, set)).toMatchObject({
      valid: false,
      mismatch: 'other-terms',
    });
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
