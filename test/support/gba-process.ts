/**
 * `gba` as an operator runs it: bin/gba.js in its own OS process, on the data in `dataDir`, its
 * stdout and stderr pipes read to the end (a pipe, not a file, is where a CLI that exits before its
 * output drains loses the tail). Given `now`, the connectors run on that fixed clock instead
 * (gba-at.ts): a test over the seeded consents must not depend on the day it runs (they expire from
 * 2027-01 on).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { asPartnersSend } from './gba-cli.js';

export const GBA_BIN = fileURLToPath(new URL('../../bin/gba.js', import.meta.url));
const GBA_AT = fileURLToPath(new URL('./gba-at.ts', import.meta.url));

export interface GbaRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * What became of the event `id` by the queue `gba dlq list --json` listed: its dead letter's reason, or
 * `applied` when it has none (an outcome table's cell).
 */
export const outcomeOf = (letters: readonly { eventId: string; reason: string }[], id: unknown): string =>
  letters.find((l) => l.eventId === id)?.reason ?? 'applied';

/**
 * Runs `gba <args>` on `dataDir`: its exit status and everything it wrote (`gba ingest` signed as the
 * partners sign). With `closedStdout`, its stdout is a pipe whose reader has gone before the first
 * line, as `gba … | head -0` (or `| head` once it has read its lines): stdout is empty.
 */
export function gbaProcess(dataDir: string, env: Record<string, string> = {}, now?: Date, closedStdout = false) {
  const command = now ? ['--import', 'tsx', GBA_AT, now.toISOString()] : [GBA_BIN];
  return async (args: readonly string[]): Promise<GbaRun> => {
    const child = spawn(process.execPath, [...command, ...asPartnersSend(args)], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    if (closedStdout) child.stdout.destroy();
    else child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const closed = once(child, 'close');
    const [code] = (await closed) as [number | null];
    return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  };
}
