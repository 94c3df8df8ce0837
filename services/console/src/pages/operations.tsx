/** Operators: partner systems with their traffic, the dead-letter queue (masked inspect, replay with each outcome), outbound topics. */
import { useState } from 'react';
import { gql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { useLang } from '../i18n';
import { formatDateTime } from '../i18n/time';

// Three queries, not one: each stays under the gateway's cost limit.
const PARTNERS = `{ partnerSystems { source name agency authority traffic { type
  lastHour { accepted rejected rejectedByReason { reason count } } lastDay { accepted rejected rejectedByReason { reason count } } } } }`;
const LETTERS = `query Letters($reason: String, $partner: String) {
  deadLetters(reason: $reason, partner: $partner) { dlqOffset reason message eventId source type rejectedAt } }`;
const TOPICS = '{ outboundTopics(last: 10) { topic total recent { offset appendedAt type id subject } } }';
const INSPECT = 'query D($o: ID!) { deadLetter(dlqOffset: $o) { body headers { name value } } }';
const REPLAY = 'mutation R($o: [ID!]!) { replayDeadLetters(dlqOffsets: $o) { dlqOffset eventId outcome reason } }';

interface Window {
  accepted: number;
  rejected: number;
  rejectedByReason: { reason: string; count: number }[];
}
interface Overview {
  partnerSystems: {
    source: string;
    name: string;
    agency: string;
    authority: string[];
    traffic: { type: string; lastHour: Window; lastDay: Window }[];
  }[];
  deadLetters: {
    dlqOffset: string;
    reason: string;
    message: string;
    eventId: string | null;
    source: string | null;
    type: string | null;
    rejectedAt: string;
  }[];
  outboundTopics: {
    topic: string;
    total: number;
    recent: { offset: string; appendedAt: string; type: string; id: string; subject: string }[];
  }[];
}
interface Outcome {
  dlqOffset: string;
  eventId: string | null;
  outcome: string;
  reason: string | null;
}

const windowText = (w: Window) =>
  `${w.accepted} / ${w.rejected}${w.rejectedByReason.length ? ` (${w.rejectedByReason.map((r) => `${r.reason} ${r.count}`).join(', ')})` : ''}`;

export function OperationsPage() {
  const { t, lang } = useLang();
  const [filter, setFilter] = useState({ reason: '', partner: '' });
  const partners = useQuery<Pick<Overview, 'partnerSystems'>>(PARTNERS, {});
  const letters = useQuery<Pick<Overview, 'deadLetters'>>(LETTERS, {
    reason: filter.reason || null,
    partner: filter.partner || null,
  });
  const topics = useQuery<Pick<Overview, 'outboundTopics'>>(TOPICS, {});
  const data = { ...partners.data, ...letters.data, ...topics.data };
  const error = partners.error ?? letters.error ?? topics.error;
  const reload = () => {
    partners.reload();
    letters.reload();
    topics.reload();
  };
  const [inspected, setInspected] = useState<{ offset: string; body: string } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const replay = async (offsets: string[]) => {
    setOutcomes((await gql<{ replayDeadLetters: Outcome[] }>(REPLAY, { o: offsets })).replayDeadLetters);
    reload();
  };
  return (
    <section aria-labelledby="ops-title">
      <h1 id="ops-title">{t('ops.title')}</h1>
      {error && <p role="alert">{error.message}</p>}
      <h2>{t('ops.partners')}</h2>
      <table data-testid="partners">
        <caption>{t('ops.trafficCaption')}</caption>
        <thead>
          <tr>
            {['partner', 'authority', 'type', 'hour', 'day'].map((c) => (
              <th key={c} scope="col">
                {t(`ops.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.partnerSystems?.flatMap((p) =>
            (p.traffic.length ? p.traffic : [null]).map((tr, i) => (
              <tr key={`${p.source}-${tr?.type ?? 'none'}`}>
                <td>{i === 0 ? `${p.name} (${p.source})` : ''}</td>
                <td>{i === 0 ? p.authority.join(' ') : ''}</td>
                <td>{tr?.type ?? '—'}</td>
                <td>{tr ? windowText(tr.lastHour) : '—'}</td>
                <td>{tr ? windowText(tr.lastDay) : '—'}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <h2>{t('ops.dlq')}</h2>
      <div className="filters">
        <label>
          {t('ops.reason')}
          <input value={filter.reason} onChange={(e) => setFilter({ ...filter, reason: e.target.value })} />
        </label>
        <label>
          {t('ops.partner')}
          <input value={filter.partner} onChange={(e) => setFilter({ ...filter, partner: e.target.value })} />
        </label>
        <button
          type="button"
          disabled={!data.deadLetters?.length}
          onClick={() => replay(data.deadLetters?.map((d) => d.dlqOffset) ?? [])}
        >
          {t('ops.replayAll')}
        </button>
      </div>
      <ul data-testid="dead-letters">
        {data.deadLetters?.map((d) => (
          <li key={d.dlqOffset}>
            {formatDateTime(d.rejectedAt, lang)} · <strong>{d.reason}</strong> · {d.type ?? '?'} · {d.eventId ?? '—'} ·{' '}
            {d.message}{' '}
            <button
              type="button"
              onClick={async () =>
                setInspected({
                  offset: d.dlqOffset,
                  body: (await gql<{ deadLetter: { body: string } }>(INSPECT, { o: d.dlqOffset })).deadLetter.body,
                })
              }
            >
              {t('ops.inspect')}
            </button>{' '}
            <button type="button" onClick={() => replay([d.dlqOffset])}>
              {t('ops.replay')}
            </button>
          </li>
        ))}
      </ul>
      {inspected && (
        <figure>
          <figcaption>{t('ops.masked', { offset: inspected.offset })}</figcaption>
          <pre data-testid="inspected">{inspected.body}</pre>
        </figure>
      )}
      <ul role="status" data-testid="replay-outcomes">
        {outcomes.map((o) => (
          <li key={o.dlqOffset}>
            {t('ops.outcome', { id: o.eventId ?? o.dlqOffset, outcome: o.outcome })}
            {o.reason ? ` (${o.reason})` : ''}
          </li>
        ))}
      </ul>
      <h2>{t('ops.topics')}</h2>
      {data.outboundTopics?.map((topic) => (
        <details key={topic.topic} open>
          <summary>{t('ops.topic', { topic: topic.topic, total: topic.total })}</summary>
          <ul>
            {topic.recent.map((m) => (
              <li key={m.offset}>
                {formatDateTime(m.appendedAt, lang)} · {m.type} · {m.subject} · {m.id}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}
