/**
 * A consent manager changes or ends only the consents it granted (`grantedBy`,
 * services/consent/lifecycle.ts): both Mainland consent managers speak for the Mainland side's data,
 * yet iShenzhen may not expire or narrow what Yueshengshi granted, nor Yueshengshi iShenzhen's
 * (CONSENT_MANAGER_MISMATCH). A consent the resident granted on the platform no consent manager may
 * end; the resident's own revokeConsent ends any of theirs. The event door through `gba ingest` into
 * a seeded SQLite store, each row on its own clock (test/support/consent-rows.ts); the GraphQL door
 * through the gateway over the same store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import {
  at,
  CON_0001,
  type ConsentNames,
  type ConsentRow,
  consentOf,
  cst,
  expiry,
  ISHENZHEN,
  ingestRow,
  YUESHENGSHI,
} from '../support/consent-rows.js';
import { contactForHkTd } from '../support/fixtures.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { gbaIn } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const CLOCK = at('12:00');
let fx: GatewayFixture;

beforeAll(async () => {
  expect((await gbaIn(dir.path, new Date(CLOCK))(['seed'])).code).toBe(0);
  fx = await startGatewayFixture({
    store: new SqliteGraphStore({ path: join(dir.path, 'gba.db') }),
    audit: new SqliteAuditLog({ path: join(dir.path, 'audit.db') }),
    now: () => new Date(CLOCK),
  });
});
afterAll(async () => {
  await fx.close();
  dir.remove();
});

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const sample = (file: string, id: string) =>
  JSON.parse(
    readFileSync(join(EVENTS, file), 'utf8')
      .split('\n')
      .find((l) => l.includes(`"${id}"`)) as string,
  );

/** Yueshengshi's grant of p-0004's con-0001 (identity, driving record), as the sample stream has it. */
const con0001Grant = sample('mainland-inbound.jsonl', 'YSS-20260119201500-0007');
const CON_0005: ConsentNames = ['con-0005', 'p-0009', 'case-0009'];
const SEEDED_0001 = { expiresAt: '2027-07-19T23:59:59+08:00', version: 1, grantedBy: YUESHENGSHI };

const ROWS: ConsentRow[] = [
  {
    title: 'iShenzhen expiring con-0001, which Yueshengshi granted, is refused',
    event: expiry('isz-expires-yss', cst('12:00'), at('12:00'), CON_0001, ISHENZHEN),
    clock: CLOCK,
    refusal: 'CONSENT_MANAGER_MISMATCH',
    consent: ['con-0001', SEEDED_0001],
  },
  {
    title: 'iShenzhen re-granting con-0001 narrower (identity only) is refused',
    event: {
      ...con0001Grant,
      id: 'isz-narrows-yss',
      source: ISHENZHEN,
      data: { ...con0001Grant.data, leibie: ['shenfen'] },
    },
    clock: CLOCK,
    refusal: 'CONSENT_MANAGER_MISMATCH',
    consent: ['con-0001', { ...SEEDED_0001, dataCategories: ['identity', 'driving-record'] }],
  },
  {
    title: 'Yueshengshi expiring con-0005, which iShenzhen granted, is refused',
    event: expiry('yss-expires-isz', cst('12:00'), at('12:00'), CON_0005),
    clock: CLOCK,
    refusal: 'CONSENT_MANAGER_MISMATCH',
    consent: ['con-0005', { expiresAt: '2027-04-14T23:59:59+08:00', version: 1, grantedBy: ISHENZHEN }],
  },
  {
    title: 'Yueshengshi naming another resident for con-0005 is answered as for an unknown id',
    event: expiry('yss-expires-isz-other', cst('12:00'), at('12:00'), ['con-0005', 'p-0004', 'case-0009']),
    clock: CLOCK,
    refusal: 'SUBJECT_MISMATCH',
    consent: ['con-0005', { version: 1 }],
  },
  {
    title: 'Yueshengshi re-sending its own grant of con-0001 changes nothing',
    event: { ...con0001Grant, id: 'yss-grant-again' },
    clock: CLOCK,
    refusal: null,
    consent: ['con-0001', SEEDED_0001],
  },
  {
    title: 'iShenzhen bringing forward the end of its own con-0005 is taken',
    event: expiry('isz-expires-own', cst('00:00', '20'), at('12:00'), CON_0005, ISHENZHEN),
    clock: CLOCK,
    refusal: null,
    consent: ['con-0005', { expiresAt: at('00:00', '20'), version: 2, grantedBy: ISHENZHEN }],
  },
];

describe('a consent manager changes or ends only the consents it granted (gba ingest)', () => {
  it.each(ROWS.map((r) => [r.title, r] as const))('%s', async (_title, row) => ingestRow(dir.path, row));

  it('names the consent manager that granted it in the dead letter', async () => {
    const letters = JSON.parse((await gbaIn(dir.path)(['dlq', 'list', '--json'])).out.join('\n')) as {
      eventId: string;
      message: string;
    }[];
    expect(letters.find((l) => l.eventId === 'isz-expires-yss')?.message).toMatch(
      `consent con-0001 was granted through ${YUESHENGSHI}; only that system, or the subject on the platform, may change or end it, not by ${ISHENZHEN}`,
    );
  });
});

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field.
async function as(who: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const headers = { authorization: `Bearer ${await fx.idp.token(who)}` };
  const answer = (await (await fx.query(query, { variables, headers })).json()) as { data: unknown; errors?: unknown };
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

const GRANT = 'mutation G($input: GrantConsentInput!) { grantConsent(input: $input) { consent { id grantedBy } } }';
const REVOKE = 'mutation R($id: ID!) { revokeConsent(id: $id) { consent { id state grantedBy } } }';

/** iAM Smart's revocation of `consentId` of `subjectRef`, stating `revokedAt`. */
const iamSmartRevocation = (id: string, [consentId, subjectRef]: ConsentNames, revokedAt: string) => {
  const seen = sample('hk-inbound.jsonl', '0f87e236-43f6-5482-a1fd-826ab935f42d');
  return { ...seen, id, subject: consentId, time: revokedAt, data: { ...seen.data, consentId, subjectRef, revokedAt } };
};

describe('a consent the resident granted on the platform (grantConsent)', () => {
  it.each([
    [
      'Yueshengshi',
      'p-0004',
      contactForHkTd,
      (c: ConsentNames) => expiry('yss-ends-api', cst('12:30'), at('12:30'), c),
    ],
    [
      'iShenzhen',
      'p-0004',
      contactForHkTd,
      (c: ConsentNames) => expiry('isz-ends-api', cst('12:30'), at('12:30'), c, ISHENZHEN),
    ],
    [
      'Yueshengshi re-granting it narrower',
      'p-0004',
      contactForHkTd,
      ([consentId]: ConsentNames) => ({
        ...con0001Grant,
        id: 'yss-regrants-api',
        subject: consentId,
        data: { ...con0001Grant.data, shouquan_bh: consentId, leibie: ['lianxi'], youxiao_qz: cst('12:30') },
      }),
    ],
    [
      'iAM Smart',
      'p-0002',
      {
        controller: 'hk-dpo',
        recipient: 'gz-gov-data-bureau',
        purpose: 'identity-verification',
        dataCategories: ['IDENTITY'],
        expiresAt: '2026-12-31T23:59:59+08:00',
        case: 'case-0012',
      },
      (c: ConsentNames) => iamSmartRevocation('iam-ends-api', c, at('12:30')),
    ],
  ])('is not changed or ended by %s', async (_manager, resident, input, ending) => {
    const { consent } = (await as(resident, GRANT, { input })).grantConsent;
    expect(consent.grantedBy).toBe('platform');
    const event = ending([consent.id, resident, input.case]);
    await ingestRow(dir.path, {
      title: 'a consent manager changes or ends it',
      event,
      clock: at('13:00'),
      refusal: 'CONSENT_MANAGER_MISMATCH',
      consent: [consent.id, { version: 1, revokedAt: null, expiresAt: new Date(input.expiresAt).toISOString() }],
    });
  });

  it('lets the resident revoke, through GraphQL, a consent iShenzhen granted', async () => {
    const { consent } = (await as('p-0009', REVOKE, { id: 'con-0005' })).revokeConsent;
    expect(consent).toEqual({ id: 'con-0005', state: 'REVOKED', grantedBy: ISHENZHEN });
    expect(await consentOf(dir.path, 'con-0005')).toMatchObject({ revokedAt: new Date(CLOCK).toISOString() });
    // Revoked through the API is final for the event door too: iShenzhen's grant again (narrower) is refused.
    const grant = sample('mainland-inbound.jsonl', 'ISZ-20260114095500-0008');
    await ingestRow(dir.path, {
      title: 'iShenzhen re-grants it',
      event: { ...grant, id: 'isz-regrants-revoked', data: { ...grant.data, leibie: ['shenfen'] } },
      clock: at('13:00'),
      refusal: 'CONSENT_FINAL',
      consent: ['con-0005', { revokedAt: new Date(CLOCK).toISOString(), dataCategories: ['identity', 'financial'] }],
    });
  });
});
