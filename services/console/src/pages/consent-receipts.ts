/**
 * Each listed consent's stored receipt, checked in the browser against the published key set, so the
 * resident can trust every line of "My consents", not only a revocation just made.
 */
import { useEffect, useState } from 'react';
import { gql } from '../api/graphql';
import { checkReceipt, type ReceiptCheck } from './receipt';

const KEYS = '{ consentReceiptKeys }';

/** The key set, fetched once per page view: receipts name their key by kid, retired keys included. */
export async function receiptKeys() {
  return JSON.parse((await gql<{ consentReceiptKeys: string }>(KEYS)).consentReceiptKeys);
}

/** A check of the receipt against the consent it is listed under; a receipt of another consent is not valid here. */
export async function checkFor(consentId: string, jws: string, keys: Parameters<typeof checkReceipt>[1]) {
  const check = await checkReceipt(jws, keys);
  return { ...check, valid: check.valid && check.consentId === consentId };
}

/** Checks by consent id; `null` for a consent stored without a receipt. */
export function useReceiptChecks(consents: readonly { id: string; receipt: string | null }[] | undefined) {
  const [checks, setChecks] = useState<Record<string, ReceiptCheck | null>>({});
  useEffect(() => {
    if (!consents) return;
    let live = true;
    void (async () => {
      const keys = await receiptKeys();
      const entries = await Promise.all(
        consents.map(async (c) => [c.id, c.receipt ? await checkFor(c.id, c.receipt, keys) : null] as const),
      );
      if (live) setChecks(Object.fromEntries(entries));
    })();
    return () => {
      live = false;
    };
  }, [consents]);
  return checks;
}
