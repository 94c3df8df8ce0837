/**
 * Commands that read what a platform wrote (`gba audit verify`, `gba dlq`) never create a store:
 * opening a SQLite file that does not exist creates it empty, so run from the wrong folder (no
 * DATA_DIR) they made `data/audit.db` and `data/events.db` there and answered "audit log intact: 0
 * records" and "the dead-letter queue is empty", exit 0: a false pass on the runbook's restore check
 * (found by a tester, probe 11 row 46). There, such a command is refused (66, as a missing input).
 * In a platform's folder (the graph store there) a missing audit or event log is opened by none of
 * them either (probe 12 row 19: a restore that copied only gba.db made both, and passed): the command
 * asks the graph store whether the platform ran (graphHistory), and either answers as for a store
 * not made yet (a folder only seeded) or fails the restore check. On Neo4j or Kafka there is no file
 * to look for: the engine's own address says where.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphHistory } from '../graph/graph-store.port.js';
import { loadDataset } from '../graph/seed/dataset.js';
import { embeddedGraphHistory } from '../platform/adapters.js';
import type { Config } from '../platform/config.js';
import type { CommandIo } from './commands.js';

export const EXIT_NO_STORE = 66;

const STORES = {
  'audit log': { file: 'audit.db', embedded: (c: Config) => c.graph.engine === 'sqlite' },
  'event log': { file: 'events.db', embedded: (c: Config) => !c.kafkaBrokers },
} as const;

export type StoreKind = keyof typeof STORES;

/**
 * `open`: the store is there (or on a server): open it. `not made`: an embedded file that does not
 * exist beside a graph store; nothing was created. `refused`: no store of the platform here at all,
 * said on stderr.
 */
export type StoreState = 'open' | 'not made' | 'refused';

export const storePath = (config: Config, what: StoreKind): string => join(config.dataDir, STORES[what].file);

/** Where `what` of this configuration stands, said on stderr when nothing of the platform is here. */
export function storeState(config: Config, what: StoreKind, command: string, io: CommandIo): StoreState {
  const store = STORES[what];
  if (!store.embedded(config)) return 'open';
  const path = storePath(config, what);
  if (existsSync(path)) return 'open';
  if (config.graph.engine !== 'sqlite' || existsSync(config.graph.path)) return 'not made';
  io.err(
    `${command}: there is no ${what} at ${path}, nor a graph store; is DATA_DIR (${config.dataDir}) right? Nothing was read or created`,
  );
  return 'refused';
}

/**
 * What the embedded graph store records that the platform did after seeding, in words ('' for
 * nothing, or for a graph on Neo4j, which this does not read).
 */
export async function historyOf(config: Config): Promise<string> {
  if (config.graph.engine !== 'sqlite') return '';
  const seeded = new Set<string>();
  for (const batch of await loadDataset())
    if (batch.label === 'Consent') for (const r of batch.records) seeded.add(r.id);
  const history = embeddedGraphHistory(config.graph, seeded);
  return history ? historyText(history) : '';
}

/** The history in words (`1 consents granted or changed, 6 cases changed by partner events`), or '' for none. */
function historyText(h: GraphHistory): string {
  return [
    h.consentChanges > 0 ? `${h.consentChanges} consents granted or changed` : '',
    h.consentRequests > 0 ? `${h.consentRequests} consent requests` : '',
    h.caseChanges > 0 ? `${h.caseChanges} cases changed by partner events` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The restore check's complaint: `what` is missing or empty though the graph store holds `history`. */
export const restoreIncomplete = (config: Config, what: StoreKind, state: string, history: string): string =>
  `${state}, yet the graph store ${config.graph.engine === 'sqlite' ? config.graph.path : config.graph.url} records ${history}: restore ${STORES[what].file} from the same backup as gba.db (docs/operations.md, Back up and restore). Nothing was created`;
