/**
 * Commands that read what a platform wrote (`gba audit verify`, `gba dlq`) open no store in a folder
 * that holds none: opening a SQLite file that does not exist creates it empty, so run from the wrong
 * folder (no DATA_DIR) they made `data/audit.db` and `data/events.db` there and answered "audit log
 * intact: 0 records" and "the dead-letter queue is empty", exit 0: a false pass on the runbook's
 * restore check (found by a tester, probe 11 row 46). There, such a command is refused (66, as a
 * missing input) and creates nothing. A folder with the graph store (`gba seed` made it, or a restore
 * copied it) is a platform's: its audit or event log not made yet is opened, as `gba start` would make
 * it. On Neo4j or Kafka there is no file to look for: the engine's own address says where.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../platform/config.js';
import type { CommandIo } from './commands.js';

export const EXIT_NO_STORE = 66;

const STORES = {
  'audit log': { file: 'audit.db', embedded: (c: Config) => c.graph.engine === 'sqlite' },
  'event log': { file: 'events.db', embedded: (c: Config) => !c.kafkaBrokers },
} as const;

/** True (after saying so) when `what` of this configuration is an embedded file that does not exist. */
export function storeMissing(config: Config, what: keyof typeof STORES, command: string, io: CommandIo): boolean {
  const store = STORES[what];
  if (!store.embedded(config)) return false;
  const path = join(config.dataDir, store.file);
  if (existsSync(path)) return false;
  if (config.graph.engine !== 'sqlite' || existsSync(config.graph.path)) return false;
  io.err(
    `${command}: there is no ${what} at ${path}, nor a graph store; is DATA_DIR (${config.dataDir}) right? Nothing was read or created`,
  );
  return true;
}
