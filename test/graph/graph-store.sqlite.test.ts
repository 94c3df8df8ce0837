import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { graphStoreContract } from '../contracts/graph-store.contract.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
let run = 0;
let path = '';

graphStoreContract('SQLite', {
  reset: async () => {
    path = join(dir.path, `contract-${run++}.db`);
  },
  open: async () => new SqliteGraphStore({ path }),
});
