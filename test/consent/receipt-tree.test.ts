/**
 * The hash tree under a batch of consent receipts: every leaf's path leads to the root, whatever
 * the batch's size, and a leaf that was not in the batch does not.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { receiptTree, rootOf } from '../../services/consent/receipt-tree.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));

describe('the receipt tree', () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 9, 250])('a batch of %i: each leaf with its path gives the root', (n) => {
    const batch = leaves(n);
    const tree = receiptTree(batch);
    expect(tree.paths).toHaveLength(n);
    for (const [i, leaf] of batch.entries()) expect(rootOf(leaf, tree.paths[i] as string)).toEqual(tree.root);
  });

  it('a leaf not in the batch, or a leaf with another leaf’s path, does not give the root', () => {
    const batch = leaves(5);
    const tree = receiptTree(batch);
    expect(rootOf(Buffer.from('leaf 9'), tree.paths[0] as string)).not.toEqual(tree.root);
    expect(rootOf(batch[0] as Buffer, tree.paths[1] as string)).not.toEqual(tree.root);
  });

  it('a leaf cannot pass for an inner node: the two leaf hashes joined, offered as a leaf, do not give the root', () => {
    const [a, b] = leaves(2) as [Buffer, Buffer];
    const tree = receiptTree([a, b]);
    const leafHash = (leaf: Buffer) =>
      createHash('sha256')
        .update(Buffer.from([0]))
        .update(leaf)
        .digest();
    // Without distinct leaf and node prefixes, this "leaf" would hash to the root itself.
    expect(rootOf(Buffer.concat([leafHash(a), leafHash(b)]), '')).not.toEqual(tree.root);
  });

  it.each([
    ['a step on neither side', (p: string) => `X${p.slice(1)}`],
    ['a sibling hash too short', (p: string) => p.slice(0, -1)],
    ['a sibling hash too long', (p: string) => `${p}A`],
    ['an empty step', (p: string) => `${p}.`],
  ])('a path with %s is refused, not read as another hash', (_, alter) => {
    const batch = leaves(2);
    const tree = receiptTree(batch);
    expect(() => rootOf(batch[0] as Buffer, alter(tree.paths[0] as string))).toThrow(RangeError);
  });
});
