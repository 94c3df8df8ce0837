/**
 * The consent gate of one request (services/consent/gate.ts), on the real SQLite audit log: the
 * fields asked together are one batch (one look-up per subject, one append), each (case, category)
 * is decided and recorded once per request, and a batch whose append failed is forgotten, so the
 * next ask decides and records again, never serving an unrecorded decision.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case, Consent } from '../../schema/domain/index.js';
import type { AuditEntry, AuditLog } from '../../services/consent/audit/audit-log.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { createConsentGate } from '../../services/consent/gate.js';
import type { Principal } from '../../services/identity/authenticator.port.js';
import { tempDir } from '../support/temp-dir.js';

const seed = (file: string) => JSON.parse(readFileSync(join('deploy/seed/gba', file), 'utf8'));
const cases = seed('cases.json') as Case[];
const consents = seed('consents.json') as Consent[];
const kase = (id: string) => cases.find((c) => c.id === id) as Case;
const hkOfficial: Principal = {
  subject: 'hk-official',
  clientId: 'gba-console',
  roles: ['official'],
  jurisdiction: 'HK',
  agency: 'hk-td',
};

const dir = tempDir();
afterAll(() => dir.remove());
let n = 0;

/** A gate on a fresh audit log; counts look-ups and appends, and fails the appends it is told to. */
function gateWith(failAppends = 0) {
  const audit = new SqliteAuditLog({ path: join(dir.path, `audit-${n++}.db`) });
  const lookups: string[] = [];
  const appended: AuditEntry[][] = [];
  let failures = failAppends;
  const gate = createConsentGate({
    viewer: hkOfficial,
    requestId: 'req-1',
    now: () => new Date('2026-04-01T00:00:00Z'),
    service: async () => null,
    agency: async () => null,
    consentsOf: async (subject) => {
      lookups.push(subject);
      return consents.filter((c) => c.subject === subject);
    },
    // The gate only appends: the real log behind an append that can be made to fail.
    audit: {
      append: (entries: readonly AuditEntry[]) => {
        if (failures-- > 0) return Promise.reject(new Error('audit log unavailable'));
        appended.push([...entries]);
        return audit.append(entries);
      },
    } as Pick<AuditLog, 'append'> as AuditLog,
  });
  return { gate, audit, lookups, appended };
}

describe('the consent gate of one request', () => {
  it('decides the fields asked together in one batch: one look-up of the subject, one append', async () => {
    const { gate, audit, lookups, appended } = gateWith();
    const c = kase('case-0001');
    const [identity, driving, contact] = await Promise.all([
      gate.decide(c, 'identity'),
      gate.decide(c, 'driving-record'),
      gate.decide(c, 'contact'),
    ]);
    expect([identity.allowed, driving.allowed, contact.allowed]).toEqual([true, true, false]);
    expect(lookups).toEqual(['p-0004']);
    expect(appended).toHaveLength(1);
    // Alike decisions share a record: the two allowed under con-0001, the refused one apart.
    expect(appended[0]?.map((e) => e.categories)).toEqual([['identity', 'driving-record'], ['contact']]);
    await audit.close();
  });

  it('decides and records each (case, category) once per request, however often it is asked', async () => {
    const { gate, audit, appended } = gateWith();
    const c = kase('case-0001');
    const first = await gate.decide(c, 'identity');
    const again = await Promise.all([gate.decide(c, 'identity'), gate.decide(c, 'identity')]);
    expect(again).toEqual([first, first]);
    expect(appended.flat().flatMap((e) => e.categories)).toEqual(['identity']);
    await audit.close();
  });

  it('serves nothing of a batch whose append failed, and decides and records it again when asked again', async () => {
    const { gate, audit, appended } = gateWith(1);
    const c = kase('case-0001');
    const asked = [gate.decide(c, 'identity'), gate.decide(c, 'contact')];
    for (const a of asked) await expect(a).rejects.toThrow('audit log unavailable');
    expect(appended).toEqual([]);
    expect((await gate.decide(c, 'identity')).allowed).toBe(true);
    expect(appended.flat().flatMap((e) => e.categories)).toEqual(['identity']);
    expect((await audit.verify()).ok).toBe(true);
    await audit.close();
  });
});
