/**
 * The assistant's own ranking of the records search found, and its judgement of whether the best one
 * answers the question. Search (services/graph/search) finds candidates by terms; here a record is
 * scored by how much of the question's meaning it holds, field by field:
 * - a concept or word in the title counts fully, in the summary (or eligibility, or an announcement's
 *   body) 0.8, elsewhere 0.5;
 * - subjects (services, documents, programmes) weigh 3, places 1.5, actions 1, Hong Kong and "the
 *   Greater Bay Area" 0.5, leftover English words 1 and Chinese character pairs 0.5;
 * - a place is held by a record naming it, a wider place (the Mainland holds Shenzhen) or a narrower
 *   one (Qianhai holds Shenzhen);
 * - intent cues move practices (how did…, lessons, proposals, usage figures, 经验) and announcements
 *   (when, moved, 几时) up; a title naming the asked subject or action (renewal) moves a record up.
 * A record answers only when it holds every subject of the question and has one of them in its title
 * (or, for a question naming no subject the glossary knows, holds at least COVERED of its other
 * words), holds every place asked about, belongs to the government whose services are asked for, if
 * one is named (owner.ts), covers at least COVERED of the question's weight (chosen on the dev split,
 * with margin; see docs/assistant.md), and supports the question's key content (support.ts: the
 * facts asked by type, such as a fee, hours or a venue, and districts the glossary does not know).
 */
import type { Announcement, Practice, Service } from '../../../schema/domain/index.js';
import type { SearchableLabel } from '../../../schema/domain/queryable.js';
import { terms } from '../../graph/search/text.js';
import { type Concept, WEIGHT } from './concept.js';
import { actionsIn, offersActions } from './document-actions.js';
import { byId } from './glossary.js';
import { askedGroups, type Group, namedGroups, servesGroups, withoutGroups } from './groups.js';
import { ownerOf } from './owner.js';
import { askedActions, askedObjects, type KeyContent, keyContent, unsupported } from './support.js';
import { findConcepts, fold, type Units } from './units.js';

export type Record_ = Service | Practice | Announcement;

export interface Candidate {
  readonly label: SearchableLabel;
  readonly record: Record_;
}

export interface Ranked extends Candidate {
  /** Share of the question's weight the record holds, field weights applied (0–1). */
  readonly coverage: number;
  readonly score: number;
  readonly answers: boolean;
  /** It would answer but for key content it does not support (support.ts: a fee, hours, a district). */
  readonly lacksFacet: boolean;
  /** Why it does not answer (the first reason), or undefined when it does. */
  readonly why?: string;
}

/** Least coverage for an answer; below it the assistant says the records do not cover the question. */
export const COVERED = 0.45;

const FIELD = [1, 0.8, 0.5] as const;

interface Fields {
  readonly concepts: Map<string, number>;
  readonly stems: Map<string, number>;
  readonly text: readonly string[];
  readonly title: ReadonlySet<string>;
  /** The places the title says the record is in or for ("kiosk in Macao"), its groups of residents left out. */
  readonly where: ReadonlySet<string>;
  /** The groups of residents its title, summary and eligibility name (groups.ts). */
  readonly served: ReadonlySet<Group>;
}

type Localized = { en: string; zhHant: string; zhHans: string };
const all = (...ts: Localized[]) => ts.map((t) => `${t.en} ${t.zhHant} ${t.zhHans}`).join(' ');

function fieldTexts(label: SearchableLabel, r: Record_): [string, string, string] {
  if (label === 'Service') {
    const s = r as Service;
    return [all(s.title), all(s.summary, s.eligibility), all(...s.steps)];
  }
  if (label === 'Practice') {
    const p = r as Practice;
    return [all(p.title), all(p.summary), all(p.problem, p.approach, p.results, p.lessons)];
  }
  const a = r as Announcement;
  return [all(a.title), all(a.body), noticeItself(a)];
}

/**
 * What a notice states of itself beyond its text, from its fields: its importance and when it was
 * published (asked "was it a major announcement", "what time did the notice go out").
 */
function noticeItself(a: Announcement): string {
  const [day, time] = a.publishedAt.split('T');
  const [y, m, d] = (day ?? '').split('-').map(Number);
  const at = `${time?.slice(0, 5) ?? ''}`;
  return a.importance === 'major'
    ? `a major announcement, published ${day} ${at}. 重大公告，${y}年${m}月${d}日${at}发布。`
    : `a normal announcement, published ${day} ${at}. 一般公告，${y}年${m}月${d}日${at}发布。`;
}

const cache = new Map<string, Fields>();

/** What each field of a record holds, best field weight kept; cached by record and version. */
function fields(label: SearchableLabel, r: Record_): Fields {
  const version = r as { updatedAt?: string; publishedAt?: string };
  const key = `${label}:${r.id}:${version.updatedAt ?? ''}:${version.publishedAt ?? ''}:${r.title.en}`;
  const known = cache.get(key);
  if (known) return known;
  const concepts = new Map<string, number>();
  const stems = new Map<string, number>();
  const text: string[] = [];
  const title = new Set<string>();
  fieldTexts(label, r).forEach((raw, i) => {
    const folded = fold(raw);
    text.push(folded);
    const weight = FIELD[i] as number;
    for (const c of findConcepts(folded).concepts)
      for (const id of [c.id, ...(c.holds ?? [])]) {
        concepts.set(id, Math.max(concepts.get(id) ?? 0, weight));
        if (i === 0) title.add(id);
      }
    for (const t of terms(folded)) if (t.latin) stems.set(t.term, Math.max(stems.get(t.term) ?? 0, weight));
  });
  const where = new Set(
    findConcepts(withoutGroups(text[0] ?? ''))
      .concepts.filter((c) => c.kind === 'place')
      .map((c) => c.id),
  );
  const served = namedGroups(`${text[0]} ${text[1]}`);
  const out = { concepts, stems, text, title, where, served };
  if (cache.size > 5000) cache.clear();
  cache.set(key, out);
  return out;
}

const within = (id: string) => byId.get(id)?.within ?? [];

const related = (a: string, b: string) => a === b || within(a).includes(b) || within(b).includes(a);

/**
 * How well a record holds a place: naming it or a narrower one (Qianhai holds Shenzhen), or a wider
 * one (the Mainland holds Shenzhen) unless it is elsewhere: it names another Mainland place (a
 * record about Nansha does not answer for Shenzhen by saying "Mainland residents"), or its title
 * says it is in another place (Hong Kong's kiosk in Macao is "outside Hong Kong" but not in Zhuhai).
 */
function placeHeld(place: Concept, f: Fields): number {
  let best = f.concepts.get(place.id) ?? 0;
  const named = [...f.concepts.keys()].filter((id) => byId.get(id)?.kind === 'place');
  for (const id of named) if (within(id).includes(place.id)) best = Math.max(best, (f.concepts.get(id) ?? 0) * 0.8);
  const elsewhere =
    named.some((id) => within(id).includes('mainland') && !related(id, place.id)) ||
    [...f.where].some((id) => !related(id, place.id));
  if (!elsewhere) for (const wider of place.within ?? []) best = Math.max(best, (f.concepts.get(wider) ?? 0) * 0.8);
  return best;
}

/**
 * The part of a question a record's title does not already say: what a question about a service
 * asks beyond the service itself (queue tickets, a new login), by which its notices are told apart.
 */
export function beyondTitle(u: Units, label: SearchableLabel, record: Record_): Units {
  const f = fields(label, record);
  return {
    concepts: u.concepts.filter((c) => c.kind !== 'broad' && !f.title.has(c.id)),
    words: u.words.filter((w) => (f.stems.get(w) ?? 0) < FIELD[0]),
    pairs: u.pairs.filter((p) => !f.text[0]?.includes(p)),
  };
}

/** The concepts of a record that are a kind of `id` (穗好办 and i深圳 are apps), with `id` itself. */
const kindsOf = (id: string, ids: Iterable<string>) =>
  [...ids].filter((x) => x === id || (byId.get(x)?.isA ?? []).includes(id));

/**
 * How well a record holds a subject: naming it, or naming something of its kind a little less
 * (asked for "a Guangzhou app", a record titled 穗好办 answers; one titled "app" would do better).
 */
function subjectHeld(c: Concept, f: Fields): number {
  const direct = f.concepts.get(c.id) ?? 0;
  return kindsOf(c.id, f.concepts.keys()).reduce((best, x) => Math.max(best, (f.concepts.get(x) ?? 0) * 0.8), direct);
}

const held = (c: Concept, f: Fields) => (c.kind === 'place' ? placeHeld(c, f) : subjectHeld(c, f));

const pairHeld = (pair: string, f: Fields) =>
  f.text.reduce((best, t, i) => (t.includes(pair) ? Math.max(best, FIELD[i] as number) : best), 0);

// Why a thing was built as it was (why does…, 为什么, Cantonese 点解), what it ran into and what was
// criticised are a practice's problem, approach and lessons; why something stopped or changed is a
// notice's. How many people or times it is used (几多人, 多少次: how many people, users, times) its results.
const PRACTICE_CUES =
  /\b(how did|how are|how were|case stud|lesson|experience|results?|approach|pilot|trial|deploy|roll ?out|what did|propos|how many (?:people|users|times)|why (?:does|do|is|are|was|were)|challeng|criticis|obstacle|what problem|copy)|经验|做法|案例|成效|效果|借鉴|参考|试用|部署|怎么布点|当初|点拣|有人负责|建议|提议|(?:几多|多少)[人次]|满意度|satisf|使用量|用户数|为何|为什么|点解|遇到|批评|困难|挑战/;
/**
 * What held before a thing was brought in (before they launched it, 推出之前, 未有…之前, its former
 * one: 以前个, 旧时个) is its history, and the technology it is built on its make-up: a practice tells
 * both (the problem it answered, its approach); a service's record tells how to use it now.
 */
const HISTORY_OR_MAKEUP =
  /\btechnolog\w*|\btech\b|技术|\bbefore (?:the (?:upgrade|launch|change)|(?:they|it|we|the \w+) (?:was |were |had |have )?(?:brought|introduc|launch|set up|built|roll|adopt|had))|(?:未有|推出|上线|引入|接入|开通|建成|成立)[^，,。?？!！]{0,10}?(?:之前|以前)|(?:以前|旧时|之前)(?:个|嘅|的)(?=[\u4e00-\u9fff])/;

const ANNOUNCEMENT_CUES =
  /\b(when|since|what date|which day|moved?|maintenance|outage|new login|stopp?(?:ed)?|no longer)|几时|什么时候|何时|何日|哪天|哪一天|搬|迁|新增|维护|不再|唔再|停止|停发/;

/**
 * A question that names a notice (that notice, the announcement of …, whether it was a major one,
 * what time it went out) asks about the kind of record it names: only notices are announced, and
 * carry a publication time and an importance. Not when it asks of a proposal or an approach about
 * notices (a practice cue: 结构化公告那个建议), which is a practice.
 */
const NOTICE_NAMED = /\b(?:notices?|announcements?)\b|公告|通告/;

/**
 * A question dated to a day or a month ("on 15 Feb", "2025年12月中", "3月16號之後") asks what held
 * then: which changes were in force is what notices say, with their dates (a service's record
 * tells how it works now).
 */
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATED = new RegExp(
  `\\d{4} ?年 ?\\d{1,2} ?月|\\d{1,2} ?月 ?(?:\\d{1,2} ?[日号]|[初中底])|\\b\\d{1,2}(?:st|nd|rd|th)? ${MONTH}\\b|\\b${MONTH} \\d{1,2}(?:st|nd|rd|th)?\\b|\\b${MONTH} \\d{4}\\b|\\b(?:in|by|before|after|since|until|early|mid|late)[- ]${MONTH}\\b`,
);

/** How a record's kind fits what is asked: a practice for "how did…", a notice for "when…". */
function intentOf(label: SearchableLabel, practiceCue: boolean, announcementCue: boolean): number {
  if (label === 'Practice') return practiceCue ? 0.15 : -0.05;
  if (label === 'Announcement') return announcementCue ? 0.15 : -0.1;
  return practiceCue || announcementCue ? 0 : 0.05;
}

/** What a question asks, read once for all its candidates. */
interface Asked {
  readonly u: Units;
  /** The question's weight, and that of its leftover words and pairs. */
  readonly total: number;
  readonly restWeight: number;
  readonly practiceCue: boolean;
  readonly announcementCue: boolean;
  readonly owner: readonly string[] | undefined;
  readonly key: KeyContent;
  /** What a yes-or-no question asks of its subject (support.ts askedObjects): words a record must name. */
  readonly objects: readonly string[];
  /** The actions a yes-or-no clause asks that the record itself must name (support.ts askedActions: booking). */
  readonly askedActions: readonly string[];
  readonly groups: ReadonlySet<Group>;
  readonly documentActions: ReturnType<typeof actionsIn>;
  readonly subjects: readonly Concept[];
  readonly places: readonly Concept[];
  readonly actions: readonly Concept[];
  /** The asked concepts and the places that hold them: a title "outside Hong Kong" is about Macao. */
  readonly about: ReadonlySet<string>;
}

const weigh = (c: Concept) => WEIGHT[c.kind];

function read(question: string, u: Units): Asked {
  const q = fold(question);
  const restWeight = u.words.length + u.pairs.length * 0.5;
  return {
    u,
    total: u.concepts.reduce((s, c) => s + weigh(c), 0) + restWeight,
    restWeight,
    practiceCue: PRACTICE_CUES.test(q) || HISTORY_OR_MAKEUP.test(q),
    announcementCue: ANNOUNCEMENT_CUES.test(q) || DATED.test(q) || (NOTICE_NAMED.test(q) && !PRACTICE_CUES.test(q)),
    owner: ownerOf(q),
    key: keyContent(q, u.concepts, question),
    objects: askedObjects(question),
    askedActions: askedActions(question),
    groups: askedGroups(q),
    documentActions: actionsIn(q),
    subjects: u.concepts.filter((c) => c.kind === 'subject'),
    places: u.concepts.filter((c) => c.kind === 'place'),
    actions: u.concepts.filter((c) => c.kind === 'action'),
    about: new Set(u.concepts.flatMap((c) => [c.id, ...within(c.id)])),
  };
}

/** How much of the question a record holds: all of it (coverage) and its leftover words (rest). */
function holding(a: Asked, f: Fields): { coverage: number; rest: number } {
  const rest =
    a.u.words.reduce((s, w) => s + (f.stems.get(w) ?? 0), 0) + a.u.pairs.reduce((s, p) => s + 0.5 * pairHeld(p, f), 0);
  const concepts = a.u.concepts.reduce((s, c) => s + weigh(c) * held(c, f), 0);
  return { coverage: a.total === 0 ? 0 : (concepts + rest) / a.total, rest };
}

const subjectsInTitle = (a: Asked, f: Fields) => a.subjects.filter((c) => kindsOf(c.id, f.title).length > 0).length;

const ownedBy = (a: Asked, r: Record_) => !a.owner || a.owner.includes(r.jurisdiction);

/**
 * The ranking score: coverage, the kind of record asked for (intent cues), a title naming asked
 * subjects and actions (a renewal's title over the direct issue's "valid or expired"), a title about
 * what was asked and little else; sourced records before illustrative ones, the owner asked for
 * before another government, and search's order last.
 */
function scoreOf(a: Asked, cand: Candidate, f: Fields, coverage: number, order: number): number {
  const actionsInTitle = a.actions.filter((c) => f.title.has(c.id)).length;
  const named = [...f.title].filter((id) => byId.get(id)?.kind !== 'broad');
  const focus = named.length === 0 ? 0 : named.filter((id) => a.about.has(id)).length / named.length;
  return (
    coverage +
    intentOf(cand.label, a.practiceCue, a.announcementCue) +
    (cand.record.synthetic ? -0.05 : 0) +
    0.05 * (subjectsInTitle(a, f) + actionsInTitle) +
    0.1 * focus -
    (ownedBy(a, cand.record) ? 0 : 0.1) -
    order * 0.001
  );
}

/**
 * A record for the group the asker says they belong to, holding every subject above its steps,
 * answers though its title names the channel (Macao's kiosks, for a Macao resident's proof of life).
 */
const forAsker = (a: Asked, f: Fields) =>
  a.groups.size > 0 && f.served.size > 0 && a.subjects.every((c) => subjectHeld(c, f) >= FIELD[1]);

/** Whether the question's subjects are in the record's title, or, with none the glossary knows, its words held. */
function aboutIt(a: Asked, f: Fields, rest: number, threshold: number): boolean {
  if (a.subjects.length > 0) return subjectsInTitle(a, f) > 0 || forAsker(a, f);
  return a.restWeight > 0 && rest / a.restWeight >= threshold;
}

/** Why a record does not fit the question as a whole (before its key content is checked), or undefined. */
function misfit(a: Asked, cand: Candidate, f: Fields, h: { coverage: number; rest: number }, threshold: number) {
  if (!ownedBy(a, cand.record)) return 'another government';
  if (!servesGroups(a.groups, f.served)) return 'other residents';
  if (!offersActions(a.documentActions, f.text)) return 'another action on the document';
  if (h.coverage < threshold) return 'covers too little';
  const missing = a.subjects.find((c) => held(c, f) === 0);
  if (missing) return `no ${missing.id}`;
  if (!aboutIt(a, f, h.rest, threshold)) return 'not about the asked subject';
  const elsewhere = a.places.find((c) => placeHeld(c, f) === 0);
  return elsewhere ? `not in ${elsewhere.id}` : undefined;
}

function judge(a: Asked, cand: Candidate, order: number, threshold: number, unheard: readonly string[]): Ranked {
  const f = fields(cand.label, cand.record);
  const h = holding(a, f);
  const why = misfit(a, cand, f, h, threshold);
  const lacking = why
    ? []
    : [
        ...unsupported(a.key, f.text),
        ...unheard.map((w) => `${w} named by no record`),
        ...a.askedActions.filter((id) => !f.concepts.has(id)).map((id) => `no ${id} named`),
      ];
  return {
    ...cand,
    coverage: h.coverage,
    score: scoreOf(a, cand, f, h.coverage, order),
    answers: !why && lacking.length === 0,
    lacksFacet: !why && lacking.length > 0,
    why: why ?? lacking[0],
  };
}

/** Whether a record names a word: an English stem among its words, a Chinese word within its text. */
const names = (f: Fields, word: string) =>
  /^[a-z0-9]/.test(word) ? f.stems.has(word) : f.text.some((t) => t.includes(word));

export function rank(question: string, u: Units, candidates: readonly Candidate[], threshold = COVERED): Ranked[] {
  const a = read(question, u);
  // What a yes-or-no question asks of its subject that none of the records search found names (a
  // channel, an object, a consequence: WhatsApp, the police, a learner licence): none states it.
  const unheard = a.objects.filter((w) => !candidates.some((c) => names(fields(c.label, c.record), w)));
  return candidates.map((cand, order) => judge(a, cand, order, threshold, unheard)).sort((x, y) => y.score - x.score);
}
