/**
 * BOLA matrix: every ID-taking field × every demo identity × each object, asserting exactly the
 * access DESIGN.md's rule gives. The expectations come from an oracle written here from the rule's
 * wording over the raw sample files, not from the platform's own decision code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../../services/graph/seed/dataset.js';
import { OFFICIALS, PARTNER_CLIENTS, STAFF } from '../../services/identity/identities.js';
import { FIXTURE_NOW, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

const read = <T>(file: string): T[] => JSON.parse(readFileSync(join(DEFAULT_SEED_DIR, file), 'utf8')) as T[];
interface RawCase {
  id: string;
  person: string;
  service: string;
  handlingJurisdiction: string;
  originJurisdiction: string;
  personalDataCategories: string[];
}
interface RawConsent {
  id: string;
  subject: string;
  recipient: string;
  purpose: string;
  dataCategories: string[];
  grantedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  case: string | null;
}
const CASES = read<RawCase>('cases.json');
const CONSENTS = read<RawConsent>('consents.json');
const PURPOSES = new Map(read<{ id: string; purposes: string[] }>('services.json').map((s) => [s.id, s.purposes]));
const PERSONS = read<{ id: string }>('persons.json').map((p) => p.id);

interface Who {
  name: string | null;
  roles: string[];
  jurisdiction?: string;
  agency?: string;
  personId?: string;
}
const IDENTITIES: Who[] = [
  ...OFFICIALS.map((o) => ({ name: o.username, roles: [...o.roles], jurisdiction: o.jurisdiction, agency: o.agency })),
  ...STAFF.map((s) => ({ name: s.username, roles: [...s.roles] })),
  ...PERSONS.map((p) => ({ name: p, roles: ['resident'], personId: p })),
  ...PARTNER_CLIENTS.map((c) => ({
    name: c.clientId,
    roles: ['partner-system'],
    jurisdiction: c.jurisdiction,
    agency: c.agency,
  })),
  { name: null, roles: [] },
];

const FIELD_CATEGORY = {
  name: 'identity',
  idNumber: 'identity',
  phone: 'contact',
  email: 'contact',
  address: 'address',
} as const;

/** The rule, as DESIGN.md words it. */
function oracle(who: Who, c: RawCase): 'UNAUTHENTICATED' | 'FORBIDDEN' | ((category: string) => boolean) {
  if (!who.name) return 'UNAUTHENTICATED';
  if (who.roles.includes('resident') && who.personId === c.person) return () => true;
  const official = who.roles.includes('official');
  if (official && who.jurisdiction === c.originJurisdiction) return () => true;
  if (!(official && who.jurisdiction === c.handlingJurisdiction)) return 'FORBIDDEN';
  const t = FIXTURE_NOW.getTime();
  return (category) =>
    CONSENTS.some(
      (k) =>
        k.subject === c.person &&
        k.recipient === who.agency &&
        k.dataCategories.includes(category) &&
        Date.parse(k.grantedAt) <= t &&
        t < Date.parse(k.expiresAt) &&
        (k.revokedAt === null || t < Date.parse(k.revokedAt)) &&
        (k.case === c.id || (k.case === null && (PURPOSES.get(c.service) ?? []).includes(k.purpose))),
    );
}

let fx: GatewayFixture;
const tokens = new Map<string, string>();
beforeAll(async () => {
  fx = await startGatewayFixture();
  for (const who of IDENTITIES) if (who.name) tokens.set(who.name, await fx.idp.token(who.name));
});
afterAll(() => fx.close());

// biome-ignore lint/suspicious/noExplicitAny: answers are compared field by field.
type Answer = { data: any; errors?: { path?: (string | number)[]; extensions: { code: string } }[] };

async function as(who: Who, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const headers: Record<string, string> = who.name ? { authorization: `Bearer ${tokens.get(who.name)}` } : {};
  return (await fx.query(query, { variables, headers })).json() as never;
}

const CASE_QUERY =
  'query ($id: ID!) { case(id: $id) { id applicant { name { en } idNumber phone email address } documents { category reference } } }';

describe('BOLA matrix: case(id)', () => {
  it.each(IDENTITIES.map((w) => [w.name ?? 'anonymous', w] as const))(
    '%s gets exactly what the rule gives, for every case',
    async (_n, who) => {
      for (const c of CASES) {
        const expected = oracle(who, c);
        const a = await as(who, CASE_QUERY, { id: c.id });
        const codes = Object.fromEntries((a.errors ?? []).map((e) => [(e.path ?? []).join('.'), e.extensions.code]));
        if (typeof expected === 'string') {
          expect({ case: c.id, data: a.data?.case ?? null, codes }).toEqual({
            case: c.id,
            data: null,
            codes: { case: expected },
          });
          continue;
        }
        for (const [field, category] of Object.entries(FIELD_CATEGORY)) {
          const value = a.data.case.applicant[field];
          const path = `case.applicant.${field}`;
          if (expected(category)) {
            expect({ case: c.id, field, code: codes[path] }).toEqual({ case: c.id, field, code: undefined });
            if (field !== 'address')
              expect({ case: c.id, field, shown: value !== null }).toEqual({ case: c.id, field, shown: true });
          } else {
            expect({ case: c.id, field, value, code: codes[path] }).toEqual({
              case: c.id,
              field,
              value: null,
              code: 'CONSENT_REQUIRED',
            });
          }
        }
        for (const [i, doc] of (a.data.case.documents as { category: string; reference: string | null }[]).entries()) {
          const category = doc.category.toLowerCase().replaceAll('_', '-');
          const allowed = expected(category);
          expect({
            case: c.id,
            category,
            shown: doc.reference !== null,
            code: codes[`case.documents.${i}.reference`],
          }).toEqual({
            case: c.id,
            category,
            shown: allowed,
            code: allowed ? undefined : 'CONSENT_REQUIRED',
          });
        }
      }
    },
  );
});

describe('BOLA matrix: consents and the audit trail', () => {
  it.each(IDENTITIES.map((w) => [w.name ?? 'anonymous', w] as const))(
    '%s can revoke no consent of anyone else',
    async (_n, who) => {
      for (const k of CONSENTS) {
        if (who.personId === k.subject) continue;
        const a = await as(who, 'mutation ($id: ID!) { revokeConsent(id: $id) { consent { id } } }', { id: k.id });
        expect({ consent: k.id, code: a.errors?.[0]?.extensions.code }).toEqual({
          consent: k.id,
          code: who.name ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        });
      }
    },
  );

  it('left every consent as it was', async () => {
    const stored = await fx.store.getByIds(
      'Consent',
      CONSENTS.map((k) => k.id),
    );
    expect(stored.map((k) => k?.revokedAt ?? null)).toEqual(CONSENTS.map((k) => k.revokedAt));
  });

  it.each(IDENTITIES.map((w) => [w.name ?? 'anonymous', w] as const))(
    '%s reads the audit trail of every person only as an auditor',
    async (_n, who) => {
      for (const subject of PERSONS) {
        const a = await as(who, 'query ($s: ID!) { auditTrail(subject: $s) { totalCount } }', { s: subject });
        const expected = !who.name ? 'UNAUTHENTICATED' : who.roles.includes('auditor') ? undefined : 'FORBIDDEN';
        expect({ subject, code: a.errors?.[0]?.extensions.code }).toEqual({ subject, code: expected });
      }
    },
  );

  it.each(IDENTITIES.map((w) => [w.name ?? 'anonymous', w] as const))(
    '%s sees only their own consents and accesses',
    async (_n, who) => {
      const a = await as(
        who,
        '{ myConsents { subject } myDataAccesses(first: 100) { edges { node { subject } } } }',
        {},
      );
      if (!who.roles.includes('resident')) {
        const code = who.name ? 'FORBIDDEN' : 'UNAUTHENTICATED';
        expect(a.data).toEqual({ myConsents: null, myDataAccesses: null });
        // GraphQL does not order errors; the fields resolve concurrently.
        expect(a.errors?.map((e) => [e.path?.join('.'), e.extensions.code]).sort()).toEqual([
          ['myConsents', code],
          ['myDataAccesses', code],
        ]);
        return;
      }
      expect(new Set(a.data.myConsents.map((k: { subject: string }) => k.subject))).toEqual(
        new Set(CONSENTS.filter((k) => k.subject === who.personId).map(() => who.personId)),
      );
      for (const e of a.data.myDataAccesses.edges) expect(e.node.subject).toBe(who.personId);
    },
  );
});
