/**
 * What `gba` prints reaches an operator's terminal, and much of it is partner-supplied (event ids,
 * types, sources, reasons quoting payload fields). A control character there is an instruction to the
 * terminal (ESC [2J clears the screen, OSC 8 forges a link, ESC ] 52 writes the clipboard) and a
 * bidirectional override reorders what the operator reads. Found by a tester: `"\u001b[2J\u001b[31mCLEAR"`
 * reached the terminal raw through `gba dlq list`.
 *
 * Every line any command prints goes through `terminalSafe` (services/cli/main.ts wraps the command's
 * io), so no printer can forget it. Such a character is shown as its JSON escape (`\u001b`): in
 * `--json` output, where JSON.stringify has already escaped the C0 controls, only the format
 * characters it leaves raw are escaped, inside strings, so the output stays valid JSON of the same
 * value. A line break between lines (a command's own multi-line text) is kept; a tab is kept.
 */

import { unsafeCharacterPattern } from '../shared/unsafe-characters.js';

/**
 * The unsafe characters (services/shared/unsafe-characters.ts) but tab and line feed, the lines of a
 * command's own output; a carriage return is escaped: on a terminal it overwrites the line.
 */
const UNSAFE = new RegExp(unsafeCharacterPattern(['\t', '\n']), 'gu');

/** Each UTF-16 unit as `\uXXXX`: a tag character beyond the BMP is its surrogate pair, as JSON writes it. */
const escaped = (c: string): string =>
  Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

/** `text` with every control, bidi and invisible character shown as its `\uXXXX` escape. */
export const terminalSafe = (text: string): string => text.replace(UNSAFE, escaped);

const BREAKS = /[\n\t]/g;

/**
 * One record's line with the line feeds and tabs inside it escaped as well: a printer that builds a
 * line from partner text (a dead letter's type, reason or message) uses it, so a partner cannot end
 * the line and forge the next one ("…\n2026-12-01T00:00:00Z  APPLIED …" read as a letter of its own).
 * So does every line that echoes an operator's argument (a key id, a path, a --source, an unknown
 * command's name) or a stored value (a letter's source, a citation's title): test/cli/echoed-arguments.
 */
export const oneLine = (text: string): string => terminalSafe(text).replace(BREAKS, escaped);
