/**
 * A question, or a record's field, as units of meaning: the glossary's concepts found in it (longest
 * form first, each span used once), then the words left over: English stems and Chinese bigrams,
 * without the words that only say how a question is asked.
 */
import { simplify, terms } from '../../graph/search/text.js';
import type { Concept } from './concept.js';
import { CONCEPTS } from './glossary.js';

/** Folded text: Simplified Chinese, lower case, full-width forms made plain, "direct-issue" as two words. */
export const fold = (text: string): string =>
  simplify(text)
    .toLowerCase()
    .replace(/(?<=[a-z])[-‐](?=[a-z])/g, ' ');

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LATIN = /^[a-z0-9]/;

interface Form {
  readonly form: string;
  readonly concept: Concept;
}

/**
 * The glossary's forms folded, and the patterns made of them, at first use rather than at import:
 * folding builds OpenCC's converters, which `gba start` need not pay for to be ready (issue #21).
 */
interface GlossaryIndex {
  readonly forms: readonly Form[];
  readonly byForm: ReadonlyMap<string, Concept>;
  /**
   * One pass over the text: the alternation is ordered longest first. Latin forms start a word; short
   * ones (ai, mpf, hk) must also end it, longer ones may carry a suffix (renew → renewal).
   */
  readonly matcher: RegExp;
  /** A comparison before a form (COMPARED_BEFORE). */
  readonly compared: RegExp;
  /** A household registered at a place (ORIGIN_AT). */
  readonly origin: RegExp;
}

let index: GlossaryIndex | undefined;

function glossary(): GlossaryIndex {
  if (index) return index;
  const forms = CONCEPTS.flatMap((concept) => concept.forms.map((f) => ({ form: fold(f), concept }))).sort(
    (a, b) => b.form.length - a.form.length,
  );
  const matcher = new RegExp(
    forms
      .map(({ form }) =>
        LATIN.test(form)
          ? `(?<![a-z0-9])${literal(form)}${form.length < 5 ? '(?![a-z0-9])' : '[a-z]*'}`
          : literal(form),
      )
      .join('|'),
    'g',
  );
  const places = CONCEPTS.filter((c) => c.kind === 'place')
    .flatMap((c) => c.forms.map(fold))
    .sort((a, b) => b.length - a.length)
    .map(literal)
    .join('|');
  index = {
    forms,
    byForm: new Map(forms.map((f) => [f.form, f.concept])),
    matcher,
    compared: new RegExp(`${COMPARED_BEFORE}(?:${matcher.source})`, 'g'),
    origin: new RegExp(ORIGIN_AT(places), 'g'),
  };
  return index;
}

const conceptOf = (match: string): Concept | undefined => {
  const { byForm, forms } = glossary();
  return byForm.get(match) ?? forms.find((f) => LATIN.test(f.form) && match.startsWith(f.form))?.concept;
};

/** Words and particles that say how a question is asked, not what it is about (嗰 folds to 𠮶). */
const ASKING =
  /申请|办理|手续|领取|提取|可唔可以|可不可以|系咪|是不是|有没有|有冇|怎么样|怎么|怎样|点样|点解|如何|什么|甚么|乜嘢|咩|边度|边个|边啲|哪里|哪些|哪个|几时|几多|多少|多久|请问|唔该|需要|应该|可以|能够|能|会|吗|呢|嘅|咗|喺|啲|嗰|𠮶|係|系|我|你|佢|的|了|去|要|想|点|办|成|在|有|冇|唔|使|得|都|就|先|仲|而家|现在|是|和|及|与|或|这|那|些|个|时|用|做|还|还是|里|中|对|为|被|把|将|让|给|向|从|到|上|下|着|过|也|又|很|好|最|后|前|已|已经|一|不|没/g;

const QUESTION_WORDS = new Set(
  'apply get need want know tell please possibl help happen ask anyon someon still any much mani long whether without also back go come use us would could should there here hi hello thank like while'.split(
    ' ',
  ),
);

export interface Units {
  readonly concepts: readonly Concept[];
  /** Stems of English words the glossary does not know. */
  readonly words: readonly string[];
  /** Chinese character pairs the glossary does not know. */
  readonly pairs: readonly string[];
}

/** The concepts of a folded text, and the text with their spans blanked. */
export function findConcepts(folded: string): { concepts: Concept[]; rest: string } {
  const concepts: Concept[] = [];
  const rest = folded.replace(glossary().matcher, (m) => {
    const c = conceptOf(m);
    if (c && !concepts.includes(c)) concepts.push(c);
    return ' ';
  });
  return { concepts, rest };
}

/**
 * What a question compares with is not what it asks about: "an app like iShenzhen", "好似i深圳咁",
 * "类似粤省事" ask for another one. ("I'd like", "would like" are wishes, not comparisons.) Followed by
 * one of the glossary's forms.
 */
const COMPARED_BEFORE = `(?:(?<!(?:would|'d|i|we|you|they) )\\b(?:like|similar to) (?:an? |the )?|类似|好似|相似于?)`;

/**
 * Where the asker's household is registered says who asks, not where the service is: "我是深圳户口"
 * asking about Nansha's self-service does not ask for a Shenzhen record. `places`: the glossary's
 * place forms as an alternation.
 */
const ORIGIN_AT = (places: string) =>
  `(?:${places})(?:户口|户籍)|(?:hukou|household registration) (?:is )?(?:in |from )?(?:${places})`;

/**
 * Which way a licence is converted: "convert it to a Mainland licence", "exchange my Hong Kong one
 * for a Mainland one", "switch … into a Mainland licence" all ask for a Mainland licence (the glossary's
 * `mainland-licence`), whatever stands between the verb and the Mainland.
 */
const TOWARDS_MAINLAND =
  /\b(?:convert|exchang|swap|chang|switch|turn)[a-z]*\b[^.?!]{0,40}?\b(?:to|into|for) (?:a |an |my )?mainland\b/g;

export function units(question: string): Units {
  const folded = fold(question).replace(TOWARDS_MAINLAND, ' into a mainland ');
  const { compared, origin } = glossary();
  const { concepts, rest } = findConcepts(folded.replace(compared, ' ').replace(origin, ' '));
  const plain = rest.replace(ASKING, ' ');
  const words = [
    ...new Set(
      terms(plain)
        .filter((t) => t.latin && !QUESTION_WORDS.has(t.term) && !/^\d+$/.test(t.term))
        .map((t) => t.term),
    ),
  ];
  const pairs = [
    ...new Set(
      terms(plain)
        .filter((t) => !t.latin && t.term.length === 2)
        .map((t) => t.term),
    ),
  ];
  return { concepts, words, pairs };
}
