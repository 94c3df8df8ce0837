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

/**
 * C0 controls but tab and line feed, DEL, the C1 controls, and the Unicode format characters that
 * reorder or hide text: LRM/RLM, ALM, LRE..RLO, LRI..PDI, the line and paragraph separators, the
 * zero-width and BOM characters.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every control and bidi/format character shown as its `\uXXXX` escape. */
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
