import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { gql } from '../api/graphql';
import { useLang } from '../i18n';

const ASK = `query Ask($question: String!) {
  ask(question: $question) { known text citations { kind id title url } suggestions { kind id title url } }
}`;

interface Citation {
  kind: 'SERVICE' | 'PRACTICE' | 'ANNOUNCEMENT';
  id: string;
  title: string;
}
interface Turn {
  question: string;
  answer?: { known: boolean; text: string; citations: Citation[]; suggestions: Citation[] };
  error?: string;
}

const pathOf = (c: Citation) =>
  c.kind === 'SERVICE'
    ? `/services/${c.id}`
    : c.kind === 'PRACTICE'
      ? `/practices/${c.id}`
      : `/announcements?id=${c.id}`;

/** A chat with the assistant; it answers in the language asked, each citation a link to its page. */
export function AssistantPage() {
  const { t } = useLang();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const ask = (e: FormEvent) => {
    e.preventDefault();
    const question = text.trim();
    if (!question) return;
    setBusy(true);
    setText('');
    gql<{ ask: Turn['answer'] }>(ASK, { question })
      .then(
        (d) => setTurns((ts) => [...ts, { question, ...(d.ask ? { answer: d.ask } : {}) }]),
        (err: Error) => setTurns((ts) => [...ts, { question, error: err.message }]),
      )
      .finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="assistant-title">
      <h1 id="assistant-title">{t('assistant.title')}</h1>
      <ol className="chat" aria-live="polite" data-testid="chat">
        {turns.map((turn, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: turns are only ever appended.
          <li key={i}>
            <p className="q">{turn.question}</p>
            {turn.error ? <p role="alert">{turn.error}</p> : null}
            {turn.answer ? (
              <div className="a">
                <p>
                  <Linked text={turn.answer.text} />
                </p>
                <Citations title={t('assistant.sources')} list={turn.answer.citations} />
                <Citations title={t('assistant.suggestions')} list={turn.answer.suggestions} />
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <form onSubmit={ask} className="ask">
        <label htmlFor="question">{t('assistant.label')}</label>
        <textarea id="question" value={text} onChange={(e) => setText(e.target.value)} rows={2} />
        <button type="submit" disabled={busy}>
          {busy ? t('loading') : t('assistant.send')}
        </button>
      </form>
    </section>
  );
}

function Citations({ title, list }: { title: string; list: Citation[] }) {
  if (!list.length) return null;
  return (
    <nav aria-label={title} className="citations">
      <h2>{title}</h2>
      <ol>
        {list.map((c) => (
          <li key={`${c.kind}:${c.id}`}>
            <Link to={pathOf(c)}>{c.title}</Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const URL_IN_TEXT = /(https?:\/\/[^\s<>"')\]]+)/;

/** The answer's text with each web address a link (opened without handing this page to the other site). */
export function Linked({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_IN_TEXT).map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text.
          <a key={i} href={part} rel="noopener noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}
