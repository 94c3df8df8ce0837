/**
 * Which residents a question is asked for, and which a record serves: a residence permit "for Hong
 * Kong, Macao and Taiwan residents" does not answer a Mainland migrant asking for Shenzhen's
 * residence permit, nor does iAM Smart "for Hong Kong residents" answer a foreigner or a Macao
 * resident. A record that names no group of residents serves anyone; one that names groups answers
 * only a question asked for one of them (or for no group). Patterns read folded text (Simplified,
 * lower case).
 */
export type Group = 'hk' | 'mo' | 'tw' | 'mainland' | 'foreign';

/** Place words, as they stand before "residents" / 居民 (港澳台居民 is three groups). */
const PLACE: readonly [RegExp, Group][] = [
  [/hong kong|\bhk|香港|港/, 'hk'],
  [/maca[ou]|澳门|澳/, 'mo'],
  [/taiwan|台湾|台/, 'tw'],
  [/mainland|内地|大陆/, 'mainland'],
];

const PLACE_WORDS = '(?:hong kong|hk|maca[ou]|taiwan|mainland)';
/** "Hong Kong, Macao and Taiwan residents", 港澳台居民, 内地居民: each place named is a group. */
const RESIDENTS = new RegExp(
  `${PLACE_WORDS}(?:(?:,| and|, and) ${PLACE_WORDS})*(?: permanent)? residents?|(?:香港|澳门|台湾|内地|大陆|[港澳台])+(?:永久性?)?居民`,
  'g',
);

/** How an asker says who they are, beyond "… residents": 香港人, 台胞, a hukou, a foreigner. */
const ASKER: readonly [RegExp, Group][] = [
  [/香港人|\bhkers?\b|i'?m from hong kong|i am from hong kong/, 'hk'],
  [/澳门人|i'?m from maca[ou]|i am from maca[ou]/, 'mo'],
  [/台湾人|台胞/, 'tw'],
  [
    /内地人|大陆人|外地人|外省人|外来务工|新市民|户口|户籍|\bhukou\b|mainlanders?\b|migrant workers?|from another province/,
    'mainland',
  ],
  [/外国人|外籍|\bforeigners?\b|\bexpats?\b|foreign nationals?|non-chinese/, 'foreign'],
];

const groupsIn = (phrase: string): Group[] =>
  PLACE.filter(([pattern]) => pattern.test(phrase)).map(([, group]) => group);

/** A folded text without the groups of residents it names: "Macao residents" says who, not where. */
export const withoutGroups = (folded: string): string => folded.replace(RESIDENTS, ' ');

/** The groups of residents a folded text names ("… residents", 居民). */
export function namedGroups(folded: string): Set<Group> {
  return new Set((folded.match(RESIDENTS) ?? []).flatMap(groupsIn));
}

/** The groups a folded question is asked for: those it names, and how the asker says who they are. */
export function askedGroups(folded: string): Set<Group> {
  const groups = namedGroups(folded);
  for (const [pattern, group] of ASKER) if (pattern.test(folded)) groups.add(group);
  return groups;
}

/**
 * Whether a record serves the groups asked: the groups its title, summary and eligibility name
 * (`served`, from namedGroups) are none, or include one of those asked.
 */
export function servesGroups(asked: ReadonlySet<Group>, served: ReadonlySet<Group>): boolean {
  return asked.size === 0 || served.size === 0 || [...asked].some((g) => served.has(g));
}
