/**
 * The pipeline's parse of the valid case (schema/fast-parse.ts) against zod's own: on every partner
 * fixture's payload and every seed record, and on variants of each with one field taken away, given
 * as undefined or as a value of another kind, or an unknown field added (one level deep too), the
 * compiled check either leaves the value to zod or gives exactly zod's value (keys, their order,
 * undefined, defaults); it never lets through what zod refuses. Every fixture and seed record takes
 * the compiled path. And refusals through the pipeline still name the field and reason as zod does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EVENT_TYPES } from '../../connectors/partners/catalogue.js';
import { applyChange } from '../../connectors/pipeline/merge.js';
import { validate } from '../../connectors/pipeline/validate.js';
import { NODE_SCHEMAS } from '../../schema/domain/index.js';
import { fastCheck, fastParser } from '../../schema/fast-parse.js';
import { loadDataset } from '../../services/graph/seed/dataset.js';

const ROOT = join(import.meta.dirname, '../../connectors/partners');
const fixtures = ['hk', 'mainland'].flatMap((side) =>
  readdirSync(join(ROOT, side, 'fixtures')).flatMap((system) =>
    readdirSync(join(ROOT, side, 'fixtures', system)).map((file) => {
      const { event } = JSON.parse(readFileSync(join(ROOT, side, 'fixtures', system, file), 'utf8')) as {
        event: { type: string; data: Record<string, unknown> };
      };
      return { name: `${system}/${file}`, event };
    }),
  ),
);

/** Keys, their order and undefined values all count. */
const dump = (v: unknown) =>
  JSON.stringify(v, (_k, x) =>
    x === undefined ? '<undefined>' : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x,
  );

const ODD: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'x',
  0,
  -1,
  1.5,
  2 ** 60,
  Number.NaN,
  true,
  [],
  ['x'],
  {},
  { en: 'a' },
];
const ODD_STRINGS = [
  '2026-02-30T00:00:00+08:00',
  '2026-02-01T24:00:00Z',
  '01/02/2026',
  '2026-02-01',
  'Not-Kebab',
  'hk-td',
];

/** The value and its variants: each field taken away or replaced, an unknown field added, one level deep too. */
function variants(value: Record<string, unknown>, depth = 1): unknown[] {
  const out: unknown[] = [value, { ...value, unknownField: 1 }, Object.assign(Object.create(null), value), [value]];
  for (const key of Object.keys(value)) {
    const { [key]: _gone, ...rest } = value;
    out.push(rest);
    for (const odd of [...ODD, ...ODD_STRINGS]) out.push({ ...value, [key]: odd });
    const inner = value[key];
    if (depth > 0 && inner && typeof inner === 'object' && !Array.isArray(inner))
      for (const v of variants(inner as Record<string, unknown>, depth - 1)) out.push({ ...value, [key]: v });
    if (Array.isArray(inner) && inner.length > 0) {
      out.push({ ...value, [key]: [...inner, ...inner] });
      for (const odd of ODD) out.push({ ...value, [key]: [odd] });
    }
  }
  return out;
}

function holdsToZod(schema: z.ZodType, values: unknown[]): { fast: number; total: number } {
  const check = fastCheck(schema);
  let fast = 0;
  for (const value of values) {
    const zod = schema.safeParse(value);
    const compiled = check(value);
    if (compiled === null) continue;
    fast++;
    // What the compiled check lets through, zod lets through, as the same value.
    expect(zod.success, dump(value)).toBe(true);
    expect(dump(compiled.value)).toBe(dump(zod.data));
  }
  return { fast, total: values.length };
}

describe('the compiled check of the valid case', () => {
  it.each(fixtures)('$name: the contract, as zod, on the payload and its variants', ({ event }) => {
    const { contract } = EVENT_TYPES.get(event.type) ?? {};
    expect(contract).toBeDefined();
    const schema = contract as z.ZodType;
    // The fixture itself takes the compiled path.
    expect(fastCheck(schema)(event.data)).not.toBeNull();
    holdsToZod(schema, variants(event.data));
  });

  it('the model of every label, as zod, on every seed record and its variants', async () => {
    const batches = await loadDataset();
    let fast = 0;
    for (const { label, records } of batches) {
      const schema = NODE_SCHEMAS[label] as unknown as z.ZodType;
      for (const record of records.slice(0, 6)) {
        expect(fastCheck(schema)(record), `${label} ${(record as { id: string }).id}`).not.toBeNull();
        fast += holdsToZod(schema, variants(record as Record<string, unknown>)).fast;
        // Each field on its own, as a batch's later change checks it (merge.ts).
        for (const [field, s] of Object.entries((schema as unknown as z.ZodObject).shape))
          holdsToZod(s as z.ZodType, [(record as Record<string, unknown>)[field], ...ODD, ...ODD_STRINGS]);
      }
    }
    expect(fast).toBeGreaterThan(100);
  });

  it('gives zod own refusal when it is not sure', () => {
    const parse = fastParser(NODE_SCHEMAS.Consent);
    const refused = parse({ id: 'c' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual(NODE_SCHEMAS.Consent.safeParse({ id: 'c' }).error?.issues);
  });
});

describe('refusals through the pipeline still name the field and reason', () => {
  const grant = fixtures.find((f) => f.event.type === 'hk.iamsmart.consent.granted')?.event as unknown as Record<
    string,
    unknown
  > & { data: Record<string, unknown> };
  const at = { now: new Date('2030-01-01T00:00:00Z') };

  it.each([
    [
      'grantedAt',
      '01/02/2026',
      'INVALID_PAYLOAD_DATE_FORMAT',
      'data.grantedAt: HK payload dates must be ISO 8601 (got dd/MM/yyyy: 01/02/2026)',
    ],
    [
      'grantedAt',
      '2026-02-30T00:00:00+08:00',
      'INVALID_PAYLOAD_DATE',
      'data.grantedAt: 2026-02-30T00:00:00+08:00 is not an RFC 3339 timestamp',
    ],
    ['dataCategories', [], 'SCHEMA_INVALID_FIELD', 'data.dataCategories: Too small: expected array to have >=1 items'],
    ['subjectRef', undefined, 'SCHEMA_MISSING_FIELD', 'data.subjectRef is required for hk.iamsmart.consent.granted'],
    // An empty id is not of the platform's form (contract-kit.ts idOf).
    [
      'caseId',
      '',
      'MALFORMED_ID',
      'data.caseId: is not a case id: case- and at least four ASCII digits (e.g. case-0001), at most 128 characters',
    ],
    ['consentId', 'con-0003 ', 'MALFORMED_ID', expect.stringMatching(/^data\.consentId: is not a consent id: con- /)],
  ])('%s = %j: %s', (field, value, code, message) => {
    const v = validate({ ...grant, data: { ...grant.data, [field]: value } }, at);
    expect(v.ok ? null : v.rejection).toEqual({ code, message, stage: 'validate' });
  });

  it('a consent record the model refuses names its field', () => {
    const merged = applyChange(null, {
      label: 'Consent',
      id: 'con-x',
      create: {
        subject: 'p-0001',
        controller: 'HK DPO',
        recipient: 'gz-gov-data-bureau',
        recipientJurisdiction: 'GZ',
        purpose: 'identity-verification',
        dataCategories: ['identity'],
        legalBasis: 'consent',
        grantedAt: '2026-02-01T00:00:00+08:00',
        expiresAt: '2027-02-01T00:00:00+08:00',
        revokedAt: null,
        case: null,
        grantedBy: 'urn:gba:hk:dpo:iamsmart',
        synthetic: false,
      },
      set: {},
    } as never);
    expect(merged).toEqual({
      ok: false,
      message: 'Consent con-x: controller: must be lower-case kebab-case, e.g. "hk-td"',
    });
  });
});
