/**
 * A connector process for the crash test: runs the connectors on DATA_DIR's embedded engines in small
 * batches, prints "ready" once consuming, and exits 0 when the inbound topics are fully committed.
 * The test kills it with SIGKILL at random points.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { INBOUND_TOPICS, startConnectors } from '../../connectors/pipeline/connector.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { CONNECTOR_GROUP } from '../../connectors/transport/event-transport.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { loadReceiptSigner } from '../../services/consent/receipts.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { devPartnerKeys } from './partner-signing.js';

const dataDir = process.env.DATA_DIR as string;
const store = new SqliteGraphStore({ path: join(dataDir, 'gba.db') });
await store.init();
const audit = new SqliteAuditLog({ path: join(dataDir, 'audit.db') });
const transport = new SqliteEventLog({ path: join(dataDir, 'events.db'), pollIntervalMs: 2 });
const connectors = await startConnectors({
  transport,
  store,
  audit,
  receipts: loadReceiptSigner(join(dataDir, 'receipts')),
  partnerKeys: devPartnerKeys(dataDir),
  log: pino({ level: 'silent' }),
  now: () => new Date('2026-03-01T00:00:00+08:00'),
  maxBatchSize: Number(process.env.BATCH ?? 10),
});
process.stdout.write('ready\n');
for (;;) {
  let behind = false;
  for (const topic of INBOUND_TOPICS) {
    const ends = await transport.endOffsets(topic);
    const committed = await transport.committedOffsets(CONNECTOR_GROUP, topic);
    for (const [p, end] of ends) if (BigInt(committed.get(p) ?? '0') < BigInt(end)) behind = true;
  }
  if (!behind) break;
  await new Promise((r) => setTimeout(r, 10));
}
await connectors.stop();
await transport.close();
await audit.close();
await store.close();
process.stdout.write('done\n');
