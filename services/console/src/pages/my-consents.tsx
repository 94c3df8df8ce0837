/**
 * The resident's consents: state, recipient, data, until when, and each one's stored receipt checked
 * in the browser; revoking asks first, and the revocation's receipt is checked and announced.
 */
import { useState } from 'react';
import { gql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { type LocalizedText, useLang } from '../i18n';
import { purposeLabel } from '../i18n/purpose';
import { formatDate } from '../i18n/time';
import { checkFor, receiptKeys, useReceiptChecks } from './consent-receipts';
import type { ReceiptCheck } from './receipt';

const CONSENTS = `{ myConsents { id state purpose dataCategories expiresAt receipt case { id } recipient { name { en zhHant zhHans } } } }`;
const REVOKE = 'mutation Revoke($id: ID!) { revokeConsent(id: $id) { receipt consent { id state } } }';

interface Consent {
  id: string;
  state: string;
  purpose: string;
  dataCategories: string[];
  expiresAt: string;
  receipt: string | null;
  case: { id: string } | null;
  recipient: { name: LocalizedText };
}

/** What a check says: valid, signed but of another consent or other terms, or not valid. */
function verdict(t: ReturnType<typeof useLang>['t'], check: ReceiptCheck): string {
  if (check.valid) return t('consents.valid', { event: check.event, kid: check.kid });
  if (check.mismatch === 'other-consent') return t('consents.otherConsent', { consent: check.consentId ?? '?' });
  if (check.mismatch === 'other-terms') return t('consents.otherTerms');
  return t('consents.invalid', { kid: check.kid ?? '?' });
}

function ReceiptLine({ check }: { check: ReceiptCheck | null | undefined }) {
  const { t } = useLang();
  if (check === undefined) return null;
  return (
    <span data-testid="consent-receipt" className={check?.valid ? 'receipt-valid' : 'receipt-invalid'}>
      {check === null ? t('consents.noReceipt') : verdict(t, check)}
    </span>
  );
}

export function MyConsents() {
  const { t, l } = useLang();
  const { data, reload } = useQuery<{ myConsents: Consent[] }>(CONSENTS, {});
  const checks = useReceiptChecks(data?.myConsents);
  const [checked, setChecked] = useState<ReceiptCheck | null>(null);
  const revoke = async (c: Consent) => {
    if (!window.confirm(t('consents.confirm', { agency: l(c.recipient.name) }))) return;
    const { revokeConsent } = await gql<{ revokeConsent: { receipt: string } }>(REVOKE, { id: c.id });
    setChecked(await checkFor(c, revokeConsent.receipt, await receiptKeys()));
    reload();
  };
  return (
    <>
      <h2>{t('consents.title')}</h2>
      <ul data-testid="my-consents">
        {data?.myConsents.map((c) => (
          <li key={c.id}>
            {l(c.recipient.name)} · {c.dataCategories.map((d) => t(`category.${d}`)).join(', ')} ·{' '}
            {purposeLabel(t, c.purpose)} · {t(`consents.state.${c.state}`)} · {formatDate(c.expiresAt)}
            {c.state === 'ACTIVE' && (
              <>
                {' '}
                <button type="button" onClick={() => revoke(c)}>
                  {t('consents.revoke')}
                </button>
              </>
            )}{' '}
            <ReceiptLine check={checks[c.id]} />
          </li>
        ))}
      </ul>
      <p role="status" data-testid="receipt-check">
        {checked && verdict(t, checked)}
      </p>
    </>
  );
}
