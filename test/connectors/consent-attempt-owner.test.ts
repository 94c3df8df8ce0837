/**
 * A refused consent event is in the history of the person whose consent it would have changed, and no one
 * else's: an event naming p-A that revokes, expires or re-grants p-B's consent is a DENY in p-B's
 * myDataAccesses (their own consent named), and p-A's history holds nothing of it, so no resident reads
 * another's consent id. An id no consent has stays with the person the event names (connectors/pipeline/
 * consent-attempt.ts). Found by a code-blind tester: hk-iamsmart revoking p-0006's con-0003 as p-0001 was a
 * DENY in p-0001's history reading "consent con-0003 revocation … refused". `gba ingest` into a seeded SQLite
 * store; the histories read through the gateway over the same store, as each resident.
 */
import { describe, expect, it } from 'vitest';
import { ingestOne } from '../support/gba-cli.js';
import { seededGateway } from '../support/gba-gateway.js';
import { iamSmartGrant, sample } from '../support/pipeline-events.js';

const { dir, gba, fixture } = seededGateway();

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const TIME = '2026-11-15T10:00:00+08:00';
const HK = 'gba.inbound.hk';
const MAINLAND = 'gba.inbound.mainland';

/** iAM Smart revoking `consentId` as `person`'s. */
const hkRevoke = (id: string, consentId: string, person: string): Json => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:hk:dpo:iamsmart',
  type: 'hk.iamsmart.consent.revoked',
  subject: consentId,
  time: TIME,
  datacontenttype: 'application/json',
  data: { consentId, subjectRef: person, revokedAt: TIME, reason: { en: 'x', zhHant: 'x' } },
});
/** Yueshengshi's grant of con-0002 (the sample), as `consentId` of `person`. */
const cnGrant = (id: string, consentId: string, person: string): Json => {
  const e = sample('mainland-inbound', 'YSS-20251108194000-0002') as Json;
  const data = { ...e.data, shouquan_bh: consentId, shouquanren_bh: person, pingtai_ajbh: null };
  return { ...e, id, subject: consentId, time: TIME, data: { ...data, shouquan_sj: '2026-11-15 10:00:00' } };
};
/** Yueshengshi ending `consentId` as `person`'s. */
const cnExpire = (id: string, consentId: string, person: string): Json => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:gd:yueshengshi',
  type: 'cn.gd.authorization.expired',
  subject: consentId,
  time: TIME,
  datacontenttype: 'application/json',
  data: {
    shouquan_bh: consentId,
    shouquanren_bh: person,
    shixiao_sj: '2026-11-15 10:00:00',
    pingtai_ajbh: 'case-0002',
  },
});

// [title, event, topic, the person it names, whose history holds it, the consent that history names, reason]
const ROWS: [string, Json, string, string, string, string | null, string][] = [
  [
    'HK revocation of p-0006’s con-0003 as p-0001',
    hkRevoke('owner-1', 'con-0003', 'p-0001'),
    HK,
    'p-0001',
    'p-0006',
    'con-0003',
    'SUBJECT_MISMATCH',
  ],
  [
    'HK revocation of p-0004’s con-0001 (a Mainland manager’s) as p-0001',
    hkRevoke('owner-2', 'con-0001', 'p-0001'),
    HK,
    'p-0001',
    'p-0004',
    'con-0001',
    'SUBJECT_MISMATCH',
  ],
  [
    'HK grant reusing p-0007’s con-0004 as p-0002',
    { ...iamSmartGrant('con-0004', TIME), id: 'owner-3' } as Json,
    HK,
    'p-0002',
    'p-0007',
    'con-0004',
    'SUBJECT_MISMATCH',
  ],
  [
    'Mainland expiry of p-0004’s con-0001 as p-0005',
    cnExpire('owner-4', 'con-0001', 'p-0005'),
    MAINLAND,
    'p-0005',
    'p-0004',
    'con-0001',
    'SUBJECT_MISMATCH',
  ],
  [
    'Mainland grant reusing p-0005’s con-0002 as p-0004',
    cnGrant('owner-5', 'con-0002', 'p-0004'),
    MAINLAND,
    'p-0004',
    'p-0005',
    'con-0002',
    'SUBJECT_MISMATCH',
  ],
  // An id no consent has is nobody else's: the attempt stays with the person it names.
  [
    'HK revocation of con-9999 (no consent) as p-0001',
    hkRevoke('owner-6', 'con-9999', 'p-0001'),
    HK,
    'p-0001',
    'p-0001',
    null,
    'SUBJECT_MISMATCH',
  ],
];

interface Node {
  decision: string;
  resource: string;
  reason: string;
  requestId: string;
  consentId: string | null;
}

async function history(person: string): Promise<Node[]> {
  const headers = { authorization: `Bearer ${await fixture().idp.token(person)}` };
  const query = '{ myDataAccesses(first: 50) { edges { node { decision resource reason requestId consentId } } } }';
  const answer = (await (await fixture().query(query, { headers })).json()) as {
    data: { myDataAccesses: { edges: { node: Node }[] } };
  };
  return answer.data.myDataAccesses.edges.map((e) => e.node);
}

describe('a refused consent event is in the history of the person whose consent it names', () => {
  it.each(ROWS)('%s', async (_title, event, topic, named, owner, consentId, reason) => {
    const ingest = await ingestOne(gba, dir.path, event, topic);
    expect(ingest.code, ingest.out.join('\n')).toBe(65);
    const held = (await history(owner)).filter((r) => r.requestId === event.id);
    expect(held).toMatchObject([{ decision: 'DENY', reason, consentId }]);
    if (named === owner) return;
    const theirs = await history(named);
    expect(theirs.filter((r) => r.requestId === event.id)).toEqual([]);
    // Nothing in the named person's history reads the other person's consent id.
    expect(JSON.stringify(theirs)).not.toContain(`${consentId}"`);
    expect(JSON.stringify(theirs)).not.toContain(`${consentId} `);
  });
});
