/**
 * The assistant, grounded in the graph: it answers from the best matching services, practices and
 * announcements, in the asker's language, and cites every record it used. When the records do not
 * cover the question it says so and offers the closest services instead of guessing. Announcements
 * that changed a cited service are surfaced. Nothing personal is ever read: only public records.
 */
import type { Announcement, Practice, Service } from '../../../schema/domain/index.js';
import { type SearchableLabel, searchDocument } from '../../../schema/domain/queryable.js';
import type { GraphStore } from '../../graph/graph-store.port.js';
import { detectScript, indexText, type Script, simplify, terms } from '../../graph/search/text.js';
import type { LanguageModel } from './language-model.port.js';
import { withoutPersonalData } from './redact.js';

export interface Citation {
  readonly kind: SearchableLabel;
  readonly id: string;
  readonly title: string;
  readonly url: string | null;
}

export interface Answer {
  readonly lang: Script;
  /** False when no record covers the question well enough to answer from it. */
  readonly known: boolean;
  readonly text: string;
  readonly citations: readonly Citation[];
  /** The closest services, offered when the answer is not known. */
  readonly suggestions: readonly Citation[];
}

/** Share of the question's terms a record must hold for the assistant to answer from it. */
const COVERAGE = 0.5;

/** Everyday words for what the records call otherwise (Simplified; questions are folded to it first). */
const SYNONYMS: readonly [RegExp, string][] = [
  [/驾照|车牌/g, '驾驶执照'],
  [/社保/g, '社会保险'],
  [/\bcomplain\b/gi, 'complaint'],
  [/\bdriving licen[cs]e\b|\bdriver'?s? licen[cs]e\b/gi, 'driving licence'],
  [/\biamsmart\b/gi, 'iAM Smart'],
];

/** Question words and particles that say how a question is asked, not what it is about. */
const PARTICLES =
  /怎么样|怎么|怎样|点样|如何|什么|甚么|可以|需要|应该|吗|呢|嘅|咗|喺|啲|我|你|的|了|去|要|想|点|办|成/g;

const CJK = /[\u3400-\u9fff]/u;

/** The question in the records' words. */
export function normalise(question: string): string {
  return SYNONYMS.reduce((q, [pattern, canonical]) => q.replace(pattern, canonical), simplify(question));
}

type Words = Record<'who' | 'steps' | 'channels' | 'more' | 'changed' | 'unknown' | 'also' | 'none', string>;

const WORDS: Record<Script, Words> = {
  en: {
    who: 'Who can use it',
    steps: 'Steps',
    channels: 'Channels',
    more: 'More',
    changed: 'Since {date} it has changed',
    unknown: 'I could not find this in the records of GBA Exchange. The closest services are:',
    also: 'See also',
    none: 'I could not find this in the records of GBA Exchange.',
  },
  zhHant: {
    who: '適用對象',
    steps: '步驟',
    channels: '渠道',
    more: '詳情',
    changed: '自{date}起有變',
    unknown: '大灣區服務平台的紀錄中未有這方面的資料。最接近的服務是:',
    also: '另見',
    none: '大灣區服務平台的紀錄中未有這方面的資料。',
  },
  zhHans: {
    who: '适用对象',
    steps: '步骤',
    channels: '渠道',
    more: '详情',
    changed: '自{date}起有变',
    unknown: '大湾区服务平台的记录中没有这方面的资料。最接近的服务是:',
    also: '另见',
    none: '大湾区服务平台的记录中没有这方面的资料。',
  },
};

const CHANNELS: Record<Script, Record<string, string>> = {
  en: { online: 'online', app: 'app', kiosk: 'kiosk', counter: 'counter', phone: 'phone' },
  zhHant: { online: '網上', app: '手機應用程式', kiosk: '自助服務機', counter: '櫃檯', phone: '電話' },
  zhHans: { online: '在线', app: '手机应用', kiosk: '自助机', counter: '窗口', phone: '电话' },
};

type Record_ = Service | Practice | Announcement;

/**
 * How much of the question a record covers: English by word stems, Chinese by characters (bigrams
 * of a colloquial question rarely meet the records' wording), question words left out.
 */
function coverage(question: string, label: SearchableLabel, record: Record_): number {
  const doc = searchDocument(label, record as never);
  const text = simplify(`${doc.title} ${doc.body}`);
  const latin = [
    ...new Set(
      terms(question)
        .filter((t) => t.latin)
        .map((t) => t.term),
    ),
  ];
  const chars = [...new Set([...question.replace(PARTICLES, '')].filter((c) => CJK.test(c)))];
  const wanted = latin.length + chars.length;
  if (wanted === 0) return 0;
  const held = new Set(indexText(text).split(' '));
  return (latin.filter((t) => held.has(t)).length + chars.filter((c) => text.includes(c)).length) / wanted;
}

const cite = (kind: SearchableLabel, record: Record_, lang: Script): Citation => ({
  kind,
  id: record.id,
  title: record.title[lang],
  url: kind === 'Service' ? (record as Service).url : (record.sourceUrl ?? null),
});

function describeService(s: Service, lang: Script): string {
  const w = WORDS[lang];
  const steps = s.steps.map((step, i) => `${i + 1}. ${step[lang]}`).join(' ');
  const channels = s.channels.map((c) => CHANNELS[lang][c] ?? c).join(lang === 'en' ? ', ' : '、');
  return [
    `${s.title[lang]}: ${s.summary[lang]}`,
    `${w.who}: ${s.eligibility[lang]}`,
    `${w.steps}: ${steps}`,
    `${w.channels}: ${channels}`,
    ...(s.url ? [`${w.more}: ${s.url}`] : []),
  ].join('\n');
}

export interface AnswerOptions {
  /** Answer in this script; detected from the question when absent. */
  readonly lang?: Script;
  /** The day announcements are current at. @default now */
  readonly today?: Date;
  /** Writes the answer from the retrieved records; its citations are checked. Off when absent. */
  readonly model?: LanguageModel;
  /** Told when the model's answer was refused or failed (the retrieval answer stands). */
  readonly onModelRefused?: (reason: string) => void;
}

export async function answer(
  store: GraphStore,
  question: string,
  { lang: asked, today = new Date(), model, onModelRefused }: AnswerOptions = {},
): Promise<Answer> {
  const lang = asked ?? detectScript(question);
  const w = WORDS[lang];
  // Personal data in a question is never used to find records (nor kept: see redact.ts).
  question = normalise(withoutPersonalData(question));
  const hits = await store.search({ text: question, labels: ['Service', 'Practice', 'Announcement'], first: 8 });
  const load = async (label: SearchableLabel, ids: string[]) =>
    ids.length ? ((await store.getByIds(label, ids)).filter(Boolean) as Record_[]) : [];
  const byKey = new Map<string, Record_>();
  for (const label of ['Service', 'Practice', 'Announcement'] as const) {
    for (const r of await load(
      label,
      hits.filter((h) => h.label === label).map((h) => h.id),
    ))
      byKey.set(`${label}:${r.id}`, r);
  }
  const scored = hits
    .map((h) => ({ label: h.label, record: byKey.get(`${h.label}:${h.id}`) as Record_ }))
    .filter((h) => h.record)
    .map((h) => ({ ...h, coverage: coverage(question, h.label, h.record) }));
  // Records holding more of the question first; search's own order breaks ties.
  const good = scored.filter((h) => h.coverage >= COVERAGE).sort((a, b) => b.coverage - a.coverage);
  const main = good.find((h) => h.label === 'Service') ?? good[0];
  if (!main) {
    const closest = scored.filter((h) => h.label === 'Service').slice(0, 3);
    const suggestions = closest.map((h) => cite('Service', h.record, lang));
    return {
      lang,
      known: false,
      text: suggestions.length ? [w.unknown, ...suggestions.map((s) => `- ${s.title}`)].join('\n') : w.none,
      citations: [],
      suggestions,
    };
  }
  const parts: string[] = [];
  const citations: Citation[] = [];
  let change: Announcement | undefined;
  if (main.label === 'Service') {
    const service = main.record as Service;
    parts.push(describeService(service, lang));
    citations.push(cite('Service', service, lang));
    // A recent change to the cited service, where people look first.
    const changes = await store.find('Announcement', {
      where: [{ field: 'relatedServices', op: 'containsAny', values: [service.id] }],
      first: 50,
    });
    change = changes.records
      .filter((a) => Date.parse(a.publishedAt) <= today.getTime())
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))[0];
    if (change) parts.push(`${w.changed.replace('{date}', change.effectiveFrom)}: ${change.title[lang]}`);
  } else {
    const text = main.label === 'Announcement' ? (main.record as Announcement).body : (main.record as Practice).summary;
    parts.push(`${main.record.title[lang]}: ${text[lang]}`);
    citations.push(cite(main.label, main.record, lang));
  }
  // The next best records the question also matches, in the order search ranked them.
  const also = good.filter((h) => h !== main && h.label !== 'Announcement').slice(0, 2);
  if (also.length > 0) {
    parts.push(`${w.also}: ${also.map((h) => h.record.title[lang]).join(lang === 'en' ? '; ' : ';')}`);
    citations.push(...also.map((h) => cite(h.label, h.record, lang)));
  }
  if (change) citations.push(cite('Announcement', change, lang));
  const retrieved: Answer = { lang, known: true, text: parts.join('\n\n'), citations, suggestions: [] };
  if (!model) return retrieved;
  const records = [main, ...also].map((h) => ({
    kind: h.label,
    id: h.record.id,
    title: h.record.title[lang],
    text:
      h.label === 'Service'
        ? describeService(h.record as Service, lang)
        : (h.label === 'Announcement' ? (h.record as Announcement).body : (h.record as Practice).summary)[lang],
    url: cite(h.label, h.record, lang).url,
  }));
  if (change)
    records.push({
      kind: 'Announcement',
      id: change.id,
      title: change.title[lang],
      text: change.body[lang],
      url: change.sourceUrl,
    });
  try {
    const written = await model.complete({ question, lang, records });
    const allowed = new Map(citations.map((c) => [c.id, c]));
    const foreign = written.citations.filter((id) => !allowed.has(id));
    if (written.citations.length === 0 || foreign.length > 0) {
      onModelRefused?.(
        foreign.length ? `it cited records it was not given: ${foreign.join(', ')}` : 'it cited nothing',
      );
      return retrieved;
    }
    return { ...retrieved, text: written.text, citations: written.citations.map((id) => allowed.get(id) as Citation) };
  } catch (error) {
    onModelRefused?.((error as Error).message);
    return retrieved;
  }
}
