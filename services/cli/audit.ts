/** `gba audit verify`: recomputes the audit log's hash chain; exit 1 with the first bad record on tampering. */
import { openAuditLog } from '../platform/adapters.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { EXIT_NO_STORE, storeMissing } from './existing-store.js';

export async function runAudit(args: readonly string[], io: CommandIo): Promise<number> {
  if (args[0] !== 'verify') {
    io.err('usage: gba audit verify');
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  if (storeMissing(config, 'audit log', 'gba audit verify', io)) return EXIT_NO_STORE;
  const log = await openAuditLog(config);
  try {
    const result = await log.verify();
    if (result.ok) {
      // A chain of no record passes, but a platform that ran has recorded something: say so, as
      // `gba ingest` does of an empty store.
      if (result.records === 0)
        io.err(`gba audit verify: warning: the audit log holds no record; is DATA_DIR (${config.dataDir}) right?`);
      io.out(`audit log intact: ${result.records} records, head ${result.head}`);
      return 0;
    }
    io.err(
      `audit log broken at record ${result.firstBad}: ${result.problem} (${result.records - 1} records before it are intact)`,
    );
    return 1;
  } finally {
    await log.close();
  }
}
