import { type FormEvent, useState } from 'react';
import { gql } from '../api/graphql';
import { Select } from '../components/choice';
import { LocalizedInput } from '../components/localized-input';
import { type LocalizedText, useLang } from '../i18n';

const PUBLISH = 'mutation Publish($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { id } }';
const EMPTY: LocalizedText = { en: '', zhHant: '', zhHans: '' };
export const KINDS = ['POLICY_ADJUSTMENT', 'PROCEDURE_UPDATE', 'SERVICE_OUTAGE', 'NEW_SERVICE'];

/** An official publishes for their own agency (from the token); the API names any bad field. */
export function PublishForm({
  agency,
  agencyName,
  onDone,
}: {
  agency: string;
  agencyName: string;
  onDone: () => void;
}) {
  const { t } = useLang();
  const [title, setTitle] = useState(EMPTY);
  const [body, setBody] = useState(EMPTY);
  const [kind, setKind] = useState('PROCEDURE_UPDATE');
  const [importance, setImportance] = useState('NORMAL');
  const [effectiveFrom, setEffectiveFrom] = useState(new Date().toISOString().slice(0, 10));
  const [status, setStatus] = useState<string | null>(null);
  const keyed = (list: string[], prefix: string) => list.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { agency, title, body, kind, importance, effectiveFrom, relatedServices: [] };
    gql(PUBLISH, { input }).then(
      () => {
        setStatus(t('ann.published'));
        setTitle(EMPTY);
        setBody(EMPTY);
        onDone();
      },
      (err: Error) => setStatus(err.message),
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby="publish-title" className="publish">
      <h2 id="publish-title">{t('ann.publish', { agency: agencyName })}</h2>
      <LocalizedInput id="ann-title-input" label={t('ann.titleField')} value={title} onChange={setTitle} />
      <LocalizedInput id="ann-body-input" label={t('ann.body')} value={body} onChange={setBody} multiline />
      <Select label={t('ann.kind')} value={kind} options={keyed(KINDS, 'annKind')} onChange={setKind} />
      <Select
        label={t('ann.importance')}
        value={importance}
        options={keyed(['NORMAL', 'MAJOR'], 'importance')}
        onChange={setImportance}
      />
      <label>
        {t('ann.effectiveFrom')}
        <input type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} required />
      </label>
      <button type="submit">{t('ann.submit')}</button>
      {status ? <p role="status">{status}</p> : null}
    </form>
  );
}
