/**
 * The runbook's fix path (docs/operations.md, "Replay the dead-letter queue"), end to end from the
 * outside: the platform as `gba start` runs it, a sample personal-data event naming a consent that is
 * revoked, expired or missing refused by `gba ingest`, the resident's grant through the gateway with a
 * token from the dev identity provider, then `gba dlq replay --id`. A grant that serves the case lets the
 * event in, and the audit names the new consent in place of the named one; no grant, or a grant for
 * another purpose, recipient or fewer categories, or one revoked again, leaves it refused, back in the queue.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../services/cli/main.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { asPartnersSend } from '../support/gba-cli.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const lines = readFileSync(join(EVENTS, 'malformed.jsonl'), 'utf8').split('\n');
type Sample = { id: string; data: { personalData: Record<string, unknown> } & Record<string, unknown> };
const sample = (id: string) => JSON.parse(lines.find((l) => l.includes(`"${id}"`)) as string) as Sample;

// Line 26: p-0001's identity and contact, hk-dpo to sz-gov-data-bureau for case-0013, under con-0007 (expired).
const EXPIRED_0007 = 'ISZ-20260122100500-9007';
// Line 23: p-0007's identity, contact and financial data, hk-dpo to gd-hrss for case-0007, under con-0004 (revoked).
const REVOKED_0004 = 'GDZW-20260202100000-9004';
// Line 22: p-0005's identity, driving record and address, gd-psd to hk-td for case-0002, under con-0002 (expired).
const EXPIRED_0002 = '7f3c0000-0000-4000-8000-000000000022';
// Line 21 naming a consent that does not exist: p-0012's identity and driving record, gd-psd to hk-td, case-0003.
const MISSING = 'replay-fix-missing-consent';
const missingConsent = () => {
  const e = sample('7f3c0000-0000-4000-8000-000000000021');
  return { ...e, id: MISSING, data: { ...e.data, personalData: { ...e.data.personalData, consentId: 'con-gone' } } };
};

let fx: PlatformFixture;
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

async function gba(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(asPartnersSend(args), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { DATA_DIR: fx.dataDir },
  });
  return { code, out, err };
}

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field.
async function graphql(who: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await fx.token(who)}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

const GRANT = 'mutation G($input: GrantConsentInput!) { grantConsent(input: $input) { consent { id state } } }';
const REVOKE = 'mutation R($id: ID!) { revokeConsent(id: $id) { consent { id state } } }';

interface Grant {
  readonly controller: string;
  readonly recipient: string;
  readonly purpose: string;
  readonly dataCategories: string[];
  readonly case?: string;
}

/** The resident grants through the gateway; the new consent's id. */
async function grant(resident: string, input: Grant): Promise<string> {
  const a = await graphql(resident, GRANT, { input: { ...input, expiresAt: days(180) } });
  expect(a.errors).toBeUndefined();
  expect(a.data.grantConsent.consent.state).toBe('ACTIVE');
  return a.data.grantConsent.consent.id as string;
}

const letters = async () =>
  JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as { eventId: string; reason: string }[];

beforeAll(async () => {
  fx = await startPlatformFixture();
  const file = join(fx.dataDir, 'refused.jsonl');
  const events = [sample(EXPIRED_0007), sample(REVOKED_0004), sample(EXPIRED_0002), missingConsent()];
  writeFileSync(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const ingest = await gba(['ingest', file]);
  expect(ingest.code).toBe(65);
}, 60_000);
afterAll(() => fx.close());

const P0001_CASE = {
  controller: 'hk-dpo',
  recipient: 'sz-gov-data-bureau',
  purpose: 'identity-verification',
  dataCategories: ['IDENTITY', 'CONTACT'],
};

const P0007_CASE = {
  controller: 'hk-dpo',
  recipient: 'gd-hrss',
  purpose: 'social-security-enrolment',
  dataCategories: ['IDENTITY', 'CONTACT', 'FINANCIAL'],
  case: 'case-0007',
};

type Row = [
  title: string,
  event: string,
  resident: string,
  grants: readonly (Grant & { revokeAfter?: true })[],
  outcome: RegExp,
];

// In order: each row's grants add to the earlier rows' (a refused replay goes back to the queue).
const ROWS: Row[] = [
  ['no new grant', EXPIRED_0007, 'p-0001', [], /^rejected CONSENT_EXPIRED$/],
  [
    'a grant for another purpose',
    EXPIRED_0007,
    'p-0001',
    [{ ...P0001_CASE, purpose: 'licence-conversion' }],
    /^rejected CONSENT_EXPIRED$/,
  ],
  [
    'a grant for another recipient',
    EXPIRED_0007,
    'p-0001',
    [{ ...P0001_CASE, recipient: 'gd-psd' }],
    /^rejected CONSENT_EXPIRED$/,
  ],
  [
    'a grant for the case that does not cover contact',
    EXPIRED_0007,
    'p-0001',
    [{ ...P0001_CASE, dataCategories: ['IDENTITY'], case: 'case-0013' }],
    /^rejected CONSENT_EXPIRED$/,
  ],
  [
    'a grant for the case, revoked again before the replay',
    REVOKED_0004,
    'p-0007',
    [{ ...P0007_CASE, revokeAfter: true }],
    /^rejected CONSENT_REVOKED$/,
  ],
  [
    'the grant for the case, after an expired consent',
    EXPIRED_0007,
    'p-0001',
    [{ ...P0001_CASE, case: 'case-0013' }],
    /^applied, under consent (con-\S+) in place of con-0007 \(CONSENT_EXPIRED\)$/,
  ],
  [
    'the grant for the case, after a revoked consent',
    REVOKED_0004,
    'p-0007',
    [P0007_CASE],
    /^applied, under consent (con-\S+) in place of con-0004 \(CONSENT_REVOKED\)$/,
  ],
  [
    'a grant naming no case, of the service’s purpose, after an expired consent',
    EXPIRED_0002,
    'p-0005',
    [
      {
        controller: 'gd-psd',
        recipient: 'hk-td',
        purpose: 'licence-conversion',
        dataCategories: ['IDENTITY', 'DRIVING_RECORD', 'ADDRESS'],
      },
    ],
    /^applied, under consent (con-\S+) in place of con-0002 \(CONSENT_EXPIRED\)$/,
  ],
  [
    'the grant for the case, after naming a consent that does not exist',
    MISSING,
    'p-0012',
    [
      {
        controller: 'gd-psd',
        recipient: 'hk-td',
        purpose: 'licence-conversion',
        dataCategories: ['IDENTITY', 'DRIVING_RECORD'],
        case: 'case-0003',
      },
    ],
    /^applied, under consent (con-\S+) in place of con-gone \(NO_CONSENT\)$/,
  ],
];

describe('the runbook’s fix for a refused event that names a consent', () => {
  it('lists each sample event in the dead-letter queue with the named consent’s reason', async () => {
    const reasons = Object.fromEntries((await letters()).map((l) => [l.eventId, l.reason]));
    expect(reasons).toEqual({
      [EXPIRED_0007]: 'CONSENT_EXPIRED',
      [REVOKED_0004]: 'CONSENT_REVOKED',
      [EXPIRED_0002]: 'CONSENT_EXPIRED',
      [MISSING]: 'NO_CONSENT',
    });
  });

  it.each(ROWS)('%s: %s replayed', async (_title, event, resident, grants, outcome) => {
    const granted: string[] = [];
    for (const { revokeAfter, ...input } of grants) {
      const id = await grant(resident, input);
      granted.push(id);
      if (revokeAfter)
        expect((await graphql(resident, REVOKE, { id })).data.revokeConsent.consent.state).toBe('REVOKED');
    }
    const replay = await gba(['dlq', 'replay', '--id', event]);
    const line = replay.out.find((l) => l.startsWith(`  ${event}  `))?.slice(event.length + 4);
    expect(line).toMatch(outcome);
    const used = line?.match(outcome)?.[1];
    const queued = (await letters()).find((l) => l.eventId === event);
    if (used === undefined) {
      // Refused again: exit 65, and back in the queue with the named consent's reason.
      expect(replay.code).toBe(65);
      expect(queued?.reason).toBe(line?.replace('rejected ', ''));
      return;
    }
    expect(replay.code).toBe(0);
    expect(queued).toBeUndefined();
    expect(used).toBe(granted.at(-1));
    // The audit record of the decision names the new consent, in place of the named one.
    const audit = new SqliteAuditLog({ path: join(fx.dataDir, 'audit.db') });
    try {
      const records = await audit.bySubject(resident, { first: 1000 });
      const decisions = records.filter((r) => r.requestId === event && r.resource.startsWith('inbound event'));
      expect(decisions.at(0)).toMatchObject({ decision: 'allow', consentId: used });
      expect(decisions.at(0)?.reason).toBe(line?.replace('applied, under ', ''));
    } finally {
      await audit.close();
    }
  });

  it('shows the official of gd-hrss the data the replayed event carried for case-0007, and the audit chain holds', async () => {
    const a = await graphql('gd-hrss-official', 'query C($id: ID!) { case(id: $id) { status applicant { phone } } }', {
      id: 'case-0007',
    });
    expect(a.data.case).toEqual({ status: 'NEEDS_INFO', applicant: { phone: expect.any(String) } });
    expect((await gba(['audit', 'verify'])).code).toBe(0);
  });
});
