/**
 * Whether a record supports a question's key content, beyond holding its subjects: the facts it asks
 * for by type (a fee, hours, the days it opens, how long, a language, a venue, a launch date: facets.ts)
 * and the places it names that the glossary does not know ("天河区", "Longhua district"). A record
 * that shares every subject but gives no amount does not answer "how much is it"; one about Futian
 * does not answer for 龙华区. Some facts must stand in one clause with what they are said of: a
 * venue beside the asked place, a launch date beside the asked subject. The same check refuses a
 * language model's answer whose cited records do not support the question (answer.ts).
 * Patterns read folded text (Simplified, lower case).
 */
import type { Concept } from './concept.js';
import { askedFacets, type Facet } from './facets.js';
import { CONCEPTS } from './glossary.js';
import { findConcepts, fold } from './units.js';

export interface KeyContent {
  readonly facets: readonly Facet[];
  /** Places named by a district or town word that the glossary does not know, as written. */
  readonly unknownPlaces: readonly string[];
  /** Acronyms the glossary does not know (DPO, GPU), folded: a record must name them. */
  readonly acronyms: readonly string[];
  /** Regions outside the Bay Area the question names (OTHER_REGIONS). */
  readonly otherRegions: readonly string[];
  /** What a clause-bound fact is said of: the asked subjects, and the asked places (else Hong Kong or Macao). */
  readonly subjects: readonly string[];
  readonly places: readonly string[];
}

/** Heads of a Chinese place name ("天河区", "塘厦镇") and what stands before 区 without being one. */
const ZH_PLACE = /(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2})(?:区|镇|街道|县)/g;
const NOT_A_PLACE =
  /^(?:我们|你们|他们|我哋|佢哋|本地|当地|其他|其它|各个|每个|哪个|边个|一个|整个|市区|城区|社区|地区|片区|园区|小区|专区|服务|自助|合作|示范|自贸|试验|行政|特别|口岸|边境|港口|郊区|山区|新区|老区|辖区|分区|景区|校区|全市|大湾|湾区)$/;
const EN_PLACE = /\b([a-z][a-z']+) (?:district|town(?:ship)?|county)\b/g;
const NOT_AN_EN_PLACE =
  /^(?:the|a|an|each|every|other|another|which|what|my|your|our|their|this|that|any|same|local|central|business|new|old|school|home|one|two|all|some|whole|city)$/;

/**
 * Chinese regions outside the Greater Bay Area, named beside its things ("a Taiwan licence", 北京的社保):
 * the records are about the Bay Area, so one that names the region in neither script does not answer
 * for it (港澳台居民 names Taiwan's residents).
 */
const OTHER_REGIONS: readonly (readonly [string, RegExp])[] = [
  ['taiwan', /taiwan|台湾|港澳台/],
  ['beijing', /beijing|北京/],
  ['shanghai', /shanghai|上海/],
  ['fujian', /fujian|福建/],
  ['hainan', /hainan|海南/],
];

const regionsIn = (folded: string) =>
  OTHER_REGIONS.filter(([, forms]) => forms.test(folded.replace(/港澳台/g, ' '))).map(([name]) => name);

const regionNamed = (name: string, texts: readonly string[]) =>
  texts.some((t) => OTHER_REGIONS.find(([n]) => n === name)?.[1].test(t));

/** The places a question names by a district, town or county word, left over once glossary concepts are read. */
function unknownPlacesIn(rest: string): string[] {
  const zh = [...rest.matchAll(ZH_PLACE)].map((m) => m[1] as string).filter((w) => !NOT_A_PLACE.test(w));
  const en = [...rest.matchAll(EN_PLACE)].map((m) => m[1] as string).filter((w) => !NOT_AN_EN_PLACE.test(w));
  return [...new Set([...zh, ...en])];
}

/** The first words of the glossary's Latin forms ("hkid" of "hkid card"): acronyms it knows. */
const GLOSSARY_WORDS = new Set(CONCEPTS.flatMap((c) => c.forms.map((f) => fold(f).split(' ')[0] ?? '')));

/**
 * Acronyms of three or more capitals in a question as written (a GPU, the DPO) that the glossary
 * does not know (HKID, MPF, GBA are its words): a name the record must hold.
 */
function acronymsIn(asWritten: string): string[] {
  const found = [...asWritten.matchAll(/(?<![A-Za-z])[A-Z]{3,}(?![a-z])/g)].map((m) => m[0].toLowerCase());
  return [...new Set(found)].filter((a) => !GLOSSARY_WORDS.has(a));
}

/** Whether a folded text holds a Latin word as a whole word (gpu in "gpu卡", not in "gpus' "). */
const hasWord = (text: string, word: string) => new RegExp(`(?<![a-z])${word}(?![a-z])`).test(text);

/**
 * A folded question's key content; `concepts` are those units() found in it, `asWritten` the
 * question before folding (its capitals tell acronyms).
 */
export function keyContent(folded: string, concepts: readonly Concept[], asWritten = ''): KeyContent {
  const places = concepts.filter((c) => c.kind === 'place').map((c) => c.id);
  const regions = concepts.filter((c) => c.id === 'hong-kong' || c.id === 'macao').map((c) => c.id);
  return {
    facets: askedFacets(folded),
    unknownPlaces: unknownPlacesIn(findConcepts(folded).rest),
    acronyms: acronymsIn(asWritten),
    otherRegions: regionsIn(folded),
    subjects: concepts.filter((c) => c.kind === 'subject').map((c) => c.id),
    places: places.length > 0 ? places : regions,
  };
}

/** A sentence ends at a full stop; a clause also at a comma or a dash (a bracket stays with what it explains). */
const SPLIT = { subject: /(?<!\d)[.;。；!?！？]+\s*/, place: /[.;。；,，、!?！？—:：]+\s*/ } as const;

/** The concept ids each sentence or clause of a record's texts holds (with what they hold, are and lie within), cached. */
const clauseCache = new Map<string, { text: string; ids: Set<string> }[]>();
function clausesOf(texts: readonly string[], by: keyof typeof SPLIT) {
  const key = `${by}\u0000${texts.join('\u0000')}`;
  const known = clauseCache.get(key);
  if (known) return known;
  const out = texts
    .flatMap((t) => t.split(SPLIT[by]))
    .filter((t) => t.trim() !== '')
    .map((text) => ({
      text,
      ids: new Set(
        findConcepts(text).concepts.flatMap((c) => [c.id, ...(c.holds ?? []), ...(c.isA ?? []), ...(c.within ?? [])]),
      ),
    }));
  if (clauseCache.size > 500) clauseCache.clear();
  clauseCache.set(key, out);
  return out;
}

function facetGiven(f: Facet, k: KeyContent, texts: readonly string[]): boolean {
  if (!f.clause) return texts.some((t) => f.given.test(t));
  const about = f.clause === 'subject' ? k.subjects : k.places;
  const all = f.clause === 'place';
  return clausesOf(texts, f.clause).some(
    (c) =>
      f.given.test(c.text) &&
      (about.length === 0 || (all ? about.every((id) => c.ids.has(id)) : about.some((id) => c.ids.has(id)))),
  );
}

/** What of a question's key content a record's folded texts do not support: [] when they support it all. */
export function unsupported(k: KeyContent, texts: readonly string[]): string[] {
  return [
    ...k.facets.filter((f) => !facetGiven(f, k, texts)).map((f) => `no ${f.name} given`),
    ...k.unknownPlaces.filter((p) => !texts.some((t) => t.includes(p))).map((p) => `${p} not named`),
    ...k.acronyms.filter((a) => !texts.some((t) => hasWord(t, a))).map((a) => `${a} not named`),
    ...k.otherRegions.filter((name) => !regionNamed(name, texts)).map((name) => `${name} not named`),
  ];
}
