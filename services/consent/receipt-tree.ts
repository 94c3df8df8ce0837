/**
 * The hash tree under a batch of consent receipts (after RFC 6962 §2.1: a leaf is hashed with a 0x00
 * prefix, an inner node with 0x01, so no leaf can pass for a node). One signature over the root
 * stands for every leaf; each receipt carries the sibling hashes from its leaf up to that root. An
 * odd node at the end of a level rises unchanged to the next.
 */
import { sha256 } from '../shared/sha256.js';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

const leafHash = (leaf: Uint8Array) => sha256(Buffer.concat([LEAF, leaf]));
const nodeHash = (left: Buffer, right: Buffer) => sha256(Buffer.concat([NODE, left, right]));

export interface ReceiptTree {
  readonly root: Buffer;
  /**
   * Per leaf, the steps up to the root, joined by '.': `L<hash>` when the sibling is on the left,
   * `R<hash>` when on the right (hashes in base64url).
   */
  readonly paths: readonly string[];
}

export function receiptTree(leaves: readonly Uint8Array[]): ReceiptTree {
  if (leaves.length === 0) throw new Error('a receipt tree needs at least one leaf');
  const steps: string[][] = leaves.map(() => []);
  let level: Buffer[] = leaves.map(leafHash);
  // The leaves under each node of the current level, whose paths its sibling extends.
  let under = leaves.map((_, i) => [i]);
  while (level.length > 1) {
    const next: Buffer[] = [];
    const nextUnder: number[][] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Buffer;
      const right = level[i + 1];
      const leftUnder = under[i] as number[];
      if (!right) {
        next.push(left);
        nextUnder.push(leftUnder);
        continue;
      }
      const rightUnder = under[i + 1] as number[];
      const toRight = `R${right.toString('base64url')}`;
      const toLeft = `L${left.toString('base64url')}`;
      for (const leaf of leftUnder) steps[leaf]?.push(toRight);
      for (const leaf of rightUnder) steps[leaf]?.push(toLeft);
      next.push(nodeHash(left, right));
      nextUnder.push([...leftUnder, ...rightUnder]);
    }
    level = next;
    under = nextUnder;
  }
  return { root: level[0] as Buffer, paths: steps.map((s) => s.join('.')) };
}

/** One step up a path: the side of the sibling, then its SHA-256 in base64url (43 characters). */
const STEP = /^[LR][A-Za-z0-9_-]{43}$/;

/**
 * The root a leaf and its path lead to: what a verifier compares with the signed root. A path has one
 * encoding only: a malformed step throws (a RangeError) instead of being read as some other hash.
 */
export function rootOf(leaf: Uint8Array, path: string): Buffer {
  let node = leafHash(leaf);
  for (const step of path ? path.split('.') : []) {
    if (!STEP.test(step)) throw new RangeError(`malformed step in a receipt path: ${step.slice(0, 60)}`);
    const sibling = Buffer.from(step.slice(1), 'base64url');
    node = step[0] === 'L' ? nodeHash(sibling, node) : nodeHash(node, sibling);
  }
  return node;
}
