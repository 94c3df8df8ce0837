import type { Consent, NodeLabel } from '../../../schema/domain/index.js';
import { type ReceiptSigner, withReceipt } from '../../consent/receipts.js';
import type { GraphStore, NodeBatch, WriteResult } from '../graph-store.port.js';
import { loadDataset } from './dataset.js';

export interface SeedResult extends WriteResult {
  readonly counts: Record<NodeLabel, number>;
}

export interface SeedOptions {
  /** Directory of the sample data set; the project's copy by default. */
  readonly dir?: string | undefined;
  /**
   * Signs each seeded consent's receipt, as the API and partner events do for theirs (the platform
   * and `gba seed` always give it; tests of other parts may leave the consents without receipts).
   */
  readonly receipts?: ReceiptSigner;
}

/** (Re)loads the sample data set. Idempotent: a second run changes nothing and leaves the same counts. */
export async function seedGraph(store: GraphStore, { dir, receipts }: SeedOptions = {}): Promise<SeedResult> {
  const batches = await loadDataset(dir);
  const signed = receipts ? await Promise.all(batches.map((b) => signedBatch(store, b, receipts))) : batches;
  const result = await store.write(signed);
  return { ...result, counts: await store.counts() };
}

/** The terms a receipt attests: two consents alike in these need no new receipt. */
const terms = ({ receipts: _r, version: _v, ...rest }: Consent) => JSON.stringify(rest);

/**
 * A seeded consent gets the receipt of its state in the data set: its grant, or its revocation when it
 * is revoked. One already stored with the same terms keeps its receipt, so seeding again changes
 * nothing (a signature is new each time it is made).
 */
async function signedBatch(store: GraphStore, batch: NodeBatch, signer: ReceiptSigner): Promise<NodeBatch> {
  if (batch.label !== 'Consent') return batch;
  const seeded = batch.records as readonly Consent[];
  const stored = await store.getByIds(
    'Consent',
    seeded.map((c) => c.id),
  );
  const records = seeded.map((c, i) => {
    const held = stored[i];
    if (held && held.receipts.length > 0 && terms(held) === terms(c)) return { ...c, receipts: held.receipts };
    const at = new Date(c.revokedAt ?? c.grantedAt);
    return withReceipt(signer, c.revokedAt ? 'revoked' : 'granted', { ...c, receipts: [] }, at);
  });
  return { label: 'Consent', records };
}

/** True when the store holds no jurisdiction yet, i.e. it was never seeded or loaded. */
export async function isEmpty(store: GraphStore): Promise<boolean> {
  return (await store.counts()).Jurisdiction === 0;
}
