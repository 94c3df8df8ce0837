/** The resident's consents: state, recipient, data, until when; revoking asks first, and the revocation's receipt is checked here. */
import { useState } from 'react';
import { gql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { type LocalizedText, useLang } from '../i18n';
import { purposeLabel } from '../i18n/purpose';
import { formatDate } from '../i18n/time';
import { checkReceipt, type ReceiptCheck } from './receipt';

const CONSENTS = `{ myConsents { id state purpose dataCategories expiresAt case { id } recipient { name { en zhHant zhHans } } } }`;
const REVOKE = 'mutation Revoke($id: ID!) { revokeConsent(id: $id) { receipt consent { id state } } }';
const KEYS = '{ consentReceiptKeys }';

interface Consent {
  id: string;
  state: string;
  purpose: string;
  dataCategories: string[];
  expiresAt: string;
  case: { id: string } | null;
  recipient: { name: LocalizedText };
}

export function MyConsents() {
  const { t, l } = useLang();
  const { data, reload } = useQuery<{ myConsents: Consent[] }>(CONSENTS, {});
  const [checked, setChecked] = useState<(ReceiptCheck & { id: string }) | null>(null);
  const revoke = async (c: Consent) => {
    if (!window.confirm(t('consents.confirm', { agency: l(c.recipient.name) }))) return;
    const { revokeConsent } = await gql<{ revokeConsent: { receipt: string } }>(REVOKE, { id: c.id });
    const keys = JSON.parse((await gql<{ consentReceiptKeys: string }>(KEYS)).consentReceiptKeys);
    setChecked({ id: c.id, ...(await checkReceipt(revokeConsent.receipt, keys)) });
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
            )}
          </li>
        ))}
      </ul>
      <p role="status" data-testid="receipt-check">
        {checked &&
          (checked.valid
            ? t('consents.valid', { event: checked.event, kid: checked.kid })
            : t('consents.invalid', { kid: checked.kid ?? '?' }))}
      </p>
    </>
  );
}
