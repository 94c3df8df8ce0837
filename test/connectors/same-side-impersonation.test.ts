/**
 * Same-side impersonation (issue 16): the inbound topic says only which side spoke, so before each event
 * was signed by its system, 1823 could send iAM Smart's consent grant or the Digital Policy Office's case
 * status on gba.inbound.hk, and one Mainland system another's service update, and be judged as that
 * system. Now every event is checked at the door against the keys of the system its source names
 * (connectors/pipeline/authenticate.ts): an event signed by another system, unsigned, changed after
 * signing, signed under another secret or with a retired key is refused with the rule it broke, applies
 * nothing and burns no id (the real system's own event under that id applies after it), and its replay
 * is refused again for the same reason. Through `gba ingest`, `gba keys`, `gba dlq replay` and
 * `gba partners` on a seeded SQLite store; the tampered event is written to the topic itself, as a
 * party on the wire would.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { CLI_NOW, gbaIn } from '../support/gba-cli.js';
import { devPartnerKeys, signedBinary } from '../support/partner-signing.js';
import { caseStatus, iamSmartGrant, sample } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaIn(dir.path);
const unsigned = gbaIn(dir.path, CLI_NOW, { signed: false });

beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
});

type Json = Record<string, unknown> & { id: string; source: string; data: Record<string, unknown> };
type Run = { code: number; out: string[]; err: string[] };

let files = 0;
const fileOf = (event: object) => {
  const file = join(dir.path, `e${files++}.jsonl`);
  writeFileSync(file, `${JSON.stringify(event)}\n`);
  return file;
};
/** As its own system sends it: signed with that system's key. */
const own = (event: Json) => gba(['ingest', fileOf(event), '--sign']);
/** As system `as` sends it, signed with `as`'s key (from `keys`, else the platform's dev keyring). */
const sentAs = (as: string, keys?: string) => (event: Json) =>
  gba(['ingest', fileOf(event), '--as', as, ...(keys ? ['--keys', keys] : [])]);

async function record<T>(label: 'Consent' | 'Case' | 'Service' | 'Announcement', id: string): Promise<T | undefined> {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    return (await store.getByIds(label, [id]))[0] as T | undefined;
  } finally {
    await store.close();
  }
}

interface Letter {
  readonly dlqOffset: string;
  readonly eventId: string;
  readonly source: string;
  readonly reason: string;
  readonly message: string;
  readonly topic: string;
}
const letters = async (id: string) =>
  (JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as Letter[]).filter((l) => l.eventId === id);

// --- The events: each the claimed system's own under one id, and what the impostor sends under it.
const at = (hhmm: string) => `2026-11-14T${hhmm}:00+08:00`;

const grant = iamSmartGrant('con-imp-01', at('09:00')) as Json;

const status = (id: string, status: string, when: string) =>
  caseStatus(id, { status, statusChangedAt: when }, { time: when }) as Json;

/** iShenzhen's update of its service svc-sz-shenxiaoi (mainland line 6), as version `version` titled `title`. */
const shenxiaoi = (id: string, version: number, title: string, when: string): Json => {
  const e = sample('mainland-inbound', 'ISZ-20250222090500-0004') as Json;
  return { ...e, id, time: when, data: { ...e.data, banben: version, shixiang_mc: title } };
};

/** DPO's announcement ann-hk-cbps-kiosk-macao (HK line 3), retitled. */
const kiosk = (id: string, title: string, when: string): Json => {
  const e = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/events/hk-inbound.jsonl'), 'utf8').split(
      '\n',
    )[2] as string,
  ) as Json;
  return { ...e, id, time: when, data: { ...e.data, title: { en: title, zhHant: title } } };
};

/** Written to the HK topic as a party on the wire would: signed by its system, then changed. */
async function tampered(signedEvent: Json, changed: Json): Promise<void> {
  const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
  try {
    const message = signedBinary(devPartnerKeys(dir.path))(signedEvent);
    await log.publish(TOPICS.inboundHk, [{ ...message, value: Buffer.from(JSON.stringify(changed.data)) }]);
  } finally {
    await log.close();
  }
}

/** A keyring of the partner's own, as the partner keeps it: `id` under `secret`, not retired. */
function partnerSide(source: string, id: string, secret: string): string {
  const file = join(dir.path, `partner-${files++}.json`);
  writeFileSync(file, JSON.stringify({ [source]: [{ id, secret, retiredAt: null }] }));
  return file;
}
const platformKeys = () =>
  JSON.parse(readFileSync(join(dir.path, 'partners', 'keys.json'), 'utf8')) as Record<
    string,
    { id: string; secret: string; retiredAt: string | null }[]
  >;

interface Row {
  /** The real system's own event under the id. */
  readonly real: Json;
  /** How the impostor's version reaches the topic; resolves with what `gba ingest` printed, or null (the wire). */
  readonly forge: () => Promise<Run | null>;
  readonly reason: string;
  readonly says: RegExp;
  /** Whether the real event's effect is in the store (the forged one's is never). */
  readonly applied: () => Promise<boolean>;
}

const ROWS: [string, Row][] = [
  [
    '1823 sends iAM Smart’s consent grant on gba.inbound.hk, signed with its own key',
    {
      real: grant,
      forge: () => sentAs('urn:gba:hk:1823')(grant),
      reason: 'SOURCE_NOT_AUTHENTICATED',
      says: /names urn:gba:hk:dpo:iamsmart but is signed with key hk-1823-[0-9a-f]{8} of urn:gba:hk:1823/,
      applied: async () =>
        (await record<{ grantedBy: string; revokedAt: string | null }>('Consent', 'con-imp-01'))?.grantedBy ===
        'urn:gba:hk:dpo:iamsmart',
    },
  ],
  [
    '1823 sends a case status as the Digital Policy Office on gba.inbound.hk',
    {
      real: status('imp-case-0006', 'UNDER_PROCESSING', at('10:00')),
      forge: () => sentAs('urn:gba:hk:1823')(status('imp-case-0006', 'REJECTED', at('10:00'))),
      reason: 'SOURCE_NOT_AUTHENTICATED',
      says: /names urn:gba:hk:dpo but is signed with key hk-1823-[0-9a-f]{8} of urn:gba:hk:1823/,
      applied: async () => (await record<{ updatedAt: string }>('Case', 'case-0006'))?.updatedAt === at('10:00'),
    },
  ],
  [
    'Suihaoban sends iShenzhen’s service update on gba.inbound.mainland, signed with its own key',
    {
      real: shenxiaoi('imp-svc-1', 5, '深小i（i深圳）', at('11:00')),
      forge: () => sentAs('urn:gba:gz:suihaoban')(shenxiaoi('imp-svc-1', 5, '请到 evil.example 办理', at('11:00'))),
      reason: 'SOURCE_NOT_AUTHENTICATED',
      says: /names urn:gba:sz:ishenzhen but is signed with key gz-suihaoban-[0-9a-f]{8} of urn:gba:gz:suihaoban/,
      applied: async () =>
        (await record<{ title: { zhHans: string } }>('Service', 'svc-sz-shenxiaoi'))?.title.zhHans === '深小i（i深圳）',
    },
  ],
  [
    'an unsigned announcement naming the Digital Policy Office',
    {
      real: kiosk('imp-unsigned', 'Kiosk hours, from the DPO', at('09:10')),
      forge: async () => unsigned(['ingest', fileOf(kiosk('imp-unsigned', 'Forged hours', at('09:10')))]),
      reason: 'SOURCE_NOT_AUTHENTICATED',
      says: /names urn:gba:hk:dpo but is not signed \(no gba_sig header; its keys: hk-dpo-[0-9a-f]{8}\)/,
      applied: async () =>
        (await record<{ title: { en: string } }>('Announcement', 'ann-hk-cbps-kiosk-macao'))?.title.en ===
        'Kiosk hours, from the DPO',
    },
  ],
  [
    'the Digital Policy Office’s announcement changed on the wire after it was signed',
    {
      real: kiosk('imp-tampered', 'Kiosk hours, as signed', at('09:20')),
      forge: async () => {
        await tampered(
          kiosk('imp-tampered', 'Kiosk hours, as signed', at('09:20')),
          kiosk('imp-tampered', 'Changed on the wire', at('09:20')),
        );
        return null;
      },
      reason: 'BAD_SIGNATURE',
      says: /signature by key hk-dpo-[0-9a-f]{8} of urn:gba:hk:dpo does not match the event's bytes/,
      applied: async () =>
        (await record<{ title: { en: string } }>('Announcement', 'ann-hk-cbps-kiosk-macao'))?.title.en ===
        'Kiosk hours, as signed',
    },
  ],
  [
    'iShenzhen’s key id signing under another secret (a wrong key)',
    {
      real: shenxiaoi('imp-wrong-key', 6, '深小i（第六版）', at('11:10')),
      forge: () => {
        const [key] = platformKeys()['urn:gba:sz:ishenzhen'] ?? [];
        const file = partnerSide('urn:gba:sz:ishenzhen', key?.id as string, Buffer.alloc(32, 7).toString('base64url'));
        return sentAs('urn:gba:sz:ishenzhen', file)(shenxiaoi('imp-wrong-key', 6, '假的', at('11:10')));
      },
      reason: 'BAD_SIGNATURE',
      says: /signature by key sz-ishenzhen-[0-9a-f]{8} of urn:gba:sz:ishenzhen does not match/,
      applied: async () =>
        (await record<{ title: { zhHans: string } }>('Service', 'svc-sz-shenxiaoi'))?.title.zhHans ===
        '深小i（第六版）',
    },
  ],
  [
    'iShenzhen’s retired key, after a rotation (gba keys partner-add, then partner-retire)',
    {
      real: shenxiaoi('imp-retired', 7, '深小i（第七版）', at('11:20')),
      forge: async () => {
        const [old] = platformKeys()['urn:gba:sz:ishenzhen'] ?? [];
        expect((await gba(['keys', 'partner-add', 'urn:gba:sz:ishenzhen'])).code).toBe(0);
        expect((await gba(['keys', 'partner-retire', old?.id as string])).code).toBe(0);
        // Someone holding the old key still (the partner's old copy, or whoever took it).
        const file = partnerSide('urn:gba:sz:ishenzhen', old?.id as string, old?.secret as string);
        return sentAs('urn:gba:sz:ishenzhen', file)(shenxiaoi('imp-retired', 7, '旧钥匙', at('11:20')));
      },
      reason: 'KEY_RETIRED',
      says: /key sz-ishenzhen-[0-9a-f]{8} of urn:gba:sz:ishenzhen was retired at 2026-11-15T04:00:00.000Z and signs nothing more \(its keys: sz-ishenzhen-[0-9a-f]{8}\)/,
      applied: async () =>
        (await record<{ title: { zhHans: string } }>('Service', 'svc-sz-shenxiaoi'))?.title.zhHans ===
        '深小i（第七版）',
    },
  ],
];

describe('an event not signed by the system its source names', () => {
  it.each(ROWS)(
    '%s: refused with its rule, nothing applied, the id not burned, its replay refused again',
    async (_title, row) => {
      const forged = await row.forge();
      if (forged) {
        expect(forged.out.join('\n')).toContain(`rejected ${row.reason}: 1`);
        expect(forged.code).toBe(65);
        expect(await row.applied()).toBe(false);
      }
      // The real system's own event under the same id: judged as new, and applied.
      const real = await own(row.real);
      expect(real.out.join('\n')).toContain('1 events: 1 accepted (1 applied');
      expect(real.code).toBe(0);
      expect(await row.applied()).toBe(true);
      const [letter, ...more] = await letters(row.real.id);
      expect(more).toEqual([]);
      expect(letter).toMatchObject({ reason: row.reason, source: row.real.source });
      expect(letter?.message).toMatch(row.says);
      // A replay checks the signature again: refused for the same rule, never a duplicate nor superseded.
      const replay = await gba(['dlq', 'replay', '--offset', letter?.dlqOffset as string]);
      expect(replay.out.join('\n')).toContain(`${row.real.id}  rejected ${row.reason}`);
      expect(replay.out.join('\n')).toContain('0 duplicates');
      expect(replay.code).toBe(65);
      expect((await letters(row.real.id)).map((l) => l.reason)).toEqual([row.reason]);
      expect(await row.applied()).toBe(true);
    },
    120_000,
  );

  it('gba partners shows each system’s key ids, the retired one marked, and no secret', async () => {
    const listed = await gba(['partners']);
    const keys = platformKeys()['urn:gba:sz:ishenzhen'] ?? [];
    const text = listed.out.join('\n');
    expect(text).toContain(`  signs with: ${keys[0]?.id} (retired 2026-11-15T04:00:00.000Z), ${keys[1]?.id}`);
    for (const k of Object.values(platformKeys()).flat()) expect(text).not.toContain(k.secret);
    expect(listed.code).toBe(0);
  });

  it('gba ingest refuses --sign with --as, and --as of a system that is none', async () => {
    const file = fileOf(grant);
    expect((await gba(['ingest', file, '--sign', '--as', 'urn:gba:hk:1823'])).code).toBe(64);
    const none = await gba(['ingest', file, '--as', 'urn:gba:hk:nobody']);
    expect(none.err).toContain('gba ingest: --as urn:gba:hk:nobody is not a partner system (gba partners lists them)');
    expect(none.code).toBe(64);
  });

  it('leaves the audit chain intact', async () => {
    expect((await gba(['audit', 'verify'])).code).toBe(0);
  });
});
