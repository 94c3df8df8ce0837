/**
 * The admit step: the door's limits, decoding and validation of one message, each refusal with its
 * reason code and stage, and whatever throws inside refused as that message's PROCESSING_FAILED.
 */
import { describe, expect, it } from 'vitest';
import { admit } from '../../../connectors/pipeline/admit.js';
import { rawStructured } from '../../../connectors/pipeline/cloudevents.js';
import { DEFAULT_LIMITS } from '../../../connectors/pipeline/door.js';
import type { DeliveredMessage } from '../../../connectors/transport/event-transport.port.js';
import { caseStatus, delivered, NOW } from '../../support/pipeline-events.js';

const structured = (text: string): DeliveredMessage => ({
  ...delivered(caseStatus('x')),
  ...rawStructured(Buffer.from(text)),
});

/** A message whose headers throw when read: a bug on one shape of input. */
const throwing = (): DeliveredMessage => {
  const m = delivered(caseStatus('THROWS'));
  return {
    ...m,
    get headers(): Record<string, string> {
      throw new Error('boom');
    },
  };
};

const ROWS: [string, () => DeliveredMessage, string, string][] = [
  ['a well-formed case status', () => delivered(caseStatus('OK-1')), 'admitted', '-'],
  [
    'a message over the size limit',
    () => delivered(caseStatus('BIG', { notes: 'x'.repeat(DEFAULT_LIMITS.maxBytes) })),
    'EVENT_TOO_LARGE',
    'decode',
  ],
  [
    'data nested deeper than the limit',
    () => ({ ...delivered(caseStatus('DEEP')), value: Buffer.from(`${'['.repeat(40)}${']'.repeat(40)}`) }),
    'EVENT_TOO_DEEP',
    'decode',
  ],
  ['a structured body that is not JSON', () => structured('{"id": "x", '), 'BROKEN_JSON', 'decode'],
  ['an id holding U+0000', () => delivered(caseStatus('A\u0000B')), 'BAD_ID', 'validate'],
  [
    'an unknown source',
    () => delivered(caseStatus('SRC', {}, { source: 'urn:gba:hk:nobody' })),
    'UNKNOWN_SOURCE',
    'validate',
  ],
  [
    'an event dated far ahead of the clock',
    () => delivered(caseStatus('FUTURE', {}, { time: '9999-12-31T00:00:00Z' })),
    'FUTURE_TIME',
    'validate',
  ],
  ['a message whose reading throws', throwing, 'PROCESSING_FAILED', 'validate'],
];

describe('the admit step', () => {
  it.each(ROWS)('%s: %s', (_title, make, code, stage) => {
    const { validated, digest } = admit(make(), { limits: DEFAULT_LIMITS, now: NOW });
    if (code === 'admitted') {
      expect(validated.ok).toBe(true);
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      return;
    }
    expect(validated).toMatchObject({ ok: false, rejection: { code, stage } });
  });

  it('gives the same bytes the same digest, and other data another', () => {
    const digest = (data: Record<string, unknown>) =>
      admit(delivered(caseStatus('D', data)), { limits: DEFAULT_LIMITS, now: NOW }).digest;
    expect(digest({})).toBe(digest({}));
    expect(digest({ status: 'APPROVED' })).not.toBe(digest({}));
  });
});
