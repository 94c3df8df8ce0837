/**
 * A separate writer process for the SQLite concurrency test:
 * `node --import tsx sqlite-writer.ts <db> <first-number> <batches>` writes batches of 20 practices.
 */
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { practiceFixture } from './fixtures.js';

const [path, from, batches] = process.argv.slice(2) as [string, string, string];
const practice = (n: number) => practiceFixture(`prac-mp-${String(n).padStart(5, '0')}`);

const store = new SqliteGraphStore({ path });
await store.init();
for (let b = 0; b < Number(batches); b++) {
  const start = Number(from) + b * 20;
  await store.write([{ label: 'Practice', records: Array.from({ length: 20 }, (_, i) => practice(start + i)) }]);
}
await store.close();
