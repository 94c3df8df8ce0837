/**
 * A partner's event id as `gba` shows it: a partner may build ids from a resident's identity number
 * (A123456(7), 44030019900101123X), so operator output masks them as dead letters' messages are
 * (services/operations/mask.ts). The id itself stays whole in the letter: `gba dlq replay --id` takes
 * the real id, and `--offset` the offset each listing shows beside the masked one.
 */
import { maskedMessage } from '../operations/mask.js';

/**
 * The id, masked; `(no id)` when there is none. An id holding whitespace, a quote or a backslash is
 * shown quoted, its whitespace as `\u0020`-style escapes, so it stays one column: an id `x  applied`
 * cannot pass for an outcome column to a script reading `  <id>  <outcome>` lines.
 */
export const shownEventId = (id: string | null | undefined): string => {
  if (id === null || id === undefined) return '(no id)';
  const masked = maskedMessage(id);
  if (!/[\s"\\]/u.test(masked)) return masked;
  const escaped = masked
    .replaceAll(/["\\]/gu, (c) => `\\${c}`)
    .replaceAll(/\s/gu, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
};
