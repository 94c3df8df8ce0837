/**
 * /metrics counts the replay of a partner's own letter, refused at the door because its key was
 * retired since, whose bytes the partner's resend (signed with its current key) applied meanwhile, as
 * that system's duplicate: under its source and type, never as an event accepted under
 * `partner="unauthenticated"` (nothing of it was applied; an alert on unauthenticated acceptances
 * would fire). Found by a tester (probe 12 row 42): `duplicate` printed, and
 * `partner="unauthenticated",type="unknown",outcome="accepted"` counted one more. From the outside:
 * the platform as `gba start` runs it (EVENT_MAX_SKEW_SECONDS=0, so an event a few seconds ahead is
 * refused FUTURE_TIME until its time has come), `gba` in its own process (ingest --sign, keys
 * partner-add|partner-retire, dlq replay), /metrics over HTTP.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPartnerKeysFile } from '../../services/platform/adapters.js';
import { gbaProcess } from '../support/gba-process.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

const TD = 'urn:gba:hk:td';
const TYPE = 'hk.td.licence-application.status-changed';
const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const hk = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');

let fx: PlatformFixture;
type Counts = Map<string, number>;
let before: Counts;
let after: Counts;
let replayed = '';

const read = async (): Promise<Counts> => {
  const text = await (await fetch(new URL('/metrics', fx.gateway))).text();
  return new Map(
    [...text.matchAll(/^gba_partner_events_total\{(.*)\} (\d+)$/gm)].map(([, l, v]) => [l as string, Number(v)]),
  );
};
const total = (c: Counts) => [...c.values()].reduce((n, v) => n + v, 0);
const delta = () =>
  [...after].filter(([k, v]) => v !== (before.get(k) ?? 0)).map(([k, v]) => [k, v - (before.get(k) ?? 0)]);
const until = async (enough: (c: Counts) => boolean): Promise<Counts> => {
  let c = await read();
  for (let i = 0; i < 150 && !enough(c); i++) {
    await new Promise((r) => setTimeout(r, 100));
    c = await read();
  }
  return c;
};

beforeAll(async () => {
  fx = await startPlatformFixture({ EVENT_MAX_SKEW_SECONDS: '0' });
  const gba = gbaProcess(fx.dataDir);
  // TD's status of case-0001 (HK line 27), dated 3 s ahead: refused FUTURE_TIME, signed by TD's key.
  const when = new Date(Date.now() + 3_000);
  const e = JSON.parse(readFileSync(join(EVENTS, 'hk-inbound.jsonl'), 'utf8').split('\n')[26] as string);
  const event = {
    ...e,
    id: 'p12-42',
    time: hk(when),
    data: { ...e.data, previousStatus: null, statusChangedAt: hk(when) },
  };
  const file = join(fx.dataDir, 'p12-42.jsonl');
  writeFileSync(file, `${JSON.stringify(event)}\n`);
  expect((await gba(['ingest', file, '--sign'])).stdout).toContain('FUTURE_TIME');
  // TD's key rotated: the letter's signature no longer stands.
  const keys = JSON.parse(readFileSync(devPartnerKeysFile(fx), 'utf8')) as Record<string, { id: string }[]>;
  const old = keys[TD]?.[0]?.id as string;
  expect((await gba(['keys', 'partner-add', TD])).code).toBe(0);
  expect((await gba(['keys', 'partner-retire', old])).code).toBe(0);
  // Its time come, TD resends the same bytes with its current key: applied.
  await new Promise((r) => setTimeout(r, Math.max(0, when.getTime() + 1_000 - Date.now())));
  const resend = await gba(['ingest', file, '--sign']);
  expect(resend.code, resend.stdout + resend.stderr).toBe(0);
  before = await until((c) => total(c) >= 2);
  const replay = await gba(['dlq', 'replay', '--id', 'p12-42']);
  replayed = replay.stdout;
  after = await until((c) => total(c) >= total(before) + 1);
}, 180_000);
afterAll(() => fx?.close());

describe('/metrics and the replay of a retired key’s letter whose bytes went in meanwhile', () => {
  it('is a duplicate', () => {
    expect(replayed).toContain('p12-42  duplicate');
  });

  it('counts one more under TD, as taken in, and nothing under unauthenticated', () => {
    expect(delta()).toEqual([[`partner="${TD}",type="${TYPE}",outcome="accepted",reason=""`, 1]]);
  });
});
