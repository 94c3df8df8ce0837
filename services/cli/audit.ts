/**
 * `gba audit verify`: recomputes the audit log's hash chain; exit 1 with the first bad record on
 * tampering. It is the restore check too: an audit log missing or empty beside a graph store that
 * records what the platform did (consents granted or changed, cases changed: each put records on the
 * chain) fails, exit 1, and a missing one is not created (probe 12 row 19).
 */
import { GENESIS_HASH } from '../consent/audit/audit-log.port.js';
import { openAuditLog } from '../platform/adapters.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { EXIT_NO_STORE, historyOf, restoreIncomplete, storePath, storeState } from './existing-store.js';

const COMMAND = 'gba audit verify';

export async function runAudit(args: readonly string[], io: CommandIo): Promise<number> {
  if (args[0] !== 'verify') {
    io.err('usage: gba audit verify');
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  const state = storeState(config, 'audit log', COMMAND, io);
  if (state === 'refused') return EXIT_NO_STORE;
  if (state === 'not made') {
    const history = await historyOf(config);
    const missing = `there is no audit log at ${storePath(config, 'audit log')}`;
    if (history) {
      io.err(`${COMMAND}: restore check failed: ${restoreIncomplete(config, 'audit log', missing, history)}`);
      return 1;
    }
    // A folder only seeded: no platform ran here, so there is no chain yet, and none is made.
    io.err(`${COMMAND}: ${missing} yet (nothing was created); the graph store records no change since seeding`);
    io.out(`audit log intact: 0 records, head ${GENESIS_HASH}`);
    return 0;
  }
  const log = await openAuditLog(config);
  try {
    const result = await log.verify();
    if (result.ok) {
      if (result.records === 0) {
        const history = await historyOf(config);
        if (history) {
          io.err(
            `${COMMAND}: restore check failed: ${restoreIncomplete(config, 'audit log', 'the audit log holds no record', history)}`,
          );
          return 1;
        }
        // A chain of no record passes, but a platform that ran has recorded something: say so, as
        // `gba ingest` does of an empty store.
        io.err(`${COMMAND}: warning: the audit log holds no record; is DATA_DIR (${config.dataDir}) right?`);
      }
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
