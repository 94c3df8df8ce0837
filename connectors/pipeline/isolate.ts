/**
 * The isolate step: a batch that fails is handled again message by message, so one event that
 * always fails (a store constraint, a bug on one shape of input) goes to the dead-letter queue by
 * itself and the rest of its batch goes on. A message that fails alone is tried once more, then
 * dead-lettered with the first error as its reason. A failure that is not the event's (the store is
 * down) fails the last resort too, and so the batch, which the consumer retries.
 */
import type { Logger } from 'pino';
import type { Batch, DeliveredMessage } from '../transport/event-transport.port.js';

export interface BatchOutcome {
  readonly applied: number;
  readonly stale: number;
  readonly duplicates: number;
  readonly rejected: Readonly<Record<string, number>>;
  /** Messages already handled before (a redelivery after a crash). */
  readonly skipped: number;
}

export const NOTHING_DONE: BatchOutcome = { applied: 0, stale: 0, duplicates: 0, rejected: {}, skipped: 0 };

export function sumOutcomes(outcomes: readonly BatchOutcome[]): BatchOutcome {
  const rejected: Record<string, number> = {};
  for (const o of outcomes)
    for (const [code, n] of Object.entries(o.rejected)) rejected[code] = (rejected[code] ?? 0) + n;
  const sum = (k: 'applied' | 'stale' | 'duplicates' | 'skipped') => outcomes.reduce((a, o) => a + o[k], 0);
  return {
    applied: sum('applied'),
    stale: sum('stale'),
    duplicates: sum('duplicates'),
    skipped: sum('skipped'),
    rejected,
  };
}

export interface Isolation {
  /** Handles a batch as one: all of it commits, or it throws and nothing does. */
  readonly together: (batch: Batch) => Promise<BatchOutcome>;
  /** Dead-letters one message that failed twice, with the first error; throws if even that fails. */
  readonly lastResort: (message: DeliveredMessage, error: unknown) => Promise<BatchOutcome>;
  readonly log?: Logger | undefined;
}

export async function isolating(batch: Batch, steps: Isolation): Promise<BatchOutcome> {
  try {
    return await steps.together(batch);
  } catch (error) {
    if (batch.messages.length <= 1) return alone(batch, error, steps);
    steps.log?.warn({ err: error, topic: batch.topic, partition: batch.partition }, 'batch failed; each event alone');
    const outcomes: BatchOutcome[] = [];
    for (const message of batch.messages) outcomes.push(await isolating({ ...batch, messages: [message] }, steps));
    return sumOutcomes(outcomes);
  }
}

async function alone(batch: Batch, error: unknown, steps: Isolation): Promise<BatchOutcome> {
  const message = batch.messages[0];
  if (!message) throw error;
  try {
    return await steps.together(batch);
  } catch {
    return steps.lastResort(message, error);
  }
}
