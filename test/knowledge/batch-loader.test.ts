/**
 * The knowledge subgraph's per-request loader (services/knowledge/batch-loader.ts): what resolvers
 * ask in one go reaches the store as one call, each id once, and every caller gets its own values.
 */
import { describe, expect, it } from 'vitest';
import { BatchLoader } from '../../services/knowledge/batch-loader.js';

function recording() {
  const calls: string[][] = [];
  const loader = new BatchLoader<string | null>(async (ids) => {
    calls.push([...ids]);
    return ids.map((id) => (id.startsWith('x') ? null : id.toUpperCase()));
  });
  return { calls, loader };
}

describe('the per-request batch loader', () => {
  it('reads the ids asked in one go with one store call, each id once, answering each caller in its order', async () => {
    const { calls, loader } = recording();
    const [one, many, again] = await Promise.all([
      loader.load('b'),
      loader.loadMany(['a', 'b', 'xmissing', 'c']),
      loader.loadMany(['c', 'a']),
    ]);
    expect(calls).toEqual([['b', 'a', 'xmissing', 'c']]);
    expect(one).toBe('B');
    expect(many).toEqual(['A', 'B', null, 'C']);
    expect(again).toEqual(['C', 'A']);
  });

  it('joins ids asked in promise jobs queued before the batch goes, as resolvers of one level ask them', async () => {
    const { calls, loader } = recording();
    const first = loader.load('a');
    const later = Promise.resolve()
      .then(() => undefined)
      .then(() => loader.load('b'));
    expect(await Promise.all([first, later])).toEqual(['A', 'B']);
    expect(calls).toEqual([['a', 'b']]);
  });

  it('reads ids asked after a batch went in a new call, even ids that batch read', async () => {
    const { calls, loader } = recording();
    expect(await loader.loadMany(['a', 'b'])).toEqual(['A', 'B']);
    expect(await loader.loadMany(['b', 'c'])).toEqual(['B', 'C']);
    expect(calls).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
  });

  it('rejects every call of a batch whose read failed, and reads the next batch again', async () => {
    let fail = true;
    const loader = new BatchLoader<string>(async (ids) => {
      if (fail) throw new Error('store down');
      return [...ids];
    });
    const calls = [loader.load('a'), loader.loadMany(['b'])];
    await expect(calls[0]).rejects.toThrow('store down');
    await expect(calls[1]).rejects.toThrow('store down');
    fail = false;
    await expect(loader.loadMany(['a', 'b'])).resolves.toEqual(['a', 'b']);
  });

  it.each([
    [
      'throws before answering',
      (): Promise<readonly string[]> => {
        throw new Error('no connection');
      },
      'no connection',
    ],
    ['answers fewer values than ids', async () => ['a'], 'answered 1 values for 2 ids'],
    ['answers more values than ids', async () => ['a', 'b', 'c'], 'answered 3 values for 2 ids'],
  ])('rejects the calls of a batch whose read %s', async (_, read, message) => {
    const loader = new BatchLoader<string>(read);
    await expect(loader.loadMany(['a', 'b'])).rejects.toThrow(message);
  });
});
