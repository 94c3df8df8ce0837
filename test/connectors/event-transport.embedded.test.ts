import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
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

describe('the embedded log under a locked file', () => {
  it('reports its own failures, backs off and goes on consuming: nothing lost, nothing delivered twice', async () => {
    const path = join(dir.path, 'locked.db');
    const log = new SqliteEventLog({ path, pollIntervalMs: 5, busyTimeoutMs: 20 });
    await log.ensureTopics([{ topic: 't', partitions: 1 }]);
    await log.publish('t', [{ key: 'k', value: Buffer.from('one'), headers: {} }]);
    // Another process holds the write lock for a while, as a long transaction would.
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    const failures: (string | null)[] = [];
    const delivered: string[] = [];
    const consumer = await log.consume({
      groupId: 'g',
      topics: ['t'],
      eachBatch: async (batch) => {
        for (const m of batch.messages) delivered.push(m.value.toString());
      },
      onError: (error, batch) => failures.push(batch ? batch.topic : String((error as Error).message)),
    });
    await until(() => failures.length > 0);
    expect(failures[0]).toMatch(/locked|busy/i);
    expect(delivered).toEqual([]);
    other.exec('COMMIT');
    other.close();
    await until(() => delivered.length > 0);
    await log.publish('t', [{ key: 'k', value: Buffer.from('two'), headers: {} }]);
    await until(() => delivered.length > 1);
    await consumer.stop();
    expect(delivered).toEqual(['one', 'two']);
    await log.close();
  });
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
