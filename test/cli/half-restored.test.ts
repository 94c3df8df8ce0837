/**
 * The restore check an operator can trust: `gba audit verify` and `gba dlq` never create a store, and
 * a folder whose graph store records what the platform did (consents, case changes: each put records
 * on the audit chain) but whose audit log is missing or empty fails verify (exit 1, naming the file
 * to restore); its missing event log is refused by `gba dlq` (66). A folder only seeded answers as
 * before, creating nothing; a full restore verifies.
 * Found by a tester (probe 12 row 19): with only gba.db restored, verify made data/audit.db and
 * printed "audit log intact: 0 records", exit 0; `gba dlq list` made events.db, "the queue is empty".
 * `gba` over real SQLite.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { gbaIn, ingestOne } from '../support/gba-cli.js';
import { iamSmartGrant } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const live = join(dir.path, 'live');
const backup = join(dir.path, 'backup');
const SAMPLE = join(import.meta.dirname, '../../deploy/seed/gba/events/hk-inbound.jsonl');

/** A data folder holding `files` of the backup. */
function restored(name: string, files: readonly string[]): string {
  const path = join(dir.path, name, 'data');
  mkdirSync(path, { recursive: true });
  for (const f of files) copyFileSync(join(backup, f), join(path, f));
  return path;
}

beforeAll(async () => {
  const gba = gbaIn(live);
  expect((await gba(['seed'])).code).toBe(0);
  // Consents granted and revoked, cases changed: the platform's history, on the audit chain.
  expect((await gba(['ingest', SAMPLE])).code).toBe(65);
  const grant = { id: 'grant-con-restore-1', ...iamSmartGrant('con-restore-1', '2026-10-01T10:00:00+08:00') };
  expect((await ingestOne(gba, dir.path, grant)).code).toBe(0);
  expect((await gba(['backup', backup])).code).toBe(0);
}, 120_000);

describe('gba audit verify after a restore', () => {
  it('fails when only gba.db was restored, and creates no audit log', async () => {
    const data = restored('graph-only', ['gba.db']);
    const run = await gbaIn(data)(['audit', 'verify']);
    expect(run.code).toBe(1);
    expect(run.out).toEqual([]);
    const said = run.err.join('\n');
    expect(said).toContain(`restore check failed: there is no audit log at ${join(data, 'audit.db')}`);
    expect(said).toMatch(/records \d+ consents granted or changed, \d+ cases changed by partner events/);
    expect(said).toContain('restore audit.db from the same backup as gba.db');
    expect(existsSync(join(data, 'audit.db'))).toBe(false);
  });

  it('fails when the audit log restored beside it is empty', async () => {
    const data = restored('empty-chain', ['gba.db']);
    await new SqliteAuditLog({ path: join(data, 'audit.db') }).close();
    const run = await gbaIn(data)(['audit', 'verify']);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain('restore check failed: the audit log holds no record, yet the graph store');
  });

  it('passes on a full restore', async () => {
    const data = restored('full', ['gba.db', 'audit.db', 'events.db']);
    const gba = gbaIn(data);
    const run = await gba(['audit', 'verify']);
    expect(run.code).toBe(0);
    expect(run.out.join('')).toMatch(/^audit log intact: [1-9]\d* records/);
    expect((await gba(['dlq', 'list'])).code).toBe(0);
  });
});

// [command, exit status in a folder with history but no events.db]
const DLQ: [string[], number][] = [
  [['dlq', 'list'], 66],
  [['dlq', 'list', '--json'], 66],
  [['dlq', 'release', '--all'], 66],
  [['dlq', 'replay'], 66],
];

describe('gba dlq after a restore that left out events.db', () => {
  it.each(DLQ)('gba %j is refused, naming events.db, and creates nothing', async (args, code) => {
    const data = restored('no-events', ['gba.db', 'audit.db']);
    const run = await gbaIn(data)(args);
    expect(run.code).toBe(code);
    expect(run.out).toEqual([]);
    expect(run.err.join('\n')).toContain(`there is no event log at ${join(data, 'events.db')}, yet the graph store`);
    expect(run.err.join('\n')).toContain('restore events.db');
    expect(existsSync(join(data, 'events.db'))).toBe(false);
  });
});

// [command, exit status, stdout, stderr] in a folder only seeded
const SEEDED: [string[], number, string[], string[]][] = [
  [['dlq', 'list'], 0, ['the dead-letter queue is empty'], []],
  [['dlq', 'list', '--json'], 0, ['[]'], []],
  [['dlq', 'release', '--all'], 0, ['no dead letter is claimed'], []],
  [['dlq', 'release', '--id', 'x'], 1, [], ['gba dlq release: no claimed dead letter has event id x']],
  [['dlq', 'replay'], 0, [], ['the dead-letter queue is empty']],
];

describe('a folder only seeded', () => {
  const seeded = join(dir.path, 'seeded', 'data');
  beforeAll(async () => {
    expect((await gbaIn(seeded)(['seed'])).code).toBe(0);
  }, 60_000);

  it('verifies an empty chain, creating no audit log', async () => {
    const run = await gbaIn(seeded)(['audit', 'verify']);
    expect(run.code).toBe(0);
    expect(run.out).toEqual([`audit log intact: 0 records, head ${'0'.repeat(64)}`]);
    expect(run.err.join('\n')).toContain('the graph store records no change since seeding');
    expect(existsSync(join(seeded, 'audit.db'))).toBe(false);
  });

  it.each(SEEDED)('gba %j answers as for an empty queue, creating no event log', async (args, code, out, err) => {
    expect(await gbaIn(seeded)(args)).toEqual({ code, out, err });
    expect(existsSync(join(seeded, 'events.db'))).toBe(false);
  });
});
