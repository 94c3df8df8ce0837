import { main } from '../../services/cli/main.js';

/** The connectors' clock for tests that ingest: after the sample events, and never the wall clock. */
export const CLI_NOW = new Date('2026-11-15T12:00:00+08:00');

/** Runs `gba` on the data in `dataDir` with the connectors on `now`; what it printed to stdout and stderr, and its exit status. */
export function gbaIn(dataDir: string, now = CLI_NOW) {
  return async (args: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { DATA_DIR: dataDir },
      now: () => now,
    });
    return { code, out, err };
  };
}
