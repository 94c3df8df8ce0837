import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { drain } from '../../connectors/pipeline/drain.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { signedBinary } from '../support/partner-signing.js';
import { caseStatus, PERSONAL } from '../support/pipeline-events.js';
import { seededEngines } from '../support/seeded-engines.js';

const { store, audit, transport, receipts, partnerKeys } = seededEngines({ pollIntervalMs: 5 });
const toBinary = signedBinary(partnerKeys);
const log = pino({ level: 'silent' });
const now = () => new Date('2026-11-15T12:00:00+08:00');

const statusFromHongKong = (id: string, time: string) =>
  caseStatus(
    id,
    { statusChangedAt: `${time}T10:00:00+08:00`, personalData: PERSONAL },
    { time: `${time}T10:00:00+08:00` },
  );

const revocation = {
  specversion: '1.0',
  id: 'revoke-con-0003',
  source: 'urn:gba:hk:dpo:iamsmart',
  type: 'hk.iamsmart.consent.revoked',
  subject: 'con-0003',
  time: '2026-11-01T09:00:00+08:00',
  datacontenttype: 'application/json',
  data: { consentId: 'con-0003', subjectRef: 'p-0006', revokedAt: '2026-11-01T09:00:00+08:00' },
};

async function send(topic: string, event: Record<string, unknown>) {
  const published = (await transport.publish(topic, [toBinary(event)])).map((p) => ({ topic, ...p }));
  return drain({ published, transport, store, audit, receipts, log, now, partnerKeys });
}

async function outboundToMainland() {
  return (await transport.readAll(TOPICS.outboundMainland)).map((m) => {
    const decoded = decode(m);
    if (!decoded.ok) throw new Error(decoded.message);
    return decoded.event as {
      id: string;
      data: { personalData: unknown; personalDataWithheld: string[]; recipient: unknown };
    };
  });
}

describe('outbound events and a revocation mid-stream', () => {
  it('sends a consented personal field to the handling side while the consent is in force', async () => {
    expect(await send(TOPICS.inboundHk, statusFromHongKong('DPO-20260901-0001', '2026-09-01'))).toMatchObject({
      applied: 1,
      rejected: {},
    });
    const [first] = await outboundToMainland();
    expect(first?.id).toBe('DPO-20260901-0001:mainland');
    expect(first?.data.recipient).toEqual({ jurisdiction: 'GD', agency: 'gd-psd' });
    expect(first?.data.personalData).toEqual({
      subjectId: 'p-0006',
      categories: ['identity'],
      idType: 'HKID',
      idNumberMasked: 'A123***(*)',
    });
  });

  it('refuses an event from before the revocation once it is applied, and sends nothing of it', async () => {
    expect(await send(TOPICS.inboundHk, revocation)).toMatchObject({ applied: 1 });
    const consent = (await store.getByIds('Consent', ['con-0003']))[0];
    // In effect when the platform processed it; the stated time is kept as the partner's claim.
    expect(consent).toMatchObject({
      revokedAt: now().toISOString(),
      revocationStatedAt: '2026-11-01T09:00:00+08:00',
      version: 2,
    });
    // The event happened in October, under the consent, but its data would cross now, after the revocation.
    expect(await send(TOPICS.inboundHk, statusFromHongKong('DPO-20261001-0002', '2026-10-01'))).toMatchObject({
      applied: 0,
      rejected: { CONSENT_REVOKED: 1 },
    });
    expect((await outboundToMainland()).map((e) => e.id)).toEqual(['DPO-20260901-0001:mainland']);
  });

  it('audits every decision, inbound and outbound, allow and deny', async () => {
    // The log serves newest first).toReversed(); read in the order they happened.
    const records = (await audit.bySubject('p-0006', { first: 100 })).toReversed();
    expect(records.map((r) => [r.resource.split(' ')[0], r.requestId, r.decision])).toEqual([
      ['inbound', 'DPO-20260901-0001', 'allow'],
      ['outbound', 'DPO-20260901-0001', 'allow'],
      ['consent', 'revoke-con-0003', 'allow'],
      ['inbound', 'DPO-20261001-0002', 'deny'],
    ]);
  });

  it('does not send the same outbound event twice when an event comes again', async () => {
    expect(await send(TOPICS.inboundHk, statusFromHongKong('DPO-20260901-0001', '2026-09-01'))).toMatchObject({
      duplicates: 1,
    });
    expect(await outboundToMainland()).toHaveLength(1);
  });
});
