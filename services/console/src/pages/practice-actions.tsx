import { useState } from 'react';
import { gql } from '../api/graphql';
import { Select } from '../components/choice';
import { useLang } from '../i18n';

const ASK = 'mutation Ask($input: AskOwnerInput!) { askOwner(input: $input) { id } }';
const ADOPT = 'mutation Adopt($input: AdoptPracticeInput!) { adoptPractice(input: $input) { status } }';

export function AskForm({ practice, onDone }: { practice: string; onDone: () => void }) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  return (
    <form
      aria-labelledby="ask-title"
      onSubmit={(e) => {
        e.preventDefault();
        gql(ASK, { input: { practice, text } }).then(
          () => {
            setText('');
            setStatus(t('qa.sent'));
            onDone();
          },
          (err: Error) => setStatus(err.message),
        );
      }}
    >
      <h2 id="ask-title">{t('qa.ask')}</h2>
      <label htmlFor="ask-text">{t('qa.question')}</label>
      <textarea id="ask-text" value={text} onChange={(e) => setText(e.target.value)} required />
      <button type="submit">{t('qa.send')}</button>
      {status ? <p role="status">{status}</p> : null}
    </form>
  );
}

export function AdoptForm({ practice, onDone }: { practice: string; onDone: () => void }) {
  const { t } = useLang();
  const [status, setStatus] = useState('ADOPTED');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [result, setResult] = useState<string | null>(null);
  return (
    <form
      aria-labelledby="adopt-title"
      onSubmit={(e) => {
        e.preventDefault();
        gql(ADOPT, { input: { practice, status, date } }).then(
          () => {
            setResult(t('adopt.done'));
            onDone();
          },
          (err: Error) => setResult(err.message),
        );
      }}
    >
      <h2 id="adopt-title">{t('adopt.title')}</h2>
      <Select
        label={t('adopt.status')}
        value={status}
        options={['ADOPTED', 'PILOTED', 'REJECTED'].map((s) => ({ value: s, label: t(`adoption.${s}`) }))}
        onChange={setStatus}
      />
      <label>
        {t('adopt.date')}
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
      </label>
      <button type="submit">{t('adopt.submit')}</button>
      {result ? <p role="status">{result}</p> : null}
    </form>
  );
}
