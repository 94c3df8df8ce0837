/**
 * A partner key retired with `gba keys partner-retire` while the platform runs is refused by the
 * platform's own connectors from then on, with no restart: they read the keyring again when the file
 * changes (connectors/partners/partner-keys.ts `watchPartnerKeys`). Found by a tester (probe 10): the
 * retired key was still accepted until the platform restarted. The platform as `gba start` wires it
 * (embedded twins, seeded); the key rotated through the real `gba` CLI; the events written to the
 * inbound topic as TD puts them there, signed, and handled by the running platform's connectors alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signed } from '../../connectors/partners/event-signature.js';
import { loadPartnerKeys } from '../../connectors/partners/partner-keys.js';
import { toBinary } from '../../connectors/pipeline/cloudevents.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { gbaIn, lettersOf } from '../support/gba-cli.js';
import { graphRecord } from '../support/graph-records.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

const TD = 'urn:gba:hk:td';
let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 120_000);
afterAll(() => fx?.close());

const hkTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');

/** TD's status change of case-0001 (HK line 27) under `id`, a minute ago by the wall clock (the platform's). */
function tdStatus(id: string, status: string) {
  const line = readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/events/hk-inbound.jsonl'), 'utf8');
  const e = JSON.parse(line.split('\n')[26] as string) as Record<string, unknown> & { data: object };
  const t = hkTime(new Date(Date.now() - 60_000));
  return { ...e, id, time: t, data: { ...e.data, previousStatus: null, status, statusChangedAt: t } };
}

/** Written to gba.inbound.hk as TD puts it there: signed with key `keyId` of the keyring file (retired or not). */
async function sendSigned(event: Record<string, unknown>, keyId: string): Promise<void> {
  const key = loadPartnerKeys(join(fx.dataDir, 'partners', 'keys.json')).key(keyId);
  if (!key) throw new Error(`no key ${keyId}`);
  const log = new SqliteEventLog({ path: join(fx.dataDir, 'events.db') });
  try {
    await log.publish(TOPICS.inboundHk, [signed(toBinary(event), key)]);
  } finally {
    await log.close();
  }
}

/** Polls until `done` holds (the running connectors handled the event), for at most 60 s. */
async function until(done: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 60_000;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('the running platform did not handle the event in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a key retired while the platform runs', () => {
  it('is refused KEY_RETIRED by the running connectors, and the new key signs, without a restart', async () => {
    const gba = gbaIn(fx.dataDir, new Date());
    const file = () =>
      JSON.parse(readFileSync(join(fx.dataDir, 'partners', 'keys.json'), 'utf8')) as Record<
        string,
        { id: string; retiredAt: string | null }[]
      >;
    const [old] = file()[TD] ?? [];
    // Before the rotation the old key signs: the running platform applies TD's event.
    const updatedAt = async () => (await graphRecord(fx.dataDir, 'Case', 'case-0001'))?.updatedAt;
    const before = tdStatus('live-before', 'UNDER_PROCESSING');
    await sendSigned(before, old?.id as string);
    await until(async () => (await updatedAt()) === before.time);
    const added = await gba(['keys', 'partner-add', TD]);
    expect(added.code).toBe(0);
    const retired = await gba(['keys', 'partner-retire', old?.id as string]);
    expect(retired.code).toBe(0);
    expect(retired.out.join('\n')).toContain('a running platform refuses it from its next batch on');
    const fresh = (file()[TD] ?? []).find((k) => k.retiredAt === null)?.id as string;

    await sendSigned(tdStatus('live-old-key', 'REJECTED'), old?.id as string);
    await until(async () => (await lettersOf(gba)).some((l) => l.eventId === 'live-old-key'));
    expect((await lettersOf(gba)).find((l) => l.eventId === 'live-old-key')?.reason).toBe('KEY_RETIRED');

    expect(await updatedAt()).toBe(before.time);
    const after = tdStatus('live-new-key', 'APPROVED');
    await sendSigned(after, fresh);
    await until(async () => (await updatedAt()) === after.time);
  }, 180_000);
});
