/**
 * The longest text every String and ID input takes, in one place. An 8 MB announcement title was once
 * accepted and then served to every anonymous reader; every string a caller sends now has a ceiling,
 * stated in its schema description and enforced before any resolver runs (input-length-plugin.ts).
 *
 * A field's kind is found by, in order: its schema coordinate (`Query.search(text:)`,
 * `AskOwnerInput.text`), its name (`after`, `idempotencyKey`, `title`, …), and its type (every ID is
 * an id). A String input none of these name has no ceiling, and test/schema/input-limits.test.ts
 * fails, so a new input cannot forget one.
 */

/** Characters (UTF-16 code units, as GraphQL and zod count them) each kind of input holds. */
export const INPUT_LIMITS = {
  /** Record ids, agency and jurisdiction ids, dead-letter offsets. */
  id: 128,
  /** A caller's idempotencyKey. */
  key: 128,
  /** An opaque page cursor (`after`). */
  cursor: 256,
  /** A date or RFC 3339 timestamp (`since`, `expiresAt`, …); the longest valid one is ~35. */
  time: 64,
  /** A short code to filter by (a dead letter's partner or reason). */
  code: 64,
  /** A consent purpose (a kebab-case code). */
  purpose: 100,
  /** A unit of measure (`%`, `minutes`). */
  unit: 100,
  /** What a search looks for. */
  searchText: 200,
  /** A title, in each language. */
  title: 200,
  /** A question to the assistant. */
  question: 500,
  /** A short note for the reader: a consent request's note, a withdrawal's reason, an adoption note. */
  note: 500,
  /** A question to a practice's owner, or its answer. */
  message: 2_000,
  /** A web address. */
  url: 2_048,
  /** A body of text (an announcement's body, a practice's sections), in each language. */
  body: 10_000,
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

/** Fields whose kind their name or type does not tell. */
const BY_COORDINATE: Readonly<Record<string, InputKind>> = {
  'Query.search(text:)': 'searchText',
  'Query.ask(question:)': 'question',
  'Query.deadLetters(partner:)': 'code',
  'Query.deadLetters(reason:)': 'code',
  'AskOwnerInput.text': 'message',
  'AnswerQuestionInput.text': 'message',
  'OutcomeInput.metric': 'id',
  'OutcomeInput.unit': 'unit',
  // LocalizedTextInput serves titles and bodies alike: each script takes a body, and a field holding
  // one (a title) narrows it.
  'LocalizedTextInput.en': 'body',
  'LocalizedTextInput.zhHant': 'body',
  'LocalizedTextInput.zhHans': 'body',
};

/** Names that mean the same kind wherever they appear. */
const BY_NAME: Readonly<Record<string, InputKind>> = {
  after: 'cursor',
  since: 'time',
  until: 'time',
  updatedSince: 'time',
  date: 'time',
  effectiveFrom: 'time',
  expiresAt: 'time',
  idempotencyKey: 'key',
  sourceUrl: 'url',
  source: 'url',
  note: 'note',
  reason: 'note',
  purpose: 'purpose',
  title: 'title',
  body: 'body',
  summary: 'body',
  problem: 'body',
  approach: 'body',
  results: 'body',
  lessons: 'body',
};

export interface InputFieldPlace {
  /** The input object's name, or the object type whose field takes the argument. */
  readonly parentType: string;
  /** The field that takes the argument; undefined for an input object's field. */
  readonly parentField: string | undefined;
  readonly name: string;
  /** The field's named type (lists and non-null unwrapped). */
  readonly typeName: string;
}

/** The ceiling of one input field, or undefined when nothing declares one. */
export function inputLimit({ parentType, parentField, name, typeName }: InputFieldPlace): number | undefined {
  const coordinate = parentField === undefined ? `${parentType}.${name}` : `${parentType}.${parentField}(${name}:)`;
  const kind = BY_COORDINATE[coordinate] ?? BY_NAME[name] ?? (typeName === 'ID' ? 'id' : undefined);
  return kind === undefined ? undefined : INPUT_LIMITS[kind];
}

/** The sentence a limited field's description ends with: of each item of a list, of each text of a LocalizedTextInput. */
export function limitSentence(max: number, shape: { list: boolean; holdsTexts: boolean }): string {
  const n = max.toLocaleString('en-US');
  if (shape.holdsTexts) return `At most ${n} characters in each text.`;
  return shape.list ? `Each at most ${n} characters.` : `At most ${n} characters.`;
}

/** A description with the limit's sentence appended (after a full stop, if it lacked one). */
export function withLimit(description: string | null | undefined, sentence: string): string {
  if (!description) return sentence;
  return /[.!?)]$/.test(description) ? `${description} ${sentence}` : `${description}. ${sentence}`;
}
