/**
 * The characters no reader should receive unannounced, in one definition for the three doors that act
 * on them: the C0 controls, DEL and the C1 controls (instructions to a terminal: ESC [2J clears it, a
 * carriage return overwrites the line), and the Unicode format characters that reorder or hide text
 * (the Arabic letter mark, zero-width space/non-joiner/joiner, LRM/RLM, the line and paragraph
 * separators, the embeddings and overrides LRE..RLO, the word joiner and invisible operators, the
 * isolates LRI..PDI, the byte order mark).
 *
 * The doors differ only in which of tab, line feed and carriage return are text to them, on purpose:
 * - free text a mutation takes (server-kit/use-plain-input-text.ts) keeps all three: a note may have
 *   lines, written with CRLF by a Windows client, and tab-separated columns;
 * - what `gba` prints (cli/terminal-safe.ts) keeps tab and line feed, the lines of its own output, and
 *   escapes the carriage return, which on a terminal returns to the line's start and overwrites it;
 * - an error message (server-kit/use-bounded-echo.ts) keeps none: it is one line.
 */

/** A whitespace control a door may take as text. */
export type TextControl = '\t' | '\n' | '\r';

const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/** DEL, the C1 controls, and the format characters that reorder or hide text. */
const BEYOND_C0 = ['\\u007f-\\u009f', '\\u061c', '\\u200b-\\u200f', '\\u2028-\\u202e', '\\u2060-\\u2069', '\\ufeff'];

/** A RegExp character class (`[...]`) of every unsafe character but those `kept`, for `new RegExp`. */
export function unsafeCharacterClass(kept: readonly TextControl[]): string {
  const keptCodes = new Set(kept.map((c) => c.charCodeAt(0)));
  const c0 = Array.from({ length: 0x20 }, (_, code) => code).filter((code) => !keptCodes.has(code));
  return `[${c0.map(hex).join('')}${BEYOND_C0.join('')}]`;
}
