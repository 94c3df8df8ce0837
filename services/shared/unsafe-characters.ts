/**
 * The characters no reader should receive unannounced, in one definition for the doors that act on
 * them:
 * - the controls: C0, DEL and C1 (instructions to a terminal: ESC [2J clears it, a carriage return
 *   overwrites the line) and the line and paragraph separators;
 * - the invisible characters: every format character (general category Cf) and every
 *   Default_Ignorable_Code_Point. They reorder text (the bidi marks, embeddings, overrides and
 *   isolates, U+061C) or hide it: the zero-width space and non-joiner, the word joiner and invisible
 *   operators, the byte order mark, the soft hyphen U+00AD, U+180E, the combining grapheme joiner
 *   U+034F, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the interlinear annotation marks,
 *   and the tag characters U+E0000–U+E007F, which render as nothing and spell any ASCII text
 *   ("ASCII smuggling": `pay` followed by the tags of `ignore the consent` shows as `pay`).
 *
 * Three of them are text in context, and only there (probe 12 row 71; docs/operations.md):
 * - an emoji variation selector U+FE0E/U+FE0F directly after an emoji (❤️, #️⃣);
 * - a standardized variation selector U+FE00–U+FE0D directly after a CJK ideograph or a maths symbol,
 *   and an ideographic variation selector U+E0100–U+E01EF directly after a CJK ideograph: a name's
 *   registered glyph (葛󠄀). One per character: a run of selectors, or one after anything else (a
 *   Latin letter, a space, another selector), varies nothing and would carry hidden bytes;
 * - the zero-width joiner U+200D between two emoji, each as emoji sequences write it (👩🏽‍💻, ❤️‍🔥).
 * Everything else of the set is refused wherever it stands: the zero-width non-joiner and joiner in
 * Persian or Indic text, Mongolian free variation selectors, the three subdivision flags' tags
 * included; none of the platform's languages (English, Chinese) needs them.
 *
 * The doors differ only in which of tab, line feed and carriage return are text to them, on purpose:
 * - free text a mutation takes (server-kit/use-plain-input-text.ts) and a partner event's text
 *   (connectors/pipeline/validate.ts) keep all three: a note may have lines, written with CRLF by a
 *   Windows client, and tab-separated columns;
 * - what `gba` prints (cli/terminal-safe.ts) keeps tab and line feed, the lines of its own output, and
 *   escapes the carriage return, which on a terminal returns to the line's start and overwrites it;
 * - an error message (server-kit/use-bounded-echo.ts) keeps none: it is one line.
 */

/** A whitespace control a door may take as text. */
export type TextControl = '\t' | '\n' | '\r';

const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/** DEL, the C1 controls, and the line and paragraph separators. */
const BEYOND_C0 = '\\u007f-\\u009f\\u2028\\u2029';

// Every format and default-ignorable character is a candidate; the lookbehind lets the three through
// where they are text. One class first: a position holding no candidate is passed at once (every string
// of every partner event is checked).
const INVISIBLE = '\\p{Cf}\\p{Default_Ignorable_Code_Point}';
const IN_CONTEXT = [
  '\\p{Emoji}[\\ufe0e\\ufe0f]',
  '[\\p{Unified_Ideograph}\\p{Sm}][\\ufe00-\\ufe0d]',
  '\\p{Unified_Ideograph}[\\u{e0100}-\\u{e01ef}]',
  '\\p{Extended_Pictographic}[\\ufe0f\\p{Emoji_Modifier}]?\\u200d(?=\\p{Extended_Pictographic})',
].join('|');

/**
 * A RegExp source matching every unsafe character but those `kept`, for `new RegExp(source, 'u')`
 * (the `u` flag is needed: the set names properties and characters beyond the BMP). A match is one
 * code point; its index is in UTF-16 units, as JavaScript counts.
 */
export function unsafeCharacterPattern(kept: readonly TextControl[]): string {
  const keptCodes = new Set(kept.map((c) => c.charCodeAt(0)));
  const c0 = Array.from({ length: 0x20 }, (_, code) => code).filter((code) => !keptCodes.has(code));
  return `[${c0.map(hex).join('')}${BEYOND_C0}${INVISIBLE}](?<!${IN_CONTEXT})`;
}

/** A character as its code point, `U+00AD`, `U+E0041`: how a refusal names it. */
export const codePointName = (c: string): string =>
  `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** What a refusal calls the set. */
export const UNSAFE_KIND = 'control, bidi-formatting or invisible character';
