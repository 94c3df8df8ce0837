/**
 * Outbound events and a revocation mid-stream: a case status change from the Mainland (the origin
 * side) about a case handled in Hong Kong reaches Hong Kong's outbound topic; its personal fields
 * travel while the resident's consent lets the Transport Department see them, and not once the
 * revocation has been applied, even for an event that happened before it. Every decision is audited.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, toBinary } from '../../connectors/pipeline/cloudevents.js';
import { drain } from '../../connectors/pipeline/drain.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
const audit = new SqliteAuditLog({ path: join(dir.path, 'audit.db') });
const transport = new SqliteEventLog({ path: join(dir.path, 'events.db'), pollIntervalMs: 5 });
const log = pino({ level: 'silent' });
const now = () => new Date('2026-11-15T12:00:00+08:00');

beforeAll(async () => {
  await store.init();
  await seedGraph(store);
  await transport.ensureTopics(TOPIC_SPECS);
});
afterAll(async () => {
  await transport.close();
  await audit.close();
  await store.close();
  dir.remove();
});

const statusFromShenzhen = (id: string, time: string) => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:sz:ishenzhen',
  type: 'cn.gd.case.status-changed',
  subject: '44030020260120000001',
  time: `${time}T10:00:00+08:00`,
  datacontenttype: 'application/json',
  data: {
    banjian_bh: '44030020260120000001',
    pingtai_ajbh: 'case-0001',
    shixiang_bm: '440300ISZ0004',
    shixiang_mc: '“i深圳”港澳居民服务专区(示例)',
    bumen_bm: '440300-ZSJ',
    shenqingren_bh: 'p-0004',
    banli_zt: 21,
    banli_zt_mc: '审查中',
    shangyi_zt: 20,
    gengxin_sj: `${time} 10:00:00`,
    beizhu: '',
    geren_xinxi: {
      zhuti_bh: 'p-0004',
      zhengjian_lx: '111',
      zhengjian_hm: '440300********0000',
      leibie: ['shenfen'],
      kongzhizhe_bm: '440000-GAT',
      shouquan_bh: 'con-0001',
    },
  },
});

const revocation = {
  specversion: '1.0',
  id: 'revoke-con-0001',
  source: 'urn:gba:hk:dpo:iamsmart',
  type: 'hk.iamsmart.consent.revoked',
  subject: 'con-0001',
  time: '2026-11-01T09:00:00+08:00',
  datacontenttype: 'application/json',
  data: { consentId: 'con-0001', subjectRef: 'p-0004', revokedAt: '2026-11-01T09:00:00+08:00' },
};

async function send(topic: string, event: Record<string, unknown>) {
  const published = (await transport.publish(topic, [toBinary(event)])).map((p) => ({ topic, ...p }));
  return drain({ published, transport, store, audit, log, now });
}

async function outboundToHongKong() {
  return (await transport.readAll(TOPICS.outboundHk)).map((m) => {
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
    expect(
      await send(TOPICS.inboundMainland, statusFromShenzhen('ISZ-20260901100000-0001', '2026-09-01')),
    ).toMatchObject({
      applied: 1,
      rejected: {},
    });
    const [first] = await outboundToHongKong();
    expect(first?.id).toBe('ISZ-20260901100000-0001:hk');
    expect(first?.data.recipient).toEqual({ jurisdiction: 'HK', agency: 'hk-td' });
    expect(first?.data.personalData).toEqual({
      subjectId: 'p-0004',
      categories: ['identity'],
      idType: 'MainlandID',
      idNumberMasked: '440300********0000',
    });
  });

  it('sends no personal field once the revocation is applied, even for an event from before it', async () => {
    expect(await send(TOPICS.inboundHk, revocation)).toMatchObject({ applied: 1 });
    const consent = (await store.getByIds('Consent', ['con-0001']))[0];
    expect(consent).toMatchObject({ revokedAt: '2026-11-01T09:00:00+08:00', version: 2 });
    // The event happened in October, under the consent: it is accepted, but what is sent now is decided now.
    expect(
      await send(TOPICS.inboundMainland, statusFromShenzhen('ISZ-20261001100000-0002', '2026-10-01')),
    ).toMatchObject({
      applied: 1,
      rejected: {},
    });
    const all = await outboundToHongKong();
    expect(all.map((e) => e.id)).toEqual(['ISZ-20260901100000-0001:hk', 'ISZ-20261001100000-0002:hk']);
    expect(all[1]?.data.personalData).toBeNull();
    expect(all[1]?.data.personalDataWithheld).toEqual(['identity']);
  });

  it('audits every decision, inbound and outbound, allow and deny', async () => {
    // The log serves newest first).toReversed(); read in the order they happened.
    const records = (await audit.bySubject('p-0004', { first: 100 })).toReversed();
    expect(records.map((r) => [r.resource.split(' ')[0], r.requestId, r.decision])).toEqual([
      ['inbound', 'ISZ-20260901100000-0001', 'allow'],
      ['outbound', 'ISZ-20260901100000-0001', 'allow'],
      ['inbound', 'ISZ-20261001100000-0002', 'allow'],
      ['outbound', 'ISZ-20261001100000-0002', 'deny'],
    ]);
  });

  it('does not send the same outbound event twice when an event comes again', async () => {
    expect(
      await send(TOPICS.inboundMainland, statusFromShenzhen('ISZ-20260901100000-0001', '2026-09-01')),
    ).toMatchObject({
      duplicates: 1,
    });
    expect(await outboundToHongKong()).toHaveLength(2);
  });
});
