import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { tempDir } from '../support/temp-dir.js';

const WRITER = fileURLToPath(new URL('../support/sqlite-writer.ts', import.meta.url));
const dir = tempDir();
afterAll(() => dir.remove());

async function writer(path: string, from: number, batches: number): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, String(from), String(batches)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const [code] = await once(child, 'exit');
  return { code, stderr };
}

describe('the SQLite graph store under two writer processes', () => {
  it('loses and duplicates nothing when two processes write the same file at once', async () => {
    const path = join(dir.path, 'two-writers.db');
    // 40 batches of 20 each; the ranges overlap by half (400–799).
    const results = await Promise.all([writer(path, 0, 40), writer(path, 400, 40)]);
    expect(results).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);
    const store = new SqliteGraphStore({ path });
    await store.init();
    const counts = await store.counts();
    expect(counts.Practice).toBe(1200);
    const all = await store.find('Practice', { where: [], first: 1200 });
    expect(new Set(all.records.map((p) => p.id)).size).toBe(1200);
    expect((await store.search({ text: '并行', labels: ['Practice'], first: 5 })).length).toBe(5);
    await store.close();
  });

  it('shows a reader with its read cache what another process wrote, at its very next read', async () => {
    const path = join(dir.path, 'cached-reader.db');
    const reader = new SqliteGraphStore({ path });
    await reader.init();
    const id = 'prac-mp-02000';
    expect(await reader.getByIds('Practice', [id])).toEqual([null]);
    expect((await reader.find('Practice', { where: [], first: 1 })).totalCount).toBe(0);
    expect(await writer(path, 2000, 1)).toEqual({ code: 0, stderr: '' });
    expect((await reader.getByIds('Practice', [id]))[0]?.id).toBe(id);
    expect((await reader.find('Practice', { where: [], first: 1 })).totalCount).toBe(20);
    await reader.close();
  });
});
