/**
 * The assistant, grounded in the graph: it answers from the best matching services, practices and
 * announcements, in the asker's language, and cites every record it used. When the records do not
 * cover the question it says so and offers the closest services instead of guessing. Announcements
 * that changed a cited service are surfaced. Nothing personal is ever read: only public records.
 */
import type { Announcement, Practice, Service } from '../../../schema/domain/index.js';
import type { SearchableLabel } from '../../../schema/domain/queryable.js';
import type { GraphStore } from '../../graph/graph-store.port.js';
import { detectScript, type Script, simplify } from '../../graph/search/text.js';
import { changesTo } from './changes.js';
import type { LanguageModel } from './language-model.port.js';
import { type Candidate, type Ranked, type Record_, rank } from './rank.js';
import { withoutPersonalData } from './redact.js';
import { type Units, units } from './units.js';
import { describeService, WORDS } from './wording.js';

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
  /** The closest records, offered when the answer is not known. */
  readonly suggestions: readonly Citation[];
}

/** Everyday words for what the records call otherwise (Simplified; questions are folded to it first). */
const SYNONYMS: readonly [RegExp, string][] = [
  [/驾照|车牌/g, '驾驶执照'],
  [/社保/g, '社会保险'],
  [/\bcomplain\b/gi, 'complaint'],
  [/\bdriving licen[cs]e\b|\bdriver'?s? licen[cs]e\b/gi, 'driving licence'],
  [/\biamsmart\b/gi, 'iAM Smart'],
];

/** The question in the records' words, for search. */
export function normalise(question: string): string {
  return SYNONYMS.reduce((q, [pattern, canonical]) => q.replace(pattern, canonical), simplify(question));
}

/** The question with the records' own words for each concept it names, so search finds candidates. */
function expanded(question: string, u: Units): string {
  const forms = u.concepts.flatMap((c) => [
    c.forms.find((f) => /^[a-z]/i.test(f)) ?? '',
    c.forms.find((f) => /[\u3400-\u9fff]/u.test(f)) ?? '',
  ]);
  return [normalise(question), ...forms].join(' ');
}

/** How many records of each kind search offers for re-ranking. */
const CANDIDATES = [
  ['Service', 24],
  ['Practice', 12],
  ['Announcement', 12],
] as const;

const cite = (kind: SearchableLabel, record: Record_, lang: Script): Citation => ({
  kind,
  id: record.id,
  title: record.title[lang],
  url: kind === 'Service' ? (record as Service).url : (record.sourceUrl ?? null),
});

const gist = (label: SearchableLabel, r: Record_, lang: Script) =>
  label === 'Service'
    ? describeService(r as Service, lang)
    : `${r.title[lang]}: ${(label === 'Announcement' ? (r as Announcement).body : (r as Practice).summary)[lang]}`;

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
  question = withoutPersonalData(question);
  const u = units(question);
  const ranked = rank(question, u, await candidates(store, expanded(question, u)));
  const main = answering(ranked);
  if (!main) {
    const suggestions = mixed(ranked.slice(0, 3), ranked.slice(3)).map((h) => cite(h.label, h.record, lang));
    return {
      lang,
      known: false,
      text: suggestions.length ? [w.unknown, ...suggestions.map((s) => `- ${s.title}`)].join('\n') : w.none,
      citations: [],
      suggestions,
    };
  }
  const parts = [gist(main.label, main.record, lang)];
  const citations = [cite(main.label, main.record, lang)];
  const changes = main.label === 'Service' ? await changesTo(store, main.record as Service, question, u, today) : [];
  for (const { announcement: a, inForce } of changes)
    parts.push(`${(inForce ? w.changed : w.willChange).replace('{date}', a.effectiveFrom)}: ${a.title[lang]}`);
  // The next best records that also answer the question, in the order they ranked.
  const others = ranked.filter((h) => h !== main && h.answers && h.label !== 'Announcement');
  const also = mixed([main, ...others.slice(0, 2)], others.slice(2)).slice(1);
  if (also.length > 0) {
    parts.push(`${w.also}: ${also.map((h) => h.record.title[lang]).join(lang === 'en' ? '; ' : ';')}`);
    citations.push(...also.map((h) => cite(h.label, h.record, lang)));
  }
  citations.push(...changes.map((c) => cite('Announcement', c.announcement, lang)));
  const retrieved: Answer = { lang, known: true, text: parts.join('\n\n'), citations, suggestions: [] };
  if (!model) return retrieved;
  const given = [main, ...also, ...changes.map((c) => ({ label: 'Announcement' as const, record: c.announcement }))];
  const records = given.map((h) => ({
    kind: h.label,
    id: h.record.id,
    title: h.record.title[lang],
    text: gist(h.label, h.record, lang),
    url: cite(h.label, h.record, lang).url,
  }));
  try {
    const written = await model.complete({ question, lang, records });
    const refusal = ungrounded(written.citations, citations, ranked);
    if (refusal) {
      onModelRefused?.(refusal);
      return retrieved;
    }
    const allowed = new Map(citations.map((c) => [c.id, c]));
    return { ...retrieved, text: written.text, citations: written.citations.map((id) => allowed.get(id) as Citation) };
  } catch (error) {
    onModelRefused?.((error as Error).message);
    return retrieved;
  }
}

/** How far below the best record another may rank and still answer when the best does not. */
const CLOSE = 0.1;

/**
 * The record answering by rank: the best, or when it would answer but for an asked facet it does not
 * give, the next of the first three that answers within CLOSE of it (the practice that gives the
 * figure the service leaves out). None otherwise: a record that is about another group, action,
 * owner or place is not replaced by a weaker one.
 */
function chosen(ranked: readonly Ranked[]): Ranked | undefined {
  const best = ranked[0];
  if (!best || best.answers) return best;
  if (!best.lacksFacet) return undefined;
  return ranked.slice(1, 3).find((h) => h.answers && best.score - h.score <= CLOSE);
}

/**
 * The first three records offered, in rank order, but not three of one kind when a record of another
 * kind ranks within CLOSE of the third: it takes the third place. Three services about one thing
 * (three iAM Smart services, three of Hong Kong's kiosks) say the same of it; a question about its
 * history or figures ("which year was it launched", "where have they put them") is a practice's.
 */
function mixed(first: readonly Ranked[], rest: readonly Ranked[]): readonly Ranked[] {
  const [a, b, c] = first;
  if (!a || !b || !c || b.label !== a.label || c.label !== a.label) return first;
  const other = rest.find((h) => h.label !== a.label && c.score - h.score <= CLOSE);
  return other ? [a, b, other] : first;
}

/**
 * The record to answer from, unless the choice between two kinds of record is a guess: another of
 * the first three, of another kind (a practice or a notice against a service), also answers, holds
 * more of the question (coverage) and ranks within CLOSE of it, below it only by the kind preferred
 * or a title bonus. Then neither is said to be the answer and both are offered (a practice's figure
 * against its service, a notice of an event against the practice it led to). Not contested: a notice
 * of a change to the service answered from (the answer tells of it and cites it), and a practice and
 * a notice about the same services (two accounts of one matter: either answers).
 */
function answering(ranked: readonly Ranked[]): Ranked | undefined {
  const main = chosen(ranked);
  if (!main) return undefined;
  const contested = ranked
    .slice(0, 3)
    .some(
      (h) =>
        h.label !== main.label &&
        h.answers &&
        h.coverage > main.coverage &&
        main.score - h.score <= CLOSE &&
        !changeOf(h, main) &&
        !sameMatter(h, main),
    );
  return contested ? undefined : main;
}

const related = (h: Ranked): readonly string[] => (h.record as Practice | Announcement).relatedServices ?? [];

/** A notice of a change to the other record, a service: an answer from the service tells of it and cites it. */
const changeOf = (a: Ranked, b: Ranked) => {
  const [notice, service] = a.label === 'Announcement' ? [a, b] : [b, a];
  return notice.label === 'Announcement' && service.label === 'Service' && related(notice).includes(service.record.id);
};

/** A practice and a notice about the same services. */
const sameMatter = (a: Ranked, b: Ranked) =>
  a.label !== 'Service' && b.label !== 'Service' && related(a).some((id) => related(b).includes(id));

/**
 * Records search offers for the question, loaded: asked per kind, so that however search orders the
 * kinds against each other (services first, at equal match), notices and practices are still weighed.
 */
async function candidates(store: GraphStore, text: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const [label, first] of CANDIDATES) {
    const ids = (await store.search({ text, labels: [label], first })).map((h) => h.id);
    if (ids.length === 0) continue;
    for (const record of (await store.getByIds(label, ids)) as (Record_ | null)[])
      if (record) out.push({ label, record });
  }
  return out;
}

/**
 * Why a model's answer cannot stand, or undefined when it can: it must cite only records it was
 * given, at least one, and at least one that supports the question itself, by the same check as the
 * retrieval answer (rank.ts, support.ts: its subjects, places, and the facts asked, such as a fee or
 * hours). A notice of a change to the service, cited alone, does not; the refusal says why each
 * cited record falls short.
 */
function ungrounded(cited: readonly string[], given: readonly Citation[], ranked: readonly Ranked[]) {
  if (cited.length === 0) return 'it cited nothing';
  const foreign = cited.filter((id) => !given.some((c) => c.id === id));
  if (foreign.length > 0) return `it cited records it was not given: ${foreign.join(', ')}`;
  const judged = cited.map((id) => ranked.find((h) => h.record.id === id));
  if (judged.some((h) => h?.answers)) return undefined;
  const why = cited.map((id, i) => `${id} (${judged[i]?.why ?? 'not among the records weighed'})`);
  return `the records it cited do not support the question: ${why.join(', ')}`;
}
