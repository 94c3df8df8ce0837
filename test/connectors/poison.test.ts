import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REJECTED_EARLIER } from '../../connectors/pipeline/batch-record.js';
import { rawStructured } from '../../connectors/pipeline/cloudevents.js';
import { DLQ_HEADERS } from '../../connectors/pipeline/dead-letter.js';
import { drain } from '../../connectors/pipeline/drain.js';
import { type OutgoingMessage, TOPICS } from '../../connectors/transport/event-transport.port.js';
import type { EventCommit, GraphStore } from '../../services/graph/graph-store.port.js';
import { signedBinary } from '../support/partner-signing.js';
import { caseStatus, PERSONAL } from '../support/pipeline-events.js';
import { seededEngines } from '../support/seeded-engines.js';

const { store: real, audit, transport, receipts, partnerKeys } = seededEngines({ pollIntervalMs: 5 });
const toBinary = signedBinary(partnerKeys);
/** A store whose constraint refuses one event, every time: a deterministic store failure. */
const store: GraphStore = new Proxy(real, {
  get(target, key, receiver) {
    const value = Reflect.get(target, key, receiver);
    if (key !== 'commitEvents') return typeof value === 'function' ? value.bind(target) : value;
    return async (commit: EventCommit) => {
      if (commit.processed.some((p) => p.id.startsWith('POISON-STORE')))
        throw new Error('SQLITE_CONSTRAINT: CHECK constraint failed');
      return real.commitEvents(commit);
    };
  },
});
const log = pino({ level: 'silent' });
const now = () => new Date('2026-11-15T12:00:00+08:00');

const status = (id: string, day: string, code = 'UNDER_PROCESSING', time = `${day}T10:00:00+08:00`) =>
  caseStatus(id, { status: code, statusChangedAt: `${day}T10:00:00+08:00`, personalData: PERSONAL }, { time }) as {
    id: string;
    data: { statusChangedAt: string };
  };

const KEY = 'case-0006';
const binary = (event: Record<string, unknown>): OutgoingMessage => ({ ...toBinary(event), key: KEY });
const deep = (n: number) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`);

const POISONS: [string, OutgoingMessage, string][] = [
  ['an unparseable line', { ...rawStructured(Buffer.from('{"id": "x", ')), key: KEY }, 'BROKEN_JSON'],
  [
    'an event over the size limit',
    binary({ ...status('POISON-BIG', '2026-09-02'), data: { notes: Array(5).fill('x'.repeat(60_000)) } }),
    'EVENT_TOO_LARGE',
  ],
  [
    'data nested 20,000 deep',
    { ...binary(status('POISON-DEEP', '2026-09-03')), value: deep(20_000) },
    'EVENT_TOO_DEEP',
  ],
  [
    'a structured event nested 5,000 deep',
    { ...rawStructured(Buffer.from(`{"id":"POISON-DEEP-2","data":${deep(5_000).toString()}}`)), key: KEY },
    'EVENT_TOO_DEEP',
  ],
  ['an id holding U+0000', binary(status('POISON\u0000NUL', '2026-09-04')), 'BAD_ID'],
  ['an id of 300 characters', binary(status(`POISON-${'x'.repeat(300)}`, '2026-09-05')), 'BAD_ID'],
  [
    'an event dated 9999-12-31',
    binary(status('POISON-FUTURE', '2026-09-06', 'REJECTED', '9999-12-31T00:00:00Z')),
    'FUTURE_TIME',
  ],
  [
    'an event the store refuses every time',
    binary(status('POISON-STORE-1', '2026-09-07', 'DOCUMENTS_REQUIRED')),
    'PROCESSING_FAILED',
  ],
];

describe('poison events', () => {
  it.each(POISONS)(
    '%s, delivered twice, is dead-lettered alone and a good event after it applies',
    async (title, poison, reason) => {
      const good = status(
        `GOOD-${POISONS.findIndex(([t]) => t === title)}`,
        `2026-10-${10 + POISONS.findIndex(([t]) => t === title)}`,
      );
      const before = (await transport.readAll(TOPICS.dlq)).length;
      const sent = await transport.publish(TOPICS.inboundHk, [poison, poison, binary(good)]);
      expect(new Set(sent.map((s) => s.partition)).size).toBe(1);
      const summary = await drain({
        published: sent.map((s) => ({ topic: TOPICS.inboundHk, ...s })),
        transport,
        store,
        audit,
        receipts,
        partnerKeys,
        log,
        now,
        timeoutMs: 30_000,
      });
      expect(summary.applied).toBe(1);
      // The second copy of a poison with a usable id is the same event sent again: still rejected, not a duplicate.
      expect(Object.keys(summary.rejected).filter((r) => r !== REJECTED_EARLIER)).toEqual([reason]);
      expect(summary.duplicates).toBe(0);
      const [kase] = await real.getByIds('Case', ['case-0006']);
      expect(kase).toMatchObject({ status: 'in-review', updatedAt: good.data.statusChangedAt });
      const letters = (await transport.readAll(TOPICS.dlq)).slice(before);
      expect(letters.length).toBeGreaterThanOrEqual(1);
      expect(letters.map((m) => m.headers[DLQ_HEADERS.reason])).toEqual(letters.map(() => reason));
    },
  );

  it('leaves the audit log with each decision once and its chain intact', async () => {
    const records = await audit.bySubject('p-0006', { first: 1000 });
    const keys = records.map(
      (r) => `${r.requestId} ${r.resource.split(' ')[0]} ${r.categories.join(',')} ${r.decision}`,
    );
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(keys).toContain('POISON-STORE-1 inbound identity allow');
    expect(await audit.verify()).toMatchObject({ ok: true });
  });
});
