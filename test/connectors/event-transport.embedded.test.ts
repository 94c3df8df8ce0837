import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { eventTransportContract } from '../contracts/event-transport.contract.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
let n = 0;

eventTransportContract('embedded log (SQLite)', {
  open: async ({ reopen } = {}) => {
    if (!reopen) n++;
    return new SqliteEventLog({ path: join(dir.path, `events-${n}.db`), pollIntervalMs: 5 });
  },
});
