/**
 * A consent's receipts run in the order its changes were made: every receipt's `at` is when the
 * platform recorded the change (docs/residents-centre.md), so a partner's revocation dated before its
 * grant was recorded never shows before the grant. (The revocation's receipt once carried the event's
 * revokedAt while the grant's carried the processing time.)
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { drain } from '../../connectors/pipeline/drain.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { signedBinary } from '../support/partner-signing.js';
import { iamSmartGrant } from '../support/pipeline-events.js';
import { seededEngines } from '../support/seeded-engines.js';

const { store, audit, transport, receipts, partnerKeys } = seededEngines({ pollIntervalMs: 5 });
const toBinary = signedBinary(partnerKeys);
const log = pino({ level: 'silent' });

const iamSmart = (id: string, type: string, time: string, data: Record<string, unknown>) => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:hk:dpo:iamsmart',
  type: `hk.iamsmart.consent.${type}`,
  subject: data.consentId,
  time,
  datacontenttype: 'application/json',
  data,
});

/** p-0002's grant for case-0012, as iAM Smart sends it, dated `grantedAt`. */
const grant = (consentId: string, grantedAt: string) =>
  iamSmartGrant(consentId, grantedAt, { expiresAt: '2027-10-01T00:00:00+08:00' });

const revoke = (consentId: string, revokedAt: string) =>
  iamSmart(`revoke-${consentId}`, 'revoked', revokedAt, { consentId, subjectRef: 'p-0002', revokedAt });

async function send(event: Record<string, unknown>, now: string) {
  const published = (await transport.publish(TOPICS.inboundHk, [toBinary(event)])).map((p) => ({
    topic: TOPICS.inboundHk,
    ...p,
  }));
  return drain({ published, transport, store, audit, receipts, partnerKeys, log, now: () => new Date(now) });
}

/** What each of the consent's receipts signs, oldest first: its event and `at`. */
async function signed(id: string): Promise<{ event: string; at: string }[]> {
  const [consent] = await store.getByIds('Consent', [id]);
  return (consent?.receipts ?? []).map((jws) => {
    const { event, at } = JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString('utf8'));
    return { event, at };
  });
}

const T = (s: string) => new Date(s).toISOString();

describe('a consent’s receipts, granted and revoked by events', () => {
  it.each([
    ['revoked with a date before the grant was recorded', '2026-11-01T09:00:00+08:00', '2026-11-16T10:00:00+08:00'],
    ['revoked with a date after the grant was recorded', '2026-11-15T13:00:00+08:00', '2026-11-16T09:00:00+08:00'],
    ['revoked in the minute the revocation is recorded', '2026-11-16T08:59:00+08:00', '2026-11-16T09:00:00+08:00'],
  ])('%s: the revocation never shows before the grant', async (title, revokedAt, revocationRecorded) => {
    const id = `con-timeline-${title.length}-${revokedAt.slice(8, 10)}`;
    const grantRecorded = '2026-11-15T12:00:00+08:00';
    expect(await send(grant(id, '2026-10-01T09:00:00+08:00'), grantRecorded)).toMatchObject({ applied: 1 });
    expect(await send(revoke(id, revokedAt), revocationRecorded)).toMatchObject({ applied: 1 });
    const timeline = await signed(id);
    expect(timeline).toEqual([
      { event: 'granted', at: T(grantRecorded) },
      { event: 'revoked', at: T(revocationRecorded) },
    ]);
    expect(Date.parse(timeline[0]?.at as string)).toBeLessThanOrEqual(Date.parse(timeline[1]?.at as string));
    // The revocation takes effect when it is recorded; the partner's date is kept as its claim.
    const [consent] = await store.getByIds('Consent', [id]);
    expect(consent).toMatchObject({ revokedAt: T(revocationRecorded), revocationStatedAt: revokedAt });
  });
});
