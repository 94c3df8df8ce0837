/**
 * drain tells what became of the messages it was given, from their receipts: in a range that holds
 * messages it was not given (another sender's, between its own), only its own are counted.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { drain } from '../../connectors/pipeline/drain.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { signedBinary } from '../support/partner-signing.js';
import { caseStatus, PERSONAL } from '../support/pipeline-events.js';
import { seededEngines } from '../support/seeded-engines.js';

const { store, audit, transport, receipts, partnerKeys } = seededEngines({ pollIntervalMs: 5 });
const toBinary = signedBinary(partnerKeys);
const log = pino({ level: 'silent' });
const now = () => new Date('2026-11-15T12:00:00+08:00');
const status = (id: string, day: string) =>
  toBinary(
    caseStatus(
      id,
      { statusChangedAt: `${day}T10:00:00+08:00`, personalData: PERSONAL },
      { time: `${day}T10:00:00+08:00` },
    ),
  );

describe('drain', () => {
  it('counts the messages it was given, not the others in their range', async () => {
    const sent = await transport.publish(TOPICS.inboundHk, [
      status('DRAIN-1', '2026-10-01'),
      status('DRAIN-2', '2026-10-02'),
      status('DRAIN-2', '2026-10-02'),
      toBinary({ specversion: '1.0', id: 'DRAIN-4', source: 'urn:gba:hk:unknown', type: 'x', data: {} }),
    ]);
    const mine = [0, 2, 3].map((i) => ({
      topic: TOPICS.inboundHk,
      ...(sent[i] as { partition: number; offset: string }),
    }));
    const summary = await drain({ published: mine, transport, store, audit, receipts, log, now, partnerKeys });
    expect(summary).toEqual({ total: 3, applied: 1, stale: 0, duplicates: 1, rejected: { UNKNOWN_SOURCE: 1 } });
  });
});
