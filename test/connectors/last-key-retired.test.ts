/**
 * Retiring a partner system's last key stops it: nothing mints it a new one behind the operator's
 * back. Found by a tester (probe 12 row 20): after `gba keys partner-retire` of 1823's only key, the
 * next `gba ingest --sign` of a 1823 event silently made 1823 a new key in the dev keyring (the dev
 * twin's keyring filled in every system without a current key) and the event applied. Now only a
 * system with no key at all gets one (a system the catalogue gained); the operator is told the system
 * signs nothing more, and `gba keys partner-add` is the one way back. The real `gba` CLI over a real,
 * seeded SQLite store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const SOURCE = 'urn:gba:hk:1823';
const dir = tempDir('gba-last-key-');
const gba = gbaIn(dir.path);
const keysOf = () =>
  (
    JSON.parse(readFileSync(join(dir.path, 'partners', 'keys.json'), 'utf8')) as Record<
      string,
      { id: string; retiredAt: string | null }[]
    >
  )[SOURCE] ?? [];
const event = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/events/hk-inbound.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes(`"source": "${SOURCE}"`)) as string,
) as { id: string };

beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
  expect((await ingestOne(gba, dir.path, { ...event, id: 'lk-0' })).code).toBe(0);
}, 60_000);
afterAll(() => dir.remove());

describe('a partner system whose last key is retired', () => {
  it('is told to the operator, and the system signs nothing more', async () => {
    const [only, ...others] = keysOf();
    expect(others).toEqual([]);
    const retired = await gba(['keys', 'partner-retire', only?.id as string]);
    expect(retired.code).toBe(0);
    expect(retired.out.join('\n')).toContain(`${SOURCE} holds no current key now`);
  });

  it('its next event is refused, and no key is made for it', async () => {
    const sent = await ingestOne(gba, dir.path, { ...event, id: 'lk-1' });
    expect(sent.code).toBe(65);
    expect((await lettersOf(gba)).find((l) => l.eventId === 'lk-1')?.reason).toBe('SOURCE_NOT_AUTHENTICATED');
    expect(keysOf().filter((k) => k.retiredAt === null)).toEqual([]);
  });

  it('signs again once an operator adds a key (gba keys partner-add)', async () => {
    const added = await gba(['keys', 'partner-add', SOURCE]);
    expect(added.code).toBe(0);
    expect(added.out.join('\n')).not.toContain('holds no current key');
    expect((await ingestOne(gba, dir.path, { ...event, id: 'lk-2' })).code).toBe(0);
  });
});
