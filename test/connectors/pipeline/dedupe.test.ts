/**
 * The dedupe step: what a message's (source, id) has been before decides whether it is judged,
 * receipted as a duplicate, or refused as a conflict; a replay is never a duplicate of its first try.
 */
import { describe, expect, it } from 'vitest';
import { type Sighting, sighting } from '../../../connectors/pipeline/dedupe.js';
import type { ProcessedEvent } from '../../../services/graph/graph-store.port.js';

const KEY = 'urn:gba:hk:dpo\u0000E-1';
const stored = (digest: string, disposition: ProcessedEvent['disposition']) =>
  new Map([[KEY, { source: 'urn:gba:hk:dpo', id: 'E-1', digest, time: '2026-01-01T00:00:00Z', disposition }]]);
const none = new Map<string, ProcessedEvent>();
const inBatch = (digest: string) => new Map([[KEY, digest]]);

type Row = [string, boolean, string | null, boolean, Map<string, string>, Map<string, ProcessedEvent>, Sighting];

const ROWS: Row[] = [
  ['a valid event never seen', true, KEY, false, new Map(), none, 'first'],
  [
    'a valid event with the same bytes in an earlier batch',
    true,
    KEY,
    false,
    new Map(),
    stored('a', 'applied'),
    'duplicate',
  ],
  ['a valid event with the same bytes earlier in the batch', true, KEY, false, inBatch('a'), none, 'duplicate'],
  ['a valid event reusing an id with other bytes', true, KEY, false, new Map(), stored('b', 'applied'), 'conflict'],
  ['a valid replay of a rejected event', true, KEY, true, new Map(), stored('a', 'rejected'), 'replay'],
  ['a valid replay of an applied event', true, KEY, true, new Map(), stored('a', 'applied'), 'duplicate'],
  ['a valid replay already judged in this batch', true, KEY, true, inBatch('a'), stored('a', 'rejected'), 'duplicate'],
  ['an invalid event never seen', false, KEY, false, new Map(), none, 'first'],
  [
    'an invalid event with the same bytes again',
    false,
    KEY,
    false,
    new Map(),
    stored('a', 'rejected'),
    'rejected-earlier',
  ],
  [
    'a valid event with the same bytes as one rejected in an earlier batch',
    true,
    KEY,
    false,
    new Map(),
    stored('a', 'rejected'),
    'rejected-earlier',
  ],
  [
    'a valid event with the same bytes as one stale in an earlier batch',
    true,
    KEY,
    false,
    new Map(),
    stored('a', 'stale'),
    'duplicate',
  ],
  ['an invalid event under a known id with other bytes', false, KEY, false, new Map(), stored('b', 'applied'), 'again'],
  ['an invalid replay', false, KEY, true, new Map(), stored('a', 'rejected'), 'again'],
  ['an invalid event without a usable id', false, null, false, new Map(), none, 'first'],
  // Same id, other bytes: a correction while every version was refused, a conflict once one was applied.
  ['other bytes under an id only rejected', true, KEY, false, new Map(), stored('b', 'rejected'), 'correction'],
  ['other bytes under an id stale', true, KEY, false, new Map(), stored('b', 'stale'), 'conflict'],
  [
    'a replay of a version corrected and applied since',
    true,
    KEY,
    true,
    new Map(),
    stored('b', 'applied'),
    'superseded',
  ],
  // Only an applied version supersedes: a later one refused too (perhaps not its partner's) leaves it judged.
  [
    'a replay of a version corrected and refused since',
    true,
    KEY,
    true,
    new Map(),
    stored('b', 'rejected'),
    'correction',
  ],
];

describe('the dedupe step, a replayed conflict letter', () => {
  it.each([
    ['the version on record rejected: it is the correction', stored('b', 'rejected'), 'correction'],
    ['the version on record applied: still a conflict', stored('b', 'applied'), 'conflict'],
  ] as const)('%s', (_title, processed, expected) => {
    const input = { valid: true, key: KEY, digest: 'a', replayed: true, seen: new Map(), processed };
    expect(sighting({ ...input, replayedConflict: true })).toBe(expected);
  });
});

describe('the dedupe step, within one batch', () => {
  it.each([
    ['rejected earlier in the batch', new Set([KEY]), stored('a', 'applied'), 'rejected-earlier'],
    [
      'applied earlier in the batch, rejected in an earlier one (a replay let in)',
      new Set<string>(),
      stored('a', 'rejected'),
      'duplicate',
    ],
  ] as const)('the same bytes again, %s: %s', (_title, refused, processed, expected) => {
    expect(
      sighting({ valid: true, key: KEY, digest: 'a', replayed: false, seen: inBatch('a'), processed, refused }),
    ).toBe(expected);
  });

  it.each([
    ['rejected earlier in the batch: a correction', new Set([KEY]), 'correction'],
    ['applied earlier in the batch: a conflict', new Set<string>(), 'conflict'],
  ] as const)('other bytes, %s', (_title, refused, expected) => {
    expect(
      sighting({ valid: true, key: KEY, digest: 'a', replayed: false, seen: inBatch('b'), processed: none, refused }),
    ).toBe(expected);
  });
});

describe('the dedupe step', () => {
  it.each(ROWS)('%s: %s', (_title, valid, key, replayed, seen, processed, expected) => {
    expect(sighting({ valid, key, digest: 'a', replayed, seen, processed })).toBe(expected);
  });
});
