/**
 * Each listed consent's stored receipt, checked in the browser against the published key set, so the
 * resident can trust every line of "My consents", not only a revocation just made.
 */
import { useEffect, useState } from 'react';
import { gql } from '../api/graphql';
import { checkFor, type ReceiptCheck, type Shown } from './receipt';

export { checkFor };

const KEYS = '{ consentReceiptKeys }';

/** The key set, fetched once per page view: receipts name their key by kid, retired keys included. */
export async function receiptKeys() {
  return JSON.parse((await gql<{ consentReceiptKeys: string }>(KEYS)).consentReceiptKeys);
}

/** Checks by consent id; `null` for a consent stored without a receipt. */
export function useReceiptChecks(consents: readonly (Shown & { receipt: string | null })[] | undefined) {
  const [checks, setChecks] = useState<Record<string, ReceiptCheck | null>>({});
  useEffect(() => {
    if (!consents) return;
    let live = true;
    void (async () => {
      const keys = await receiptKeys();
      const entries = await Promise.all(
        consents.map(async (c) => [c.id, c.receipt ? await checkFor(c, c.receipt, keys) : null] as const),
      );
      if (live) setChecks(Object.fromEntries(entries));
    })();
    return () => {
      live = false;
    };
  }, [consents]);
  return checks;
}
