/**
 * `gba backup` copies the embedded files consistently (a restored copy has the same graph and an intact
 * audit chain), refuses a directory in use; `gba keys` creates and rotates the receipts key (old
 * receipts still verify) and rotates the dev identity provider's key, keeping the old one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import type { Consent } from '../../schema/domain/index.js';
import { main } from '../../services/cli/main.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { loadReceiptSigner } from '../../services/consent/receipts.js';
import { loadDataset } from '../../services/graph/seed/dataset.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { entry } from '../contracts/audit-log.contract.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

async function gba(args: string[], dataDir: string) {
  const out: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => out.push(l), env: { DATA_DIR: dataDir } });
  return { code, out };
}

async function counts(dataDir: string) {
  const store = new SqliteGraphStore({ path: join(dataDir, 'gba.db') });
  try {
    return await store.counts();
  } finally {
    await store.close();
  }
}

describe('gba backup', () => {
  it('copies graph, audit log and keys so that a restored copy is the same and verifies', async () => {
    const live = join(dir.path, 'live');
    expect((await gba(['seed'], live)).code).toBe(0);
    const audit = new SqliteAuditLog({ path: join(live, 'audit.db') });
    await audit.append([entry(1), entry(2), entry(3)]);
    expect((await gba(['keys', 'receipts'], live)).code).toBe(0);

    const target = join(dir.path, 'backup-1');
    // Taken while the audit log is open in this process, as on a running platform.
    const backup = await gba(['backup', target], live);
    await audit.close();
    expect(backup.code).toBe(0);
    expect(backup.out).toContain('gba.db: copied');
    expect(backup.out).toContain('audit.db: copied');
    expect(backup.out).toContain(`events.db: not there yet (${join(live, 'events.db')}), skipped`);
    expect(readdirSync(target).sort()).toEqual(['audit.db', 'backup.json', 'gba.db', 'receipts']);
    // Personal data and keys: the owner's alone, folders 0700 and files 0600.
    const modes = (path: string): [string, number, number][] => {
      const stat = statSync(path);
      const own: [string, number, number] = [path, stat.mode & 0o777, stat.isDirectory() ? 0o700 : 0o600];
      return stat.isDirectory() ? [own, ...readdirSync(path).flatMap((f) => modes(join(path, f)))] : [own];
    };
    const found = modes(target);
    expect(found.length).toBeGreaterThan(5);
    for (const [path, mode, expected] of found) expect({ path, mode }).toEqual({ path, mode: expected });

    // Restore: the files copied into an empty data directory.
    const restored = join(dir.path, 'restored');
    mkdirSync(restored);
    for (const name of ['gba.db', 'audit.db']) writeFileSync(join(restored, name), readFileSync(join(target, name)));
    expect(await counts(restored)).toEqual(await counts(live));
    const verified = await gba(['audit', 'verify'], restored);
    expect(verified).toEqual({ code: 0, out: [expect.stringMatching(/^audit log intact: 3 records/)] });
  });

  it('refuses a directory that already holds files', async () => {
    const used = join(dir.path, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'x'), 'x');
    expect((await gba(['backup', used], join(dir.path, 'live'))).code).toBe(73);
    expect((await gba(['backup'], join(dir.path, 'live'))).code).toBe(64);
  });
});

describe('gba keys', () => {
  it('creates the receipts key once and keeps it', async () => {
    const out = join(dir.path, 'k8s-receipts');
    const first = await gba(['keys', 'receipts', '--out', out], dir.path);
    const second = await gba(['keys', 'receipts', '--out', out], dir.path);
    expect(first.out[0]).toMatch(/^created .*signing-key\.json \(kid [0-9a-f-]{36}\)$/);
    expect(second.out[0]).toBe(first.out[0]?.replace('created', 'kept'));
    expect(JSON.parse(readFileSync(join(out, 'signing-key.json'), 'utf8'))).toMatchObject({
      alg: 'ES256',
      d: expect.any(String),
    });
  });

  it('rotates the receipts key: new receipts carry the new kid, and a receipt signed before still verifies', async () => {
    const out = join(dir.path, 'receipts-rotation');
    await gba(['keys', 'receipts', '--out', out], dir.path);
    const before = await loadReceiptSigner(out);
    const consent = (await loadDataset()).find((b) => b.label === 'Consent')?.records[0] as Consent;
    const oldReceipt = await before.sign('granted', consent, new Date('2026-03-01T00:00:00Z'));

    const rotated = await gba(['keys', 'rotate-receipts', '--out', out], dir.path);
    expect(rotated.code).toBe(0);
    expect(rotated.out[0]).toMatch(
      new RegExp(
        `^consent receipts: new signing key [0-9a-f-]{36} \\(retired ${before.publicJwk.kid}, public part kept\\)$`,
      ),
    );
    const after = await loadReceiptSigner(out);
    expect(after.publicJwk.kid).not.toBe(before.publicJwk.kid);
    // The retired key's private part is gone; its public part is published beside the new key.
    expect(readFileSync(join(out, 'retired-keys.json'), 'utf8')).not.toMatch(/"d"/);
    expect(after.publicJwks.map((k) => k.kid)).toEqual([after.publicJwk.kid, before.publicJwk.kid]);
    const keys = createLocalJWKSet({ keys: [...after.publicJwks] });
    const verified = await compactVerify(oldReceipt, keys);
    expect(verified.protectedHeader.kid).toBe(before.publicJwk.kid);
    const newReceipt = await after.sign('revoked', consent, new Date('2026-03-02T00:00:00Z'));
    expect((await compactVerify(newReceipt, keys)).protectedHeader.kid).toBe(after.publicJwk.kid);
    // The new key alone does not verify the old receipt: the retired key is what keeps it valid.
    await expect(compactVerify(oldReceipt, createLocalJWKSet({ keys: [after.publicJwk] }))).rejects.toThrow();
  });

  it('rotates the dev identity provider key, keeping the retired one beside it', async () => {
    const data = join(dir.path, 'idp-rotation');
    const first = await gba(['keys', 'rotate-idp'], data);
    const kid1 = /new signing key (\S+)/.exec(first.out[0] ?? '')?.[1];
    const second = await gba(['keys', 'rotate-idp'], data);
    expect(second.out[0]).toBe(
      `dev identity provider: new signing key ${/new signing key (\S+)/.exec(second.out[0] ?? '')?.[1]} (retired ${kid1})`,
    );
    expect(existsSync(join(data, 'idp', `signing-key.${kid1}.retired.json`))).toBe(true);
    expect((await gba(['keys', 'nope'], data)).code).toBe(64);
  });
});
