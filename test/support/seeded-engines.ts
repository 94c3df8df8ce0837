/**
 * The embedded engines a pipeline test runs on, in a temporary folder: a graph store seeded with the
 * sample data set (its consents with signed receipts), an audit log, an event log with the
 * platform's topics, the receipts' signer and the partner systems' keys (the dev twin's). Opened before the file's
 * tests and closed (folder removed) after them.
 */
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS } from '../../connectors/transport/event-transport.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { loadReceiptSigner } from '../../services/consent/receipts.js';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { devPartnerKeys } from './partner-signing.js';
import { tempDir } from './temp-dir.js';

export function seededEngines(options: { pollIntervalMs?: number } = {}) {
  const dir = tempDir();
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  const audit = new SqliteAuditLog({ path: join(dir.path, 'audit.db') });
  const transport = new SqliteEventLog({ path: join(dir.path, 'events.db'), ...options });
  const receipts = loadReceiptSigner(join(dir.path, 'receipts'));
  const partnerKeys = devPartnerKeys(dir.path);
  beforeAll(async () => {
    await store.init();
    await seedGraph(store, { receipts });
    await transport.ensureTopics(TOPIC_SPECS);
  });
  afterAll(async () => {
    await transport.close();
    await audit.close();
    await store.close();
    dir.remove();
  });
  return { dir, store, audit, transport, receipts, partnerKeys };
}

/** The graph store alone, seeded with the sample data set, for the file's tests (the assistant's). */
export function seededStore(): SqliteGraphStore {
  const dir = tempDir();
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  beforeAll(async () => {
    await store.init();
    await seedGraph(store);
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });
  return store;
}
