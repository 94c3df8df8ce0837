/**
 * The record step: every message leaves a receipt; a refusal a dead letter with its reason and,
 * the first time its id is seen, a ledger entry; an accepted event its ledger entry and count.
 */
import { describe, expect, it } from 'vitest';
import { BatchRecord } from '../../../connectors/pipeline/batch-record.js';
import { DLQ_HEADERS } from '../../../connectors/pipeline/dead-letter.js';
import { sighting } from '../../../connectors/pipeline/dedupe.js';
import { caseStatus, delivered, NOW } from '../../support/pipeline-events.js';

const KEY = { source: 'urn:gba:hk:dpo', id: 'E-1' };
const EVENT = { ...KEY, digest: 'd1', time: '2026-09-01T02:00:00.000Z' };
const REFUSAL = { code: 'NO_CONSENT', message: 'no consent covers it', stage: 'consent' } as const;

type Act = (r: BatchRecord) => void;
const m = delivered(caseStatus('E-1'));

const ROWS: [
  string,
  Act,
  { receipt: string; reason: string | null; ledger: string | null; letters: number; counts: object },
][] = [
  [
    'a duplicate',
    (r) => r.duplicate(m, KEY),
    { receipt: 'duplicate', reason: null, ledger: null, letters: 0, counts: { duplicates: 1 } },
  ],
  [
    'a first refusal of an id',
    (r) => r.reject(m, REFUSAL, KEY, 'd1'),
    {
      receipt: 'rejected',
      reason: 'NO_CONSENT',
      ledger: 'rejected',
      letters: 1,
      counts: { rejected: { NO_CONSENT: 1 } },
    },
  ],
  [
    'a refusal of an id already on record',
    (r) => r.reject(m, REFUSAL, KEY, null),
    { receipt: 'rejected', reason: 'NO_CONSENT', ledger: null, letters: 1, counts: { rejected: { NO_CONSENT: 1 } } },
  ],
  [
    'a refusal without a usable id',
    (r) => r.reject(m, REFUSAL, null, 'd1'),
    { receipt: 'rejected', reason: 'NO_CONSENT', ledger: null, letters: 1, counts: { rejected: { NO_CONSENT: 1 } } },
  ],
  [
    'an applied event',
    (r) => r.accept(m, EVENT, 'applied'),
    { receipt: 'applied', reason: null, ledger: 'applied', letters: 0, counts: { applied: 1, stale: 0 } },
  ],
  [
    'a stale event',
    (r) => r.accept(m, EVENT, 'stale'),
    { receipt: 'stale', reason: null, ledger: 'stale', letters: 0, counts: { applied: 0, stale: 1 } },
  ],
];

describe('the record step', () => {
  it.each(ROWS)('records %s', (_title, act, want) => {
    const record = new BatchRecord({ connector: 'test', at: NOW });
    act(record);
    expect(record.receipts).toEqual([
      expect.objectContaining({ offset: m.offset, disposition: want.receipt, reason: want.reason }),
    ]);
    expect(record.processed.map((p) => p.disposition)).toEqual(want.ledger ? [want.ledger] : []);
    expect(record.seen.size).toBe(want.ledger ? 1 : 0);
    expect(record.outbox).toHaveLength(want.letters);
    expect(record.counts).toMatchObject(want.counts);
  });

  it('writes a dead letter carrying the original bytes, the reason and the event’s key', () => {
    const record = new BatchRecord({ connector: 'test', at: NOW });
    record.reject(m, REFUSAL, KEY, 'd1');
    const [letter] = record.outbox;
    expect(Buffer.from(letter?.value ?? '', 'base64')).toEqual(m.value);
    expect(letter?.headers).toMatchObject({
      [DLQ_HEADERS.reason]: 'NO_CONSENT',
      [DLQ_HEADERS.stage]: 'consent',
      [DLQ_HEADERS.eventId]: 'E-1',
      [DLQ_HEADERS.rejectedAt]: NOW.toISOString(),
    });
  });
});

describe('an id refused, then let in, in one batch', () => {
  const KEYED = `${KEY.source}`;
  it.each([
    ['other bytes', 'conflict', 'd3'],
    ['the bytes let in', 'duplicate', 'd2'],
  ])('is final for the rest of it: %s again are a %s', (_what, expected, digest) => {
    const r = new BatchRecord({ connector: 'test', at: NOW });
    r.reject(m, REFUSAL, KEY, 'd1');
    r.accept(m, { ...EVENT, digest: 'd2' }, 'applied');
    const key = [...r.seen.keys()][0] as string;
    expect(key).toContain(KEYED);
    const seen = sighting({
      valid: true,
      key,
      digest,
      replayed: false,
      seen: r.seen,
      processed: new Map(),
      refused: r.refused,
    });
    expect(seen).toBe(expected);
  });
});
