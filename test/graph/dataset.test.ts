import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetError, DEFAULT_SEED_DIR, loadDataset } from '../../services/graph/seed/dataset.js';
import { tempDir } from '../support/temp-dir.js';

const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

function copyWith(file: string, edit: (records: Record<string, unknown>[]) => void): string {
  const dir = tempDir();
  dirs.push(dir);
  cpSync(DEFAULT_SEED_DIR, dir.path, { recursive: true });
  const records = JSON.parse(readFileSync(join(dir.path, file), 'utf8')) as Record<string, unknown>[];
  edit(records);
  writeFileSync(join(dir.path, file), JSON.stringify(records));
  return dir.path;
}

describe('the sample data set', () => {
  it('is the project’s own copy, not ../shared', () => {
    expect(DEFAULT_SEED_DIR).toMatch(/deploy\/seed\/gba\/$/);
  });

  it('validates against the canonical model, every label in write order', async () => {
    const batches = await loadDataset();
    expect(batches.map((b) => [b.label, b.records.length])).toEqual([
      ['Jurisdiction', 5],
      ['Agency', 24],
      ['Topic', 15],
      ['Service', 35],
      ['Practice', 21],
      ['Person', 12],
      ['Case', 16],
      ['Consent', 14],
      ['Announcement', 12],
    ]);
  });

  it('names the file, record and field of a bad value', async () => {
    const dir = copyWith('services.json', (r) => {
      (r[2] as Record<string, unknown>).channels = ['fax'];
    });
    const error = await loadDataset(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).problems).toEqual([expect.stringMatching(/^services\.json\[2\]\.channels\.0: /)]);
  });

  it('names a reference to a record that does not exist', async () => {
    const dir = copyWith('practices.json', (r) => {
      (r[0] as Record<string, unknown>).inspiredBy = ['prac-nowhere'];
    });
    await expect(loadDataset(dir)).rejects.toMatchObject({
      problems: ['Practice prac-sz-ishenzhen-single-portal.inspiredBy: no Practice "prac-nowhere"'],
    });
  });
});
