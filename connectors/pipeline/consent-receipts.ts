/**
 * The receipts of one batch's consent changes, signed together just before the batch commits: one
 * signature per batch instead of one per change (services/consent/receipts.ts, `signAll`). While the
 * batch is judged, each changed consent carries a mark in place of its receipt; sealing signs the
 * changes whose consents the batch stores and puts each receipt where its mark was. A change that
 * another change of the same batch supersedes is still signed: its mark travels in the later record.
 */
import { randomUUID } from 'node:crypto';
import type { Consent, NodeLabel } from '../../schema/domain/index.js';
import type { ReceiptEvent, ReceiptItem, ReceiptSigner } from '../../services/consent/receipts.js';

export class PendingReceipts {
  private readonly items = new Map<string, ReceiptItem>();
  // Random per batch, so no stored receipt can ever equal a mark.
  private readonly prefix = `pending-receipt:${randomUUID()}:`;

  /** The consent with a mark for this change's receipt appended, as `withReceipt` appends the receipt. */
  add(event: ReceiptEvent, consent: Consent, at: Date): Consent {
    const mark = `${this.prefix}${this.items.size}`;
    this.items.set(mark, { event, consent, at });
    return { ...consent, receipts: [...consent.receipts, mark] };
  }

  /** Signs the marked changes of the consents about to be stored, and replaces their marks. */
  seal(signer: ReceiptSigner, dirty: Map<string, { label: NodeLabel; record: unknown }>): void {
    if (this.items.size === 0) return;
    const marks: string[] = [];
    for (const { label, record } of dirty.values())
      if (label === 'Consent') for (const r of (record as Consent).receipts) if (this.items.has(r)) marks.push(r);
    if (marks.length === 0) return;
    const signed = signer.signAll(marks.map((m) => this.items.get(m) as ReceiptItem));
    const receiptOf = new Map(marks.map((m, i) => [m, signed[i] as string]));
    for (const [key, { label, record }] of dirty) {
      if (label !== 'Consent') continue;
      const consent = record as Consent;
      dirty.set(key, { label, record: { ...consent, receipts: consent.receipts.map((r) => receiptOf.get(r) ?? r) } });
    }
  }
}
