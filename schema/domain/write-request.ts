/**
 * A keyed write request that was carried out: which mutation, sent by whom under which
 * `idempotencyKey`, the digest of its input and the result it returned. Sent again by the same
 * caller under the same key, the mutation returns `result` and does nothing
 * (services/shared/keyed-write.ts); it is a ledger, not part of the public graph.
 */
import { z } from 'zod';
import { Timestamp } from './common.js';

export const WriteRequest = z.object({
  /** Digest of (sender, mutation, key): a fixed length whatever the key holds. */
  id: z.string().min(1),
  mutation: z.string().min(1),
  /** The sender's token subject: a key is theirs alone. */
  by: z.string().min(1),
  key: z.string().min(1),
  digest: z.string().min(1),
  at: Timestamp,
  /** What the mutation returned the first time, as plain JSON. */
  result: z.unknown(),
});
export type WriteRequest = z.infer<typeof WriteRequest>;
