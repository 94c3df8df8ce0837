/**
 * The connectors' traffic counts: each handled message once in the counter /metrics serves and in the
 * minute it was handled; the last-hour and last-day windows sum whole minutes and forget older ones;
 * label values a partner chooses stay bounded.
 */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { EventTraffic, type Handled } from '../../services/operations/event-traffic.js';

const TD = 'urn:gba:hk:td';
const STATUS = 'hk.td.licence-application.status-changed';
const MINUTE = 60_000;
const T0 = Date.parse('2026-11-30T12:00:30Z');

const applied: Handled = { source: TD, authenticated: true, type: STATUS, disposition: 'applied', reason: null };
const refused: Handled = {
  source: TD,
  authenticated: true,
  type: STATUS,
  disposition: 'rejected',
  reason: 'NO_CONSENT',
};

function traffic(options: { maxTypes?: number; types?: string[] } = {}) {
  let now = T0;
  const registry = new Registry();
  const counts = new EventTraffic({ registry, partners: [TD], now: () => now, ...options });
  return { counts, registry, at: (ms: number) => (now = T0 + ms) };
}

describe('windows over the per-minute series', () => {
  it.each([
    ['handled this minute', 0, { hour: 1, day: 1 }],
    ['handled 59 minutes ago', -59 * MINUTE, { hour: 1, day: 1 }],
    ['handled 61 minutes ago', -61 * MINUTE, { hour: 0, day: 1 }],
    ['handled 23 hours ago', -23 * 60 * MINUTE, { hour: 0, day: 1 }],
    ['handled 25 hours ago', -25 * 60 * MINUTE, { hour: 0, day: 0 }],
  ])('a message %s is in the last hour %o', (_title, ago, { hour, day }) => {
    const { counts, at } = traffic();
    at(ago);
    counts.record(applied);
    at(0);
    expect(
      counts
        .window(60 * MINUTE)
        .get(TD)
        ?.get(STATUS)?.accepted ?? 0,
    ).toBe(hour);
    expect(
      counts
        .window(24 * 60 * MINUTE)
        .get(TD)
        ?.get(STATUS)?.accepted ?? 0,
    ).toBe(day);
  });

  it('tallies accepted and rejected by reason, and the counter holds the same', async () => {
    const { counts, registry } = traffic();
    for (const h of [applied, applied, { ...applied, disposition: 'duplicate' as const }, refused]) counts.record(h);
    const tally = counts
      .window(60 * MINUTE)
      .get(TD)
      ?.get(STATUS);
    expect(tally).toEqual({ accepted: 3, rejected: new Map([['NO_CONSENT', 1]]) });
    const text = await registry.metrics();
    expect(text).toContain(`gba_partner_events_total{partner="${TD}",type="${STATUS}",outcome="accepted",reason=""} 3`);
    expect(text).toContain(
      `gba_partner_events_total{partner="${TD}",type="${STATUS}",outcome="rejected",reason="NO_CONSENT"} 1`,
    );
  });
});

describe('label values a partner chooses', () => {
  it.each([
    // Its sender wrote the type as well: an unknown or unauthenticated sender chooses no label value.
    ['a source outside the catalogue', { ...applied, source: 'urn:evil' }, 'unknown', 'unknown'],
    [
      'an event naming TD not shown to come from it',
      { ...refused, authenticated: false, reason: 'SOURCE_NOT_AUTHENTICATED' },
      'unauthenticated',
      'unknown',
    ],
    ['a message that did not decode', { ...refused, source: null, type: null }, 'unknown', 'unknown'],
    ['a type that is no type name', { ...applied, type: 'x"} 1\nfake 2' }, TD, 'unknown'],
  ])('%s is counted under %s / %s', (_title, handled, partner, type) => {
    const { counts } = traffic();
    counts.record(handled);
    expect([...(counts.window(MINUTE).get(partner)?.keys() ?? [])]).toEqual([type]);
  });

  it('counts types outside the catalogue as other', () => {
    const { counts } = traffic({ types: [STATUS] });
    for (const type of [STATUS, 'a.one', 'a.two']) counts.record({ ...applied, type });
    expect([...(counts.window(MINUTE).get(TD)?.keys() ?? [])].sort()).toEqual([STATUS, 'other'].sort());
  });

  it('counts a reason that is no reason code as UNKNOWN', async () => {
    const { counts, registry } = traffic();
    counts.record({ ...refused, reason: 'x"} 1\nfake 2' });
    expect(await registry.metrics()).toContain('reason="UNKNOWN"} 1');
  });

  it('counts types past the cap as other', () => {
    const { counts } = traffic({ maxTypes: 2 });
    for (const type of ['a.one', 'a.two', 'a.three', 'a.four']) counts.record({ ...applied, type });
    expect([...(counts.window(MINUTE).get(TD)?.keys() ?? [])].sort()).toEqual(['a.one', 'a.two', 'other']);
  });
});
