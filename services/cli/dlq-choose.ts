/**
 * Which dead letters `gba dlq replay` takes (and, among the claimed ones, `gba dlq release`): every
 * letter; those of an event id (`--id`, the partner's real id, though listings show it masked), narrowed
 * to one partner system (`--source`); those of one source; or the one at an offset (`--offset`, as
 * `gba dlq list` shows it). An event id is unique per source only: an id that names letters of more
 * than one source is refused (EXIT_AMBIGUOUS), naming the sources, and nothing is replayed or released.
 * Found by a tester: `--id dup-x-1` replayed both urn:gba:hk:td's and urn:gba:hk:1823's.
 */
import type { DeadLetter } from '../operations/event-desk.port.js';
import { shownEventId } from './shown.js';
import { oneLine } from './terminal-safe.js';

/** An `--id` that names letters of more than one source, without `--source` (EX_USAGE). */
export const EXIT_AMBIGUOUS = 64;

export interface Wanted {
  readonly id?: string | undefined;
  readonly source?: string | undefined;
  readonly offset?: string | undefined;
}

export type Choice<L extends DeadLetter = DeadLetter> =
  | { readonly ok: true; readonly letters: readonly L[] }
  | { readonly ok: false; readonly message: string; readonly code: number };

const named = ({ id, source, offset }: Wanted): string =>
  [
    id !== undefined ? `event id ${shownEventId(id)}` : '',
    source !== undefined ? `source ${oneLine(source)}` : '',
    offset !== undefined ? `offset ${offset}` : '',
  ]
    .filter(Boolean)
    .join(', ');

/**
 * The letters `wanted` names, or why none are taken. `command` names the command in the messages, and
 * what the letters are (`gba dlq release` chooses among the claimed ones).
 */
export function chooseLetters<L extends DeadLetter>(
  letters: readonly L[],
  wanted: Wanted,
  command: { name: string; letters: string; gone?: string } = {
    name: 'gba dlq replay',
    letters: 'dead letter',
    gone: ' (any more: a replayed letter leaves the queue; gba dlq list shows what waits)',
  },
): Choice<L> {
  const { id, source, offset } = wanted;
  const chosen = letters.filter(
    ({ entry }) =>
      (id === undefined || entry.eventId === id) &&
      (source === undefined || entry.source === source) &&
      (offset === undefined || entry.dlqOffset === offset),
  );
  const sources = [...new Set(chosen.map((l) => l.entry.source ?? '(none)'))].sort();
  if (id !== undefined && source === undefined && sources.length > 1)
    return {
      ok: false,
      code: EXIT_AMBIGUOUS,
      message: `${command.name}: event id ${shownEventId(id)} names ${command.letters}s of ${sources.length} sources (${sources.map(oneLine).join(', ')}); an event id is unique only per source: add --source SOURCE (or name one --offset)`,
    };
  if (chosen.length === 0 && (id ?? source ?? offset) !== undefined)
    return {
      ok: false,
      code: 1,
      message: `${command.name}: no ${command.letters} has ${named(wanted)}${command.gone ?? ''}`,
    };
  return { ok: true, letters: chosen };
}
