import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../services/cli/main.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

async function seed(): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await main(['seed'], { out: (l) => out.push(l), err: (l) => out.push(l), env: { DATA_DIR: dir.path } });
  return { code, out };
}

describe('gba seed', () => {
  it('loads the sample data set and prints the counts', async () => {
    const { code, out } = await seed();
    expect(code).toBe(0);
    expect(out[0]).toBe('seeded sqlite: 154 records written, 0 already up to date');
    expect(out).toContain('  Service          35');
    expect(out).toContain('  Practice         21');
  });

  it('leaves the same counts when run twice', async () => {
    const { code, out } = await seed();
    expect(code).toBe(0);
    expect(out[0]).toBe('seeded sqlite: 0 records written, 154 already up to date');
    expect(out.slice(1)).toEqual([
      '  Jurisdiction     5',
      '  Agency           24',
      '  Topic            15',
      '  Service          35',
      '  Practice         21',
      '  Person           12',
      '  Case             16',
      '  Consent          14',
      '  ConsentRequest   0',
      '  Announcement     12',
      '  PracticeDraft    0',
      '  PracticeVersion  0',
      '  Adoption         0',
      '  Question         0',
      // The keyed-write ledger (services/shared/keyed-write.ts): the data set has none.
      '  WriteRequest     0',
    ]);
  });
});
