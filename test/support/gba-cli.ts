import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../services/cli/main.js';

/** The connectors' clock for tests that ingest: after the sample events, and never the wall clock. */
export const CLI_NOW = new Date('2026-11-15T12:00:00+08:00');

/**
 * `gba ingest` as the partners send: each line signed by the system its source names (`--sign`, with
 * the dev twin's keys in DATA_DIR), unless the command says how to sign already (`--as`, `--keys`).
 * Other commands as they are.
 */
export const asPartnersSend = (args: readonly string[]): readonly string[] =>
  args[0] === 'ingest' && !args.some((a) => a === '--sign' || a === '--as' || a === '--keys')
    ? [...args, '--sign']
    : args;

/**
 * Runs `gba <args>` on the data in `dataDir` with the connectors on `now`; what it printed to stdout and
 * stderr, and its exit status. `gba ingest` signs as the partners do (`asPartnersSend`) unless `signed: false`.
 */
export function gbaIn(dataDir: string, now = CLI_NOW, { signed = true } = {}) {
  return async (args: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(signed ? asPartnersSend(args) : args, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { DATA_DIR: dataDir },
      now: () => now,
    });
    return { code, out, err };
  };
}

type Gba = ReturnType<typeof gbaIn>;

/** A dead letter as `gba dlq list --json` lists it (the fields tests read). */
export interface ListedLetter {
  readonly eventId: string;
  readonly reason: string;
  readonly message: string;
}

/** The dead letters that wait, as `gba dlq list --json` prints them. */
export async function lettersOf(gba: Gba): Promise<ListedLetter[]> {
  return JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as ListedLetter[];
}

/** `gba ingest` of one event, written as a one-line file `<event id>.jsonl` in `dir` (on `topic`, if given). */
export function ingestOne(gba: Gba, dir: string, event: { readonly id: string }, topic?: string) {
  const file = join(dir, `${event.id}.jsonl`);
  writeFileSync(file, `${JSON.stringify(event)}\n`);
  return gba(['ingest', file, ...(topic ? ['--topic', topic] : [])]);
}
