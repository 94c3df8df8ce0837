/** Auditors: the chain's state and its verification on the server, and the trail by subject, agency, outcome and dates. */
import { useState } from 'react';
import { gql } from '../api/graphql';
import { usePages } from '../api/use-pages';
import { useQuery } from '../api/use-query';
import { useLang } from '../i18n';
import { type AuditRow, AuditTable, MoreRecords, PAGE_SIZE, RECORD_FIELDS } from './audit-records';

const CHAIN = '{ auditChain { length headHash } }';
const VERIFY = '{ verifyAuditChain { intact records headHash firstBad problem checkedAt } }';
const TRAIL = `query Trail($subject: ID!, $agency: ID, $outcome: AccessDecision, $since: String, $until: String,
  $after: String) {
  auditTrail(subject: $subject, agency: $agency, outcome: $outcome, since: $since, until: $until,
    first: ${PAGE_SIZE}, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${RECORD_FIELDS} } } } }`;

interface Verification {
  intact: boolean;
  records: number;
  headHash: string | null;
  firstBad: number | null;
  problem: string | null;
}

export function AuditPage() {
  const { t } = useLang();
  const chain = useQuery<{ auditChain: { length: number; headHash: string } }>(CHAIN, {});
  const [verified, setVerified] = useState<Verification | null>(null);
  const [form, setForm] = useState({ subject: '', agency: '', outcome: '', since: '', until: '' });
  const [asked, setAsked] = useState<typeof form | null>(null);
  const trail = usePages<AuditRow>(
    TRAIL,
    'auditTrail',
    {
      subject: asked?.subject,
      agency: asked?.agency || null,
      outcome: asked?.outcome || null,
      since: asked?.since || null,
      until: asked?.until || null,
    },
    !asked,
  );
  const field = (key: keyof typeof form, type = 'text') => (
    <label>
      {t(`audit.${key}`)}
      <input type={type} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <h2>{t('audit.chain')}</h2>
      <p data-testid="chain-state">
        {chain.data &&
          t('audit.chainState', { length: chain.data.auditChain.length, head: chain.data.auditChain.headHash })}
      </p>
      <button
        type="button"
        onClick={async () => setVerified((await gql<{ verifyAuditChain: Verification }>(VERIFY)).verifyAuditChain)}
      >
        {t('audit.verify')}
      </button>
      <p role="status" data-testid="verify-result">
        {verified &&
          (verified.intact
            ? t('audit.intact', { records: verified.records, head: verified.headHash })
            : t('audit.broken', { seq: verified.firstBad, problem: verified.problem }))}
      </p>
      <h2>{t('audit.trail')}</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (form.subject) setAsked({ ...form });
        }}
      >
        {field('subject')}
        {field('agency')}
        <label>
          {t('audit.outcome')}
          <select value={form.outcome} onChange={(e) => setForm({ ...form, outcome: e.target.value })}>
            <option value="">{t('search.any')}</option>
            <option value="ALLOW">{t('audit.ALLOW')}</option>
            <option value="DENY">{t('audit.DENY')}</option>
          </select>
        </label>
        {field('since', 'date')}
        {field('until', 'date')}
        <button type="submit">{t('audit.show')}</button>
      </form>
      {trail.error && <p role="alert">{trail.error.message}</p>}
      {trail.totalCount !== null && (
        <>
          <AuditTable rows={trail.rows} caption={t('audit.caption', { count: trail.totalCount })} />
          <MoreRecords pages={trail} />
        </>
      )}
    </section>
  );
}
