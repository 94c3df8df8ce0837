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

import { terms } from '../../graph/search/text.js';
import type { Concept } from './concept.js';
import { askedFacets, type Facet } from './facets.js';
import { CONCEPTS } from './glossary.js';
import { findConcepts, fold, units } from './units.js';

export interface KeyContent {
  readonly facets: readonly Facet[];
  /** Places named by a district or town word that the glossary does not know, as written. */
  readonly unknownPlaces: readonly string[];
  /** Acronyms the glossary does not know (DPO, GPU), folded: a record must name them. */
  readonly acronyms: readonly string[];
  /** Regions outside the Bay Area the question names (OTHER_REGIONS). */
  readonly otherRegions: readonly string[];
  /** Years a figure is asked of (figureYearsIn): a record must state them. */
  readonly figureYears: readonly string[];
  /** What a clause-bound fact is said of: the asked subjects, and the asked places (else Hong Kong or Macao). */
  readonly subjects: readonly string[];
  readonly places: readonly string[];
  /**
   * What the question says of its subjects (its predicate): the words and character pairs left once
   * the glossary's subjects, places and asking words are read, less filler (pronouns, auxiliaries,
   * "take", "wait"), and the actions it asks. A time frame must be said of one of them.
   */
  readonly predicate: {
    readonly words: readonly string[];
    readonly pairs: readonly string[];
    readonly actions: readonly string[];
  };
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

/**
 * A figure asked of a year ("2021年全年有多少宗交易", "how many complaints a year from 2018 to 2023",
 * "where did it rank in the 2019 assessment") is stated beside that year: the records give their
 * figures with the year they are of (a practice's results), so one that never names the year does
 * not give that figure, however well it matches the subject (the service the figures are about).
 */
const FIGURE_ASKED = /how many|how much|\brank|\btarget|多少|几多|第几|多大|目标|排名/;
const YEAR = /(?<![\d.,])(?:19|20)\d\d(?![\d.,])/g;
const figureYearsIn = (folded: string) => (FIGURE_ASKED.test(folded) ? [...new Set(folded.match(YEAR) ?? [])] : []);

/**
 * The first words of the glossary's Latin forms ("hkid" of "hkid card"): acronyms it knows. Made at
 * first use: folding builds OpenCC's converters, which `gba start` need not pay for (units.ts).
 */
let glossaryWords: ReadonlySet<string> | undefined;
function knownAcronym(word: string): boolean {
  glossaryWords ??= new Set(CONCEPTS.flatMap((c) => c.forms.map((f) => fold(f).split(' ')[0] ?? '')));
  return glossaryWords.has(word);
}

/**
 * Acronyms of three or more capitals in a question as written (a GPU, the DPO) that the glossary
 * does not know (HKID, MPF, GBA are its words): a name the record must hold.
 */
function acronymsIn(asWritten: string): string[] {
  const found = [...asWritten.matchAll(/(?<![A-Za-z])[A-Z]{3,}(?![a-z])/g)].map((m) => m[0].toLowerCase());
  return [...new Set(found)].filter((a) => !knownAcronym(a));
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
    figureYears: figureYearsIn(folded),
    subjects: concepts.filter((c) => c.kind === 'subject').map((c) => c.id),
    places: places.length > 0 ? places : regions,
    predicate: predicateOf(asWritten || folded, folded, concepts),
  };
}

/**
 * Words that carry no predicate of their own: pronouns, auxiliaries, hedges, and the verbs any time
 * frame is said with ("how long does it take", 要等几耐, 几耐搞掂): with only these, any time frame
 * of the record is one of the thing asked.
 */
const NO_PREDICATE = new Set(
  'i me my mine we us our you your he she him her they them it its s t m ve ll d re did doe done don doesn didn won wouldn isn aren wasn must should shall if then just realli actual exactli usual normal gener typic roughli about around approxim also still even onli ever long take took takes taken wait need get got time dai week month year hour minut often soon quick fast faster quickli until befor after when now current'.split(
    ' ',
  ),
);

/**
 * In Chinese, what a time frame is asked of stands next to the asking word: 保存多久, 几耐会通知,
 * 要几耐重新做. Read in the question with the glossary's concepts blanked, skipping auxiliaries
 * (要, 会, 先, 咗 …); a generic verb (办理, 搞掂, 攞到) says nothing of its own.
 */
const ZH_HOW_LONG = /多久|几耐|几多日|几多天|几天|几日|多少天|多少日|多长时间|多少个?工作日|几个工作日/g;
const ZH_AUX_AFTER = /^(?:才可以|才能|先可以|先|才|就|会|可以|能|内|之内|以内|要|必须|需要|需|得|做|去|嚟|来)+/;
const ZH_AUX_BEFORE = /(?:要|需要|需|会|了|咗|过|等|得|需时|用)+$/;
const ZH_GENERIC =
  /^(?:办理|办好|办完|办|搞掂|搞定|攞到|拿到|收到|完成|处理|申请|一次|出来|同埋|以及|而且|还有|仲有|有|做|先|搞|弄|整|用|等|花|的|嘅|理|成|掂|好|完|次|到)$/;

function zhPredicate(rest: string): string[] {
  const out: string[] = [];
  for (const m of rest.matchAll(ZH_HOW_LONG)) {
    const before = (/[\u4e00-\u9fff]+$/.exec(rest.slice(0, m.index)) ?? [''])[0].replace(ZH_AUX_BEFORE, '');
    const after = (/^[\u4e00-\u9fff]+/.exec(rest.slice((m.index ?? 0) + m[0].length)) ?? [''])[0].replace(
      ZH_AUX_AFTER,
      '',
    );
    // The verb before the asking word is its last character (保存多久, 住咗几耐); after it, a pair of its first
    // four (几耐通知, 多长时间做用户调研).
    const head = after.slice(0, 4);
    const heads = [before.slice(-1), ...[0, 1, 2].map((i) => head.slice(i, i + 2)).filter((u) => u.length === 2)];
    for (const unit of heads) if (unit && !ZH_GENERIC.test(unit)) out.push(unit);
  }
  return out;
}

/** An English clause asking how long ("within how many days must we tell them"). */
const EN_HOW_LONG = /how long|how many (?:working )?days|how soon|how quickly|processing time/;
/** The words of the asking form itself ("within how many working days"). */
const HOW_LONG_WORDS = new Set(['within', 'mani', 'work', 'process']);
/** Where a clause ends, or a situation of the asker's begins ("if it can't be issued", "after filing"). */
const SITUATION = /[.?!;,]+|\b(?:if|when|once|after|because)\b/;

/**
 * The part of an English question that asks how long, when a part does: the rest says who asks and
 * in what situation ("if data leaks in HK, within how many days must we tell the people affected"
 * asks of telling, not of the data). Its words are what a time frame must be said of; the question's
 * asked actions still count (the renewal of "renew it online, and how long until it gets to me").
 */
function howLongClause(question: string): string | undefined {
  const clauses = fold(question)
    .split(SITUATION)
    .filter((c) => EN_HOW_LONG.test(c));
  return clauses.length > 0 ? clauses.join(' ') : undefined;
}

function predicateOf(question: string, folded: string, concepts: readonly Concept[]): KeyContent['predicate'] {
  const clause = howLongClause(question);
  return {
    words: units(clause ?? question).words.filter((w) => !NO_PREDICATE.has(w) && !(clause && HOW_LONG_WORDS.has(w))),
    pairs: zhPredicate(findConcepts(folded).rest),
    actions: concepts.filter((c) => c.kind === 'action').map((c) => c.id),
  };
}

/** Whether a sentence of a record says something of the asked predicate: one of its words, pairs or actions. */
function holdsPredicate(k: KeyContent, sentence: { text: string; ids: Set<string> }): boolean {
  const { words, pairs, actions } = k.predicate;
  if (words.length + pairs.length + actions.length === 0) return true;
  const stems = new Set(terms(sentence.text).map((t) => t.term));
  return (
    words.some((w) => stems.has(w)) ||
    pairs.some((p) => sentence.text.includes(p)) ||
    actions.some((a) => sentence.ids.has(a))
  );
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
  if (f.clause === 'predicate')
    return clausesOf(texts, 'subject').some((c) => f.given.test(c.text) && holdsPredicate(k, c));
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
    ...k.figureYears.filter((y) => !texts.some((t) => t.includes(y))).map((y) => `no figure of ${y}`),
  ];
}

/** Who the asker speaks of (my wife, a HK guy) and hedges: no object of what is asked. */
const NOT_AN_OBJECT = new Set(
  'mum mom dad mother father wife husband son daughter kid kids child children parent famili friend cousin sister brother colleagu boss gui guy ppl someth anyth thing stuff right realli actual still alreadi too yet enough earli late todai tomorrow yesterdai morn afternoon even night lunchtim weekdai weekend mondai tuesdai wednesdai thursdai fridai saturdai sundai januari februari march april mai june juli august septemb octob novemb decemb jan feb mar apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);

/**
 * A yes-or-no question ("does 1823 take complaints over WhatsApp?", "can I renew a learner licence
 * online?") asks whether its last words hold of the subject: a record states that only if it names
 * them. The English word that ends each such clause (less pronouns, auxiliaries, the people spoken
 * of and times of day, week or year, which the facets weigh), for rank.ts to look for in the records
 * weighed.
 */
const YES_NO =
  /(?:^|(?<=[.?!;:,]\s*)|(?<=\b(?:and|or|so|but)\s+))((?:does|do|did|can|could|is|are|was|were|will|would|should|may|must|has|have)\b[^.?!,;:]*)\?/g;

export function askedObjects(question: string): string[] {
  const out: string[] = [];
  for (const m of fold(question).matchAll(YES_NO)) {
    const words = units(m[1] ?? '').words.filter(
      (w) => !NO_PREDICATE.has(w) && !NOT_AN_OBJECT.has(w) && !/^\d+(?:am|pm)$/.test(w),
    );
    out.push(...words.slice(-1));
  }
  return [...new Set([...out, ...zhAskedObjects(question)])];
}

/**
 * A Chinese yes-or-no question asks whether what follows its asking form holds of the subject: 会唔会
 * **录影**, 有冇**宽限期**, 能领深圳发的**消费券**吗, 有没有使用**次数限制**. Chinese has no spaces
 * to take a last word from, so the clause after the asking form (A唔A, A不A, 有冇, 有没有, 系咪, 是否,
 * 能否), or a closing 吗's clause after its last modal (能, 可以, 会, 要, 得), is cut into words (ICU's dictionary segmenter, as
 * Intl.Segmenter gives it), less the glossary's concepts and words that carry no object of their own:
 * the people spoken of, pointers (那台, 呢个), times, hedges and joining words. Every such word is
 * looked for in the records weighed (rank.ts), as an English clause's last word is.
 */
const ZH_YES_NO = /可唔可以|可不可以|有冇|有没有|系咪|是否|能否|可否|([\u4e00-\u9fff])[唔不]\1/;
const ZH_NOT_AN_OBJECT = new Set(
  '我们 我哋 你们 佢哋 他们 她们 自己 我的 我是 我在 我想 我有 我把 你的 那个 这个 呢个 𠮶个 那台 这台 𠮶部 那部 一部 那边 这边 𠮶边 这些 那些 这类 那类 一个 一些 一批 一起 一定 一样 一下 现在 而家 已经 之后 以后 之前 以前 然后 时候 那时 当时 上面 下面 里面 入面 上去 出来 出嚟 直接 其实 真的 具体 主要 专门 单独 经常 一般 大概 大约 全部 还有 仲有 都有 都会 都可以 都要 都得 或者 还是 如果 因为 所以 但是 不过 关于 可能 应该 必须 不用 不了 不到 要带 好似 晚上 早上 上午 下午 中午 周末 周六 周日 星期六 星期日 今天 明天 今年 帮忙 帮我 知道 了解 讲到 提到 办事 做嘢 处理 手续 如何 设想 跟住 介绍 能去 先用 这样 那样 怎么办 是否 有人'.split(
    ' ',
  ),
);
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** What a 吗 question asks of its subject: the clause after its last modal (能, 可以, 会, 要), else all of it. */
function afterModal(clause: string): string {
  const modals = [...clause.matchAll(/能|可以|会|要|得/g)];
  const last = modals[modals.length - 1];
  return last ? clause.slice((last.index ?? 0) + last[0].length) : clause;
}

/**
 * The words of a folded text (start and end, in UTF-16 units of the folded text), cut where the
 * question as written is cut when folding kept its characters one for one: ICU's dictionary knows
 * Cantonese words in Traditional characters (錄影) that it cuts apart in Simplified (录|影).
 */
function wordsOf(folded: string, asWritten: string): { word: string; from: number; to: number }[] {
  const chars = Array.from(folded);
  const written = Array.from(asWritten);
  const aligned = written.length === chars.length;
  const source = aligned ? asWritten : folded;
  // Where each character of the source starts, in code points, and where each folded one starts in UTF-16.
  const point = new Map<number, number>();
  let unit = 0;
  Array.from(source).forEach((c, i) => {
    point.set(unit, i);
    unit += c.length;
  });
  point.set(unit, chars.length);
  const offset = [0];
  for (const c of chars) offset.push((offset[offset.length - 1] ?? 0) + c.length);
  return [...segmenter.segment(source)]
    .filter((s) => s.isWordLike)
    .map((s) => {
      const a = point.get(s.index) ?? 0;
      const b = point.get(s.index + s.segment.length) ?? a;
      return { word: chars.slice(a, b).join(''), from: offset[a] ?? 0, to: offset[b] ?? 0 };
    });
}

/** Where the glossary's forms stand in a folded text, as [start, end) spans. */
const conceptSpans = (folded: string): [number, number][] =>
  findConcepts(folded).concepts.flatMap((c) =>
    c.forms
      .map(fold)
      .flatMap((f) =>
        [...folded.matchAll(new RegExp(f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m): [number, number] => [
          m.index ?? 0,
          (m.index ?? 0) + f.length,
        ]),
      ),
  );

function zhAskedObjects(question: string): string[] {
  const folded = fold(question);
  const words = wordsOf(folded, question);
  const spans = conceptSpans(folded);
  const out: string[] = [];
  let start = 0;
  for (const clause of folded.split(/(?<=[?？!！。,，;；])/)) {
    const end = start + clause.length;
    const body = clause.replace(/[?？!！。,，;；]+$/, '');
    const m = ZH_YES_NO.exec(body);
    const object = m ? body.slice(m.index + m[0].length) : /吗\s*$/.test(body) ? afterModal(body) : '';
    const from = end - (clause.length - body.length) - object.length;
    for (const w of words)
      if (
        w.from >= from &&
        w.to <= from + object.length &&
        /^[\u4e00-\u9fff]{2,}$/u.test(w.word) &&
        !ZH_NOT_AN_OBJECT.has(w.word) &&
        !spans.some(([a, z]) => w.from < z && a < w.to)
      )
        out.push(w.word);
      // A word in Latin letters within the clause (iPad, WhatsApp) is an English word: its stem, as an
      // English clause's, less the words with no object of their own.
      else if (w.from >= from && w.to <= from + object.length && /^[a-z][a-z0-9]{2,}$/.test(w.word))
        out.push(...units(w.word).words.filter((x) => !NO_PREDICATE.has(x) && !NOT_AN_OBJECT.has(x)));
    start = end;
  }
  return out;
}

/**
 * The actions a yes-or-no clause asks of its subject that a record must name to answer: booking
 * (要唔要**预约**先用得, 可唔可以帮我**预约**, "do I need to book"). A kiosk's or a chatbot's record that
 * never speaks of booking does not say whether one must or can book it. Only booking: the other
 * actions the glossary knows are as often read where they are not asked (搬 in 搬入智方便, "file for
 * arbitration", 网上 and 电话 as the channel of an answer the record gives in other words), and a
 * renewal or replacement is the document actions' (document-actions.ts).
 */
const MUST_BE_NAMED = new Set(['appointment']);

export function askedActions(question: string): string[] {
  const folded = fold(question);
  const clauses = [...folded.matchAll(YES_NO)].map((m) => m[1] ?? '');
  for (const clause of folded.split(/(?<=[?？!！。,，;；])/)) {
    const body = clause.replace(/[?？!！。,，;；]+$/, '');
    const m = ZH_YES_NO.exec(body);
    clauses.push(m ? body.slice(m.index + m[0].length) : /吗\s*$/.test(body) ? afterModal(body) : '');
  }
  const ids = clauses.flatMap((c) => findConcepts(c).concepts.map((x) => x.id));
  return [...new Set(ids.filter((id) => MUST_BE_NAMED.has(id)))];
}
