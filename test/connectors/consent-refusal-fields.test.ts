/**
 * A consent event the consent lifecycle refuses names, in its dead letter, the payload field the partner
 * sent (`data.shouquan_sj`), not the lifecycle's own name for it (`grantedAt`, as the API's input says).
 * Before, the letter gave the reason alone ("2030-01-01T00:00:00+08:00 is in the future"): a Mainland
 * partner could not tell which of its times was wrong. Through `gba ingest` into a seeded store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { sample } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
// The connectors' clock: 2026-11-15 12:00 +08:00.
const gba = gbaIn(dir.path);

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const NOW = '2026-11-15T11:00:00+08:00';
/** A sample grant (iAM Smart's of con-0006, Yueshengshi's of con-0002) as a new consent `id`, `data` changed. */
function grant(file: 'hk-inbound' | 'mainland-inbound', eventId: string, idField: string) {
  const e = sample(file, eventId) as Json;
  return (id: string, data: Record<string, unknown>): Json => ({
    ...e,
    id,
    subject: id,
    time: NOW,
    data: { ...e.data, [idField]: id, ...data },
  });
}
const hk = grant('hk-inbound', '63bbb6f8-d0b4-59d6-8e62-f8dc26ea1069', 'consentId');
const cn = grant('mainland-inbound', 'YSS-20251108194000-0002', 'shouquan_bh');

// [title, event, topic, reason, the field the letter's message starts with]
const ROWS: [string, Json, string, string, string][] = [
  [
    'HK grant dated 2030',
    hk('con-f-hk-1', { grantedAt: '2030-01-01T00:00:00+08:00', expiresAt: '2030-06-01T00:00:00+08:00' }),
    'gba.inbound.hk',
    'FUTURE_TIME',
    'data.grantedAt',
  ],
  [
    'HK grant to its controller',
    hk('con-f-hk-2', { recipientId: 'hk-dpo' }),
    'gba.inbound.hk',
    'RECIPIENT_IS_CONTROLLER',
    'data.recipientId',
  ],
  [
    'HK grant ending before it starts',
    hk('con-f-hk-3', { grantedAt: '2026-11-01T00:00:00+08:00', expiresAt: '2026-10-01T00:00:00+08:00' }),
    'gba.inbound.hk',
    'CONSENT_EXPIRES_BEFORE_GRANT',
    'data.expiresAt',
  ],
  [
    'Mainland grant dated 2030',
    cn('con-f-cn-1', { shouquan_sj: '2030-01-01 00:00:00', youxiao_qz: '2030-06-01 00:00:00' }),
    'gba.inbound.mainland',
    'FUTURE_TIME',
    'data.shouquan_sj',
  ],
  [
    'Mainland grant ending before it starts',
    cn('con-f-cn-2', { shouquan_sj: '2026-11-01 00:00:00', youxiao_qz: '2026-10-01 00:00:00' }),
    'gba.inbound.mainland',
    'CONSENT_EXPIRES_BEFORE_GRANT',
    'data.youxiao_qz',
  ],
];

describe('a consent event refused by the consent lifecycle', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  it.each(ROWS)('%s: the letter names the payload field', async (_title, event, topic, reason, field) => {
    const ingest = await ingestOne(gba, dir.path, event, topic);
    expect(ingest.code, ingest.out.join('\n')).toBe(65);
    const letters = await lettersOf(gba);
    const letter = letters.find((l) => l.eventId === event.id);
    expect(letter?.reason).toBe(reason);
    expect(letter?.message.startsWith(`${field}: `), letter?.message).toBe(true);
  });
});
