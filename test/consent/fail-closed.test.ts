import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditRecord } from '../../services/consent/audit/audit-log.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

/** A real audit log whose disk has filled up. */
class FullDisk extends SqliteAuditLog {
  override async append(_entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    throw new Error('SQLITE_FULL: database or disk is full');
  }
}

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture({ audit: new FullDisk({ path: ':memory:' }) });
});
afterAll(() => fx.close());

describe('when the audit record cannot be written', () => {
  it('serves no personal data (fail closed), while the rest of the case still answers', async () => {
    const response = await fx.query('{ case(id: "case-0001") { id status applicant { name { en } idNumber } } }', {
      headers: { authorization: `Bearer ${await fx.idp.token('sz-official')}` },
    });
    const body = (await response.json()) as {
      data: { case: { id: string; applicant: unknown } };
      errors: { extensions: { code: string } }[];
    };
    expect(body.data.case.id).toBe('case-0001');
    expect(body.data.case.applicant).toEqual({ name: null, idNumber: null });
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['INTERNAL', 'INTERNAL']);
    expect(JSON.stringify(body)).not.toMatch(/SQLITE_FULL/);
  });
});
