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
 * words), holds every place asked about, gives a value for every facet asked (facets.ts: hours, fee,
 * rate, phone, how long), belongs to the government whose services are asked for, if one is named
 * (owner.ts), and covers at least COVERED of the question's weight (chosen on the dev split, with
 * margin; see docs/assistant.md).
 */
import type { Announcement, Practice, Service } from '../../../schema/domain/index.js';
import type { SearchableLabel } from '../../../schema/domain/queryable.js';
import { terms } from '../../graph/search/text.js';
import { type Concept, WEIGHT } from './concept.js';
import { actionsIn, offersActions } from './document-actions.js';
import { askedFacets, givesAll } from './facets.js';
import { byId } from './glossary.js';
import { askedGroups, type Group, namedGroups, servesGroups, withoutGroups } from './groups.js';
import { ownerOf } from './owner.js';
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
  /** It would answer but for a facet asked (hours, a fee, how long) that it gives no value for. */
  readonly lacksFacet: boolean;
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
  return [all(r.title), all((r as Announcement).body), ''];
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

// Why a thing was built as it was, what it ran into and what was criticised are a practice's problem,
// approach and lessons; why something stopped or changed is a notice's.
const PRACTICE_CUES =
  /\b(how did|how are|how were|case stud|lesson|experience|results?|approach|pilot|trial|deploy|roll ?out|what did|propos|how many (?:people|users|times)|why (?:does|do|is|are|was|were)|challeng|criticis|obstacle)|经验|做法|案例|成效|效果|借鉴|参考|试用|部署|怎么布点|当初|点拣|有人负责|建议|提议|[几多]多[人次]|使用量|用户数|为何|为什么|遇到|批评|困难|挑战/;
const ANNOUNCEMENT_CUES =
  /\b(when|since|what date|which day|moved?|maintenance|outage|new login|stopp?(?:ed)?|no longer)|几时|什么时候|何时|何日|哪天|哪一天|搬|迁|新增|维护|不再|停止|停发/;

/** How a record's kind fits what is asked: a practice for "how did…", a notice for "when…". */
function intentOf(label: SearchableLabel, practiceCue: boolean, announcementCue: boolean): number {
  if (label === 'Practice') return practiceCue ? 0.15 : -0.05;
  if (label === 'Announcement') return announcementCue ? 0.15 : -0.1;
  return practiceCue || announcementCue ? 0 : 0.05;
}

export function rank(question: string, u: Units, candidates: readonly Candidate[], threshold = COVERED): Ranked[] {
  const weigh = (c: Concept) => WEIGHT[c.kind];
  const total = u.concepts.reduce((s, c) => s + weigh(c), 0) + u.words.length + u.pairs.length * 0.5;
  const q = fold(question);
  const practiceCue = PRACTICE_CUES.test(q);
  const owner = ownerOf(q);
  const facets = askedFacets(q);
  const groups = askedGroups(q);
  const documentActions = actionsIn(q);
  // A record for the group the asker says they belong to, holding every subject above its steps,
  // answers though its title names the channel (Macao's kiosks, for a Macao resident's proof of life).
  const forAsker = (asked: readonly Concept[], f: Fields) =>
    groups.size > 0 && f.served.size > 0 && asked.every((c) => subjectHeld(c, f) >= FIELD[1]);
  const announcementCue = ANNOUNCEMENT_CUES.test(q);
  const subjects = u.concepts.filter((c) => c.kind === 'subject');
  const places = u.concepts.filter((c) => c.kind === 'place');
  const actions = u.concepts.filter((c) => c.kind === 'action');
  // A title naming a place that holds an asked place is about it too (a title "outside Hong Kong"
  // is about Macao); one naming a narrower place is not (a title "Qianhai" is not about all Shenzhen).
  const asked = new Set(u.concepts.flatMap((c) => [c.id, ...within(c.id)]));
  const restWeight = u.words.length + u.pairs.length * 0.5;
  return candidates
    .map((cand, order) => {
      const f = fields(cand.label, cand.record);
      const rest =
        u.words.reduce((s, w) => s + (f.stems.get(w) ?? 0), 0) + u.pairs.reduce((s, p) => s + 0.5 * pairHeld(p, f), 0);
      const coverage = total === 0 ? 0 : (u.concepts.reduce((s, c) => s + weigh(c) * held(c, f), 0) + rest) / total;
      const intent = intentOf(cand.label, practiceCue, announcementCue);
      const inTitle = subjects.filter((c) => kindsOf(c.id, f.title).length > 0).length;
      // A title offering the asked action (renewal, replacement) beats one that mentions it in passing
      // (direct issue's "valid or expired" is not a renewal).
      const actionsInTitle = actions.filter((c) => f.title.has(c.id)).length;
      // A title about what was asked, and little else, beats one that also names it.
      const named = [...f.title].filter((id) => byId.get(id)?.kind !== 'broad');
      const focus = named.length === 0 ? 0 : named.filter((id) => asked.has(id)).length / named.length;
      // Illustrative (synthetic) records give way to sourced ones.
      const sourced = cand.record.synthetic ? -0.05 : 0;
      // Asked for one government's services, another's record neither answers nor ranks with them.
      const owned = !owner || owner.includes(cand.record.jurisdiction);
      const score =
        coverage +
        intent +
        sourced +
        0.05 * (inTitle + actionsInTitle) +
        0.1 * focus -
        (owned ? 0 : 0.1) -
        order * 0.001;
      const fits =
        owned &&
        servesGroups(groups, f.served) &&
        offersActions(documentActions, f.text) &&
        coverage >= threshold &&
        subjects.every((c) => held(c, f) > 0) &&
        // Without a subject the glossary knows, the words left over are what is asked about.
        (subjects.length > 0
          ? inTitle > 0 || forAsker(subjects, f)
          : restWeight > 0 && rest / restWeight >= threshold) &&
        places.every((c) => placeHeld(c, f) > 0);
      const gives = givesAll(facets, f.text);
      return { ...cand, coverage, score, answers: fits && gives, lacksFacet: fits && !gives };
    })
    .sort((a, b) => b.score - a.score);
}
