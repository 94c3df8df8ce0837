import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { GraphQLRequestError, gql } from '../api/graphql';
import { useTopics } from '../api/lists';
import { useQuery } from '../api/use-query';
import { LocalizedInput } from '../components/localized-input';
import { useLang } from '../i18n';
import { Conflict } from './share-conflict';
import { type Draft, draftOf, emptyDraft, inputOf, LATEST, LOAD, type Loaded, SHARE, TEXT_FIELDS } from './share-data';
import { DraftList, ShareMeta } from './share-meta';

/** Share a new practice or edit one of my agency's: save a draft or publish; a newer version is shown beside mine. */
export function SharePage() {
  const { id } = useParams();
  const { t } = useLang();
  const navigate = useNavigate();
  const topics = useTopics();
  const { data, reload } = useQuery<{ practice?: Loaded | null; practiceDrafts: Loaded[] }>(LOAD, {
    id: id ?? '',
    edit: Boolean(id),
  });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [status, setStatus] = useState<string | null>(null);
  const [newer, setNewer] = useState<Loaded | null>(null);
  // The form starts from the loaded practice once per page; a later answer (a reload) never wipes typing.
  const startedFrom = useRef<string | null>(null);
  useEffect(() => {
    const key = id ?? '';
    if (startedFrom.current === key) return;
    const source = data?.practiceDrafts.find((d) => d.id === id) ?? data?.practice;
    if (id && !source) return;
    startedFrom.current = key;
    setDraft(source ? draftOf(source) : emptyDraft());
  }, [data, id]);
  const save = (state: 'DRAFT' | 'PUBLISHED') => async (e?: FormEvent) => {
    e?.preventDefault();
    setStatus(null);
    try {
      const { sharePractice } = await gql<{ sharePractice: { id: string; state: string } }>(SHARE, {
        input: inputOf(draft, state),
      });
      if (state === 'PUBLISHED') navigate(`/practices/${sharePractice.id}`);
      else {
        setDraft((d) => ({ ...d, id: sharePractice.id }));
        setStatus(t('share.saved'));
        reload();
      }
    } catch (error) {
      const conflict = error instanceof GraphQLRequestError && /expectedVersion/.test(JSON.stringify(error.errors));
      if (conflict && draft.id) setNewer((await gql<{ practice: Loaded }>(LATEST, { id: draft.id })).practice);
      setStatus((error as Error).message);
    }
  };
  return (
    <section aria-labelledby="share-title">
      <h1 id="share-title">{id ? t('share.editTitle') : t('share.title')}</h1>
      <DraftList drafts={data?.practiceDrafts ?? []} />
      {newer ? (
        <Conflict
          mine={draft}
          newer={newer}
          onTakeNewer={() => {
            setDraft({
              ...draftOf(newer),
              ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, draft[f]])),
              baseVersion: newer.version,
            });
            setNewer(null);
            setStatus(null);
          }}
        />
      ) : null}
      <form onSubmit={save('PUBLISHED')} className="share">
        {TEXT_FIELDS.map((f) => (
          <LocalizedInput
            key={f}
            id={`practice-${f}`}
            label={t(`practice.${f}`)}
            value={draft[f]}
            multiline={f !== 'title'}
            onChange={(v) => setDraft((d) => ({ ...d, [f]: v }))}
          />
        ))}
        <ShareMeta
          key={draft.id ?? 'new'}
          draft={draft}
          topics={topics}
          onChange={(next) => setDraft((d) => ({ ...d, ...next }))}
        />
        <div className="actions">
          <button type="button" onClick={() => void save('DRAFT')()}>
            {t('share.saveDraft')}
          </button>
          <button type="submit">{t('share.publish')}</button>
        </div>
        {status ? <p role="status">{status}</p> : null}
      </form>
    </section>
  );
}
