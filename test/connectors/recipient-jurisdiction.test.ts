/**
 * A consent grant says where the data goes: its recipient and the recipient's jurisdiction, both signed
 * into the receipt, and a re-grant may not change either. So the jurisdiction a consent manager states
 * (`recipientJurisdiction`, `jieshoufang_ssd`) must be the recipient agency's own, as `grantConsent`
 * derives it: otherwise RECIPIENT_JURISDICTION_MISMATCH, the letter naming the payload field, and the
 * attempt a DENY in the subject's trail. Found by a tester (probe 9 row 2): iShenzhen's grant to hk-td
 * with `jieshoufang_ssd: "440300"` (Shenzhen) and iAM Smart's to sz-gov-data-bureau with
 * `recipientJurisdiction: "HK"` were applied and signed so. Through `gba ingest` into a seeded store.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { sample } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
// The connectors' clock: 2026-11-15 12:00 +08:00.
const gba = gbaIn(dir.path);

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const NOW_HK = '2026-11-15T11:00:00+08:00';
const NOW_CN = '2026-11-15 11:00:00';

/** iAM Smart's grant of con-0006 (p-0002's identity, hk-dpo to gz-gov-data-bureau, case-0012) as consent `id`. */
const hk = (id: string, data: Record<string, unknown>): Json => {
  const e = sample('hk-inbound', '63bbb6f8-d0b4-59d6-8e62-f8dc26ea1069') as Json;
  return { ...e, id, subject: id, time: NOW_HK, data: { ...e.data, consentId: id, grantedAt: NOW_HK, ...data } };
};
/** Yueshengshi's grant of con-0002 (p-0005's data, gd-psd to hk-td, case-0002) as consent `id`, in force now. */
const cn = (id: string, data: Record<string, unknown>): Json => {
  const e = sample('mainland-inbound', 'YSS-20251108194000-0002') as Json;
  const times = { shouquan_sj: NOW_CN, youxiao_qz: '2027-06-01 00:00:00' };
  return { ...e, id, subject: id, time: NOW_HK, data: { ...e.data, shouquan_bh: id, ...times, ...data } };
};

// [title, event, topic, its subject, the jurisdiction stored, or the field the refusal names]
const ROWS: [string, Json, string, string, { stored: string } | { field: string }][] = [
  [
    'iAM Smart: gz-gov-data-bureau said to be in HK',
    hk('con-rj-hk-1', { recipientJurisdiction: 'HK' }),
    'gba.inbound.hk',
    'p-0002',
    { field: 'data.recipientJurisdiction' },
  ],
  [
    'iAM Smart: gz-gov-data-bureau said to be in GD, its province',
    hk('con-rj-hk-2', { recipientJurisdiction: 'GD' }),
    'gba.inbound.hk',
    'p-0002',
    { field: 'data.recipientJurisdiction' },
  ],
  [
    'Yueshengshi: hk-td said to be in Shenzhen (440300)',
    cn('con-rj-cn-1', { jieshoufang_ssd: '440300' }),
    'gba.inbound.mainland',
    'p-0005',
    { field: 'data.jieshoufang_ssd' },
  ],
  [
    'Yueshengshi: hk-td said to be in Macao (820000)',
    cn('con-rj-cn-2', { jieshoufang_ssd: '820000' }),
    'gba.inbound.mainland',
    'p-0005',
    { field: 'data.jieshoufang_ssd' },
  ],
  // The same grants naming the recipient's own jurisdiction go in (the rows above are refused for it alone).
  ['iAM Smart: gz-gov-data-bureau in GZ', hk('con-rj-hk-ok', {}), 'gba.inbound.hk', 'p-0002', { stored: 'GZ' }],
  ['Yueshengshi: hk-td in HK (810000)', cn('con-rj-cn-ok', {}), 'gba.inbound.mainland', 'p-0005', { stored: 'HK' }],
];

async function consentOf(id: string) {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    return (await store.getByIds('Consent', [id]))[0] ?? null;
  } finally {
    await store.close();
  }
}

async function trail(subject: string, eventId: string) {
  const audit = new SqliteAuditLog({ path: join(dir.path, 'audit.db') });
  try {
    return (await audit.bySubject(subject, { first: 1000 }))
      .filter((r) => r.requestId === eventId)
      .map((r) => `${r.decision} ${r.reason}`);
  } finally {
    await audit.close();
  }
}

describe('a consent grant naming another jurisdiction than its recipient’s', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  it.each(ROWS)('%s', async (_title, event, topic, subject, expected) => {
    const ingest = await ingestOne(gba, dir.path, event, topic);
    const consent = await consentOf(event.id);
    if ('stored' in expected) {
      expect(ingest.code, ingest.out.join('\n')).toBe(0);
      expect(consent?.recipientJurisdiction).toBe(expected.stored);
      return;
    }
    expect(ingest.code, ingest.out.join('\n')).toBe(65);
    expect(consent).toBeNull();
    const letters = await lettersOf(gba);
    const letter = letters.find((l) => l.eventId === event.id);
    expect(letter?.reason).toBe('RECIPIENT_JURISDICTION_MISMATCH');
    expect(letter?.message.startsWith(`${expected.field}: `), letter?.message).toBe(true);
    expect(await trail(subject, event.id)).toEqual(['deny RECIPIENT_JURISDICTION_MISMATCH']);
  });

  it('leaves the audit chain intact', async () => {
    expect((await gba(['audit', 'verify'])).code).toBe(0);
  });
});
