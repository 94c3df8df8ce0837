/**
 * The isolate step: a failed batch is handled message by message; a message that fails alone is
 * tried once more, then dead-lettered with its first error; a failure of the last resort itself
 * (the store is down) fails the batch, for the consumer to retry.
 */
import { describe, expect, it } from 'vitest';
import { type BatchOutcome, isolating, NOTHING_DONE } from '../../../connectors/pipeline/isolate.js';
import type { Batch, DeliveredMessage } from '../../../connectors/transport/event-transport.port.js';

const message = (offset: number): DeliveredMessage => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  key: null,
  value: Buffer.from(''),
  headers: {},
  timestamp: '0',
});

/**
 * Messages by what they do when handled: `ok` always commits, `poison` always fails, `flaky`
 * fails on its first try only, `down` fails and so does its dead letter.
 */
type Kind = 'ok' | 'poison' | 'flaky' | 'down';

async function run(kinds: Kind[]): Promise<{ outcome: BatchOutcome | string; letters: string[]; tries: number }> {
  const batch: Batch = { topic: 't', partition: 0, messages: kinds.map((_, i) => message(i)) };
  const kindOf = (m: DeliveredMessage) => kinds[Number(m.offset)] as Kind;
  const tried = new Set<string>();
  const letters: string[] = [];
  let tries = 0;
  const outcome = await isolating(batch, {
    together: async (b) => {
      tries++;
      for (const m of b.messages) {
        const kind = kindOf(m);
        const first = !tried.has(m.offset);
        tried.add(m.offset);
        if (kind === 'poison' || kind === 'down' || (kind === 'flaky' && first)) throw new Error(`${kind} ${m.offset}`);
      }
      return { ...NOTHING_DONE, applied: b.messages.length };
    },
    lastResort: async (m, error) => {
      if (kindOf(m) === 'down') throw new Error('store down');
      letters.push(`${m.offset}: ${(error as Error).message}`);
      return { ...NOTHING_DONE, rejected: { PROCESSING_FAILED: 1 } };
    },
  }).catch((error: Error) => error.message);
  return { outcome, letters, tries };
}

const ROWS: [string, Kind[], { applied?: number; rejected?: object; letters: string[]; tries: number } | string][] = [
  ['a batch that commits is handled once', ['ok', 'ok', 'ok'], { applied: 3, letters: [], tries: 1 }],
  [
    'a poison event is dead-lettered alone and the rest goes on',
    ['ok', 'poison', 'ok'],
    { applied: 2, rejected: { PROCESSING_FAILED: 1 }, letters: ['1: poison 1'], tries: 5 },
  ],
  [
    'an event that failed once in its batch is applied when handled alone',
    ['ok', 'flaky'],
    { applied: 2, letters: [], tries: 3 },
  ],
  [
    'a lone poison event is tried twice, then dead-lettered',
    ['poison'],
    { applied: 0, letters: ['0: poison 0'], tries: 2 },
  ],
  ['a failure of the dead letter too fails the batch', ['ok', 'down'], 'store down'],
];

describe('the isolate step', () => {
  it.each(ROWS)('%s', async (_title, kinds, want) => {
    const { outcome, letters, tries } = await run(kinds);
    if (typeof want === 'string') {
      expect(outcome).toBe(want);
      return;
    }
    expect(outcome).toMatchObject({ applied: want.applied, rejected: want.rejected ?? {} });
    expect(letters).toEqual(want.letters);
    expect(tries).toBe(want.tries);
  });
});
