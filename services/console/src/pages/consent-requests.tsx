/**
 * The resident's consent requests: each pending one as a preview card (who will see which values,
 * for what, until when), approved whole, in part (the categories ticked) or declined. Then the
 * resident's cases. Answers go through answerConsentRequest, as any resident app would call it.
 */
import { useState } from 'react';
import { gql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { type LocalizedText, useLang } from '../i18n';
import { purposeLabel } from '../i18n/purpose';
import { formatDate } from '../i18n/time';
import { MyConsents } from './my-consents';

const LIST = `query Mine {
  myConsentRequests(state: PENDING) {
    id purpose expiresAt answerBy note categories case { service { title { en zhHant zhHans } } } requester { id name { en zhHant zhHans } }
    preview { category field value recipient { name { en zhHant zhHans } } recipientJurisdiction { id name { en zhHant zhHans } } }
  }
  myCases { id status service { id title { en zhHant zhHans } } agencies { id name { en zhHant zhHans } } }
}`;
const ANSWER = `mutation Answer($input: AnswerConsentRequestInput!) {
  answerConsentRequest(input: $input) { request { id state } consent { id dataCategories } }
}`;

interface PreviewItem {
  category: string;
  field: string;
  value: string | null;
  recipient: { name: LocalizedText };
  recipientJurisdiction: { id: string; name: LocalizedText };
}
interface Request {
  id: string;
  purpose: string;
  case: { service: { title: LocalizedText } };
  expiresAt: string;
  note: string | null;
  categories: string[];
  requester: { id: string; name: LocalizedText };
  preview: PreviewItem[];
}
interface Case {
  id: string;
  status: string;
  service: { id: string; title: LocalizedText };
  agencies: { id: string; name: LocalizedText }[];
}

function RequestCard({ request, onAnswered }: { request: Request; onAnswered: (message: string) => void }) {
  const { t, l } = useLang();
  const [chosen, setChosen] = useState<string[]>(request.categories);
  const [error, setError] = useState<string | null>(null);
  const answer = async (decision: 'APPROVE' | 'DECLINE', categories?: string[]) => {
    try {
      await gql(ANSWER, { input: { id: request.id, decision, ...(categories ? { categories } : {}) } });
      onAnswered(t(decision === 'APPROVE' ? 'requests.approved' : 'requests.declined'));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const headingId = `req-${request.id}`;
  return (
    <article className="card" aria-labelledby={headingId} data-testid="consent-request">
      <h2 id={headingId}>
        {t('requests.willSee', { agency: l(request.requester.name), until: formatDate(request.expiresAt) })}
      </h2>
      <p>
        {t('requests.purpose', { purpose: `${purposeLabel(t, request.purpose)} (${l(request.case.service.title)})` })}
      </p>
      {request.note && <p>{request.note}</p>}
      <table>
        <caption>{t('requests.preview')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('requests.field')}</th>
            <th scope="col">{t('requests.value')}</th>
            <th scope="col">{t('requests.recipient')}</th>
          </tr>
        </thead>
        <tbody>
          {request.preview.map((p) => (
            <tr key={p.field}>
              <td>{t(`requests.fields.${p.field.replace(/\[.*\]/, '')}`, { defaultValue: p.field })}</td>
              <td>{p.value ?? t('requests.notOnFile')}</td>
              <td>
                {l(p.recipient.name)} ({l(p.recipientJurisdiction.name)})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset>
        <legend>{t('requests.share')}</legend>
        {request.categories.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              checked={chosen.includes(c)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, c] : chosen.filter((x) => x !== c))}
            />
            {t(`category.${c}`)}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" onClick={() => answer('APPROVE')}>
          {t('requests.approve')}
        </button>
        <button
          type="button"
          disabled={chosen.length === 0 || chosen.length === request.categories.length}
          onClick={() => answer('APPROVE', chosen)}
        >
          {t('requests.approvePart')}
        </button>
        <button type="button" onClick={() => answer('DECLINE')}>
          {t('requests.decline')}
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
    </article>
  );
}

export function ConsentRequestsPage() {
  const { t, l } = useLang();
  const { data, error, reload } = useQuery<{ myConsentRequests: Request[]; myCases: Case[] }>(LIST, {});
  const [status, setStatus] = useState<string | null>(null);
  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title">{t('requests.title')}</h1>
      <p role="status">{status}</p>
      {error && <p role="alert">{error.message}</p>}
      {data?.myConsentRequests.length === 0 && <p>{t('requests.none')}</p>}
      {data?.myConsentRequests.map((r) => (
        <RequestCard
          key={r.id}
          request={r}
          onAnswered={(message) => {
            setStatus(message);
            reload();
          }}
        />
      ))}
      <MyConsents key={status ?? ''} />
      <h2>{t('requests.cases')}</h2>
      <ul data-testid="my-cases">
        {data?.myCases.map((c) => (
          <li key={c.id}>
            {l(c.service.title)} ({c.id}) · {t(`requests.status.${c.status}`, { defaultValue: c.status })} ·{' '}
            {c.agencies.map((a) => l(a.name)).join(', ')}
          </li>
        ))}
      </ul>
    </section>
  );
}
