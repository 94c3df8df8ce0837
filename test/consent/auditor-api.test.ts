/**
 * The auditors' API through the gateway, with real tokens: the trail narrowed by agency, outcome and
 * time; the chain's state; the server-side verification `gba audit verify` runs, intact and tampered.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { type Answer, answerAs, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const path = join(dir.path, 'audit.db');
let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture({ audit: new SqliteAuditLog({ path }) });
  // Decisions on p-0004's case-0001: hk-td under consent con-0001 for identity, refused contact; the
  // origin side (Shenzhen) sees everything.
  await as('hk-official', '{ case(id: "case-0001") { applicant { name { en } phone } } }');
  await as('sz-official', '{ case(id: "case-0001") { applicant { name { en } phone } } }');
});
afterAll(async () => {
  await fx.close();
  dir.remove();
});

const as = answerAs(() => fx);

const TRAIL = `query T($agency: ID, $outcome: AccessDecision, $since: String, $until: String) {
  auditTrail(subject: "p-0004", agency: $agency, outcome: $outcome, since: $since, until: $until, first: 100) {
    totalCount edges { node { agency decision categories reason } } } }`;

describe('the audit trail, narrowed', () => {
  it.each([
    [{}, 3, ['hk-td', 'hk-td', 'sz-gov-data-bureau']],
    [{ agency: 'hk-td' }, 2, ['hk-td', 'hk-td']],
    [{ outcome: 'DENY' }, 1, ['hk-td']],
    [{ agency: 'hk-td', outcome: 'ALLOW' }, 1, ['hk-td']],
    [{ agency: 'sz-gov-data-bureau', outcome: 'DENY' }, 0, []],
    [{ agency: 'hk-td', since: '2026-03-02' }, 0, []],
    [{ agency: 'hk-td', until: '2026-03-02' }, 2, ['hk-td', 'hk-td']],
  ] as [Record<string, string>, number, string[]][])(
    'with %o holds %i records, by %o',
    async (filter, count, agencies) => {
      const a = await as('auditor', TRAIL, filter);
      expect(a.errors).toBeUndefined();
      expect(a.data.auditTrail.totalCount).toBe(count);
      const nodes = a.data.auditTrail.edges.map((e: { node: { agency: string } }) => e.node);
      expect(nodes.map((n: { agency: string }) => n.agency).sort()).toEqual(agencies);
      for (const n of nodes) expect(n.decision).toBe(filter.outcome ?? n.decision);
    },
  );

  it('refuses an agency that cannot be an id as BAD_USER_INPUT naming it', async () => {
    const a = await as('auditor', TRAIL, { agency: '' });
    expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agency' });
  });
});

describe('paging a narrowed list, as the console’s "Load more" does', () => {
  const PAGE = (field: string, args: string) => `query P($first: Int, $after: String) {
    ${field}(${args}first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { seq agency decision } } } }`;
  it.each([
    ['auditTrail', 'auditor', 'subject: "p-0004", agency: "hk-td", ', 2],
    ['auditTrail', 'auditor', 'subject: "p-0004", outcome: ALLOW, ', 2],
    ['myDataAccesses', 'p-0004', 'outcome: ALLOW, ', 2],
    ['myDataAccesses', 'p-0004', 'outcome: DENY, ', 1],
  ])(
    '%s (%s, %s) one at a time: disjoint pages, newest first, together the whole filter',
    async (field, who, args, n) => {
      const whole = (await as(who, PAGE(field, args), { first: 100 })).data[field];
      expect(whole.totalCount).toBe(n);
      const seqs: number[] = [];
      let after: string | null = null;
      for (let i = 0; i < n; i++) {
        const answer: Answer = await as(who, PAGE(field, args), { first: 1, after });
        const page = answer.data[field];
        expect(page.totalCount).toBe(n);
        expect(page.edges).toHaveLength(1);
        expect(page.pageInfo.hasNextPage).toBe(i < n - 1);
        seqs.push(page.edges[0].node.seq);
        after = page.pageInfo.endCursor;
      }
      expect(seqs).toEqual(whole.edges.map((e: { node: { seq: number } }) => e.node.seq));
    },
  );

  it.each([
    ['a cursor that is not one', '"later"'],
    ['a cursor below the first record', '"0"'],
  ])('refuses %s as BAD_USER_INPUT naming after', async (_title, cursor) => {
    const a = await as('p-0004', `{ myDataAccesses(first: 1, after: ${cursor}) { totalCount } }`);
    expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('the chain', () => {
  const CHAIN = '{ auditChain { length headHash } verifyAuditChain { intact records headHash firstBad problem } }';

  it.each([
    ['hk-official', 'FORBIDDEN'],
    ['admin', 'FORBIDDEN'],
    ['p-0004', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('is for auditors: %s gets %s', async (who, code) => {
    const a = await as(who, CHAIN);
    expect(a.data).toEqual({ auditChain: null, verifyAuditChain: null });
    expect(a.errors?.map((e) => e.extensions.code)).toEqual([code, code]);
  });

  it('tells its length and head, verifies intact with the same head, and names the first bad record once tampered', async () => {
    const intact = await as('auditor', CHAIN);
    expect(intact.errors).toBeUndefined();
    const { auditChain, verifyAuditChain } = intact.data;
    expect(auditChain.length).toBe(3);
    expect(auditChain.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAuditChain).toEqual({
      intact: true,
      records: 3,
      headHash: auditChain.headHash,
      firstBad: null,
      problem: null,
    });

    // As someone with the file would: the append-only triggers dropped, a denial turned into an allow.
    const db = new Database(path);
    db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    db.exec(`UPDATE audit SET entry = replace(entry, '"decision":"deny"', '"decision":"allow"')`);
    db.close();
    const broken = await as('auditor', CHAIN);
    expect(broken.data.verifyAuditChain).toMatchObject({
      intact: false,
      headHash: null,
      problem: expect.stringContaining('edited'),
    });
    expect(broken.data.verifyAuditChain.firstBad).toBeGreaterThanOrEqual(1);
  });
});
