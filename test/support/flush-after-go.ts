/**
 * An outbox publisher in its own process, for the outbox-claim test: opens the graph store and the
 * embedded log in the folder argv[2], says `ready`, waits for a line on stdin, flushes the outbox and
 * prints how many messages it published.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { OutboxPublisher } from '../../connectors/pipeline/outbox-publisher.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';

const dir = process.argv[2] as string;
const store = new SqliteGraphStore({ path: join(dir, 'gba.db') });
await store.init();
const transport = new SqliteEventLog({ path: join(dir, 'events.db') });
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();
const sent = await new OutboxPublisher({ store, transport }).flush();
process.stdout.write(`${sent}\n`);
await transport.close();
await store.close();
