import { describe, expect, it } from 'vitest';
import { RetriesExceededError, retry } from '../../services/server-kit/retry.js';

const noSleep = { sleep: async () => undefined };

describe('retry', () => {
  it('tries again until the call succeeds', async () => {
    let calls = 0;
    const result = await retry(async () => {
      calls++;
      if (calls < 3) throw new Error('flaky');
      return 'ok';
    }, noSleep);
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up with RetriesExceededError that keeps the last cause', async () => {
    const cause = new Error('still down');
    const error = await retry(
      async () => {
        throw cause;
      },
      { ...noSleep, retries: 2, what: 'reaching the subgraph' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExceededError);
    expect(error).toMatchObject({
      attempts: 3,
      message: 'reaching the subgraph failed after 3 attempts: still down',
      cause,
    });
  });

  it('stops at once on bail and on an error marked not retriable', async () => {
    let calls = 0;
    await expect(
      retry(async (bail) => {
        calls++;
        return bail(new Error('bad request'));
      }, noSleep),
    ).rejects.toThrow('bad request');
    await expect(
      retry(async () => {
        calls++;
        throw Object.assign(new Error('refused'), { retriable: false });
      }, noSleep),
    ).rejects.toThrow('refused');
    expect(calls).toBe(2);
  });

  it('waits longer after each failure', async () => {
    const waits: number[] = [];
    await retry(
      async (_bail, attempt) => {
        if (attempt < 3) throw new Error('x');
      },
      { initialDelayMs: 100, factor: 2, sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(80);
    expect(waits[0]).toBeLessThanOrEqual(120);
    expect(waits[2]).toBeGreaterThanOrEqual(320);
  });
});
