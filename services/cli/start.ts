import { PARTS } from '../platform/parts.js';
import type { Part } from '../platform/platform.js';
import { stepsReportedTo } from '../platform/progress.js';
import { createLogger } from '../server-kit/logger.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';

/** Grace period for closing on SIGTERM or Ctrl-C before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 5000;

export async function runStart(args: readonly string[], io: CommandIo): Promise<number> {
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : undefined;
  const unknown = only?.filter((p) => !(PARTS as readonly string[]).includes(p)) ?? [];
  if ((only && only.length === 0) || unknown.length > 0) {
    io.err(
      `gba start: --only takes a comma-separated list of ${PARTS.join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`,
    );
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  const startedAt = performance.now();
  io.err(`Starting GBA Exchange (data in ${config.dataDir}):`);
  const onStep = (line: string) => io.err(`  ${line}`);
  // Loaded after the configuration passed, so a bad value is reported at once.
  const { startPlatform } = await stepsReportedTo(onStep)(
    'loaded the platform’s code',
    () => import('../platform/platform.js'),
  );
  const log = createLogger({ level: config.logLevel });
  const platform = await startPlatform({ config, log, only: only as Part[] | undefined, onStep });
  const readyMs = Math.round(performance.now() - startedAt);
  io.err(`GBA Exchange is running (ready in ${readyMs} ms):`);
  const width = Math.max(...platform.endpoints.map((e) => e.name.length));
  for (const e of platform.endpoints) io.err(`  ${e.name.padEnd(width)}  ${e.url}`);
  io.err('Press Ctrl-C to stop.');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.err(`${signal}: closing servers and the database…`);
      const force = setTimeout(() => {
        io.err(`still closing after ${SHUTDOWN_LIMIT_MS} ms; exiting anyway`);
        resolve(1);
      }, SHUTDOWN_LIMIT_MS);
      force.unref();
      platform.close().then(
        () => {
          clearTimeout(force);
          io.err('stopped cleanly');
          resolve(0);
        },
        (error: unknown) => {
          clearTimeout(force);
          log.error({ err: error }, 'error while closing');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
