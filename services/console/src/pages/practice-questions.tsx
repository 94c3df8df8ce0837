import { useState } from 'react';
import { gql } from '../api/graphql';
import { useClaims } from '../auth/use-session';
import { useLang } from '../i18n';
import { formatDateTime } from '../i18n/time';
import type { Question } from './practice-query';

const ANSWER = 'mutation Answer($input: AnswerQuestionInput!) { answerQuestion(input: $input) { id } }';

/** The questions put to the owning agency; its officials answer here. */
export function QuestionThread(props: { questions: readonly Question[]; ownerAgency: string; onChange: () => void }) {
  const { t, l, lang } = useLang();
  const claims = useClaims();
  const owner = claims?.agency === props.ownerAgency;
  return (
    <section aria-labelledby="qa-title">
      <h2 id="qa-title">{t('qa.title')}</h2>
      {props.questions.length === 0 ? <p>{t('none')}</p> : null}
      <ul className="thread">
        {props.questions.map((q) => (
          <li key={q.id}>
            <p>
              <strong>{q.askedBy.username}</strong> ({l(q.askedBy.agency.name)},{' '}
              <time dateTime={q.askedAt}>{formatDateTime(q.askedAt, lang)}</time>): {q.text}
            </p>
            <ul>
              {q.answers.map((a) => (
                <li key={a.id}>
                  <strong>{a.answeredBy.username}</strong> (
                  <time dateTime={a.answeredAt}>{formatDateTime(a.answeredAt, lang)}</time>): {a.text}
                </li>
              ))}
            </ul>
            {owner ? <AnswerForm question={q.id} onDone={props.onChange} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AnswerForm({ question, onDone }: { question: string; onDone: () => void }) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = `answer-${question}`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        gql(ANSWER, { input: { question, text } }).then(
          () => {
            setText('');
            onDone();
          },
          (err: Error) => setError(err.message),
        );
      }}
    >
      <label htmlFor={id}>{t('qa.answer')}</label>
      <textarea id={id} value={text} onChange={(e) => setText(e.target.value)} required />
      <button type="submit">{t('qa.send')}</button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
