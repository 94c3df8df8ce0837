import { enumValues } from '../../../schema/args.js';
import { entity } from '../../../schema/builder.js';
import { type Consent, DATA_CATEGORIES } from '../../../schema/domain/index.js';
import { isActive } from '../decide.js';
import { AgencyStub, builder, CaseStub, JurisdictionStub } from './builder.js';

export const DataCategoryEnum = builder.enumType('DataCategory', {
  description: 'A category of personal data; each personal field is tagged with one.',
  values: enumValues(DATA_CATEGORIES),
});

const ConsentState = builder.enumType('ConsentState', {
  values: { ACTIVE: { value: 'active' }, EXPIRED: { value: 'expired' }, REVOKED: { value: 'revoked' } } as const,
});

/** A receipt proves what the resident agreed to: it is theirs to hold, not the officials'. */
const isSubject = (c: Consent, ctx: { principal?: { personId?: string | null } | null }) =>
  ctx.principal?.personId != null && ctx.principal.personId === c.subject;

/** The receipt of the consent's latest change (a consent stored before receipts were kept has none). */
export const latestReceipt = (c: Consent): string | null => c.receipts.at(-1) ?? null;

export function stateOf(consent: Consent, now: Date): 'active' | 'expired' | 'revoked' {
  if (consent.revokedAt !== null && Date.parse(consent.revokedAt) <= now.getTime()) return 'revoked';
  return isActive(consent, now) ? 'active' : 'expired';
}

export const ConsentRef = builder.objectRef<Consent>('Consent').implement({
  description:
    'A resident’s consent to a cross-boundary transfer, after the GBA Standard Contract, PIPL/PDPO and ISO/IEC TS 27560.',
  fields: (t) => ({
    id: t.exposeID('id'),
    subject: t.exposeID('subject', { description: 'The person whose data it is.' }),
    controller: t.field({
      type: AgencyStub,
      description: 'The agency holding the data.',
      resolve: (c) => ({ id: c.controller }),
    }),
    recipient: t.field({
      type: AgencyStub,
      description: 'The agency receiving it.',
      resolve: (c) => ({ id: c.recipient }),
    }),
    recipientJurisdiction: t.field({ type: JurisdictionStub, resolve: (c) => ({ id: c.recipientJurisdiction }) }),
    purpose: t.exposeString('purpose'),
    dataCategories: t.field({ type: [DataCategoryEnum], resolve: (c) => c.dataCategories }),
    legalBasis: t.exposeString('legalBasis'),
    grantedAt: t.exposeString('grantedAt'),
    expiresAt: t.exposeString('expiresAt', {
      description:
        'When it ends; an expiry a consent manager stated in the past ends it when the platform recorded it.',
    }),
    revokedAt: t.exposeString('revokedAt', {
      nullable: true,
      description: 'When the revocation took effect: when the platform recorded it.',
    }),
    revocationStatedAt: t.string({
      nullable: true,
      description:
        "The revocation time the consent manager's event stated, when it is not revokedAt (an earlier time is kept as its claim; the consent was in force until revokedAt).",
      resolve: (c) => c.revocationStatedAt ?? null,
    }),
    expiryStatedAt: t.string({
      nullable: true,
      description:
        "The end the consent manager's expiry or narrower re-grant stated, when it is not expiresAt (a time already past when the platform recorded it is kept as its claim; the consent was in force until expiresAt).",
      resolve: (c) => c.expiryStatedAt ?? null,
    }),
    grantedBy: t.exposeString('grantedBy', {
      description:
        'Where it was granted: the partner system whose consent manager sent the grant (its CloudEvents source, as `gba partners` lists it, e.g. urn:gba:hk:dpo:iamsmart), or `platform` when the resident granted it here (grantConsent, an approved consent request). Only that system may change or end it; the resident may always revoke it here.',
    }),
    case: t.field({
      type: CaseStub,
      nullable: true,
      description: 'The case it is limited to; null when it applies to any case of a service with its purpose.',
      resolve: (c) => (c.case ? { id: c.case } : null),
    }),
    version: t.exposeInt('version'),
    state: t.field({ type: ConsentState, resolve: (c, _a, ctx) => stateOf(c, ctx.now()) }),
    receipt: t.string({
      nullable: true,
      description:
        "The subject only: the signed receipt (ES256) of the latest change, the grant or the revocation: a compact JWS, or for a change a partner event made in a batch, `<root JWS>~<leaf>~<path>` (one signature over the root of the batch's hash tree; docs/residents-centre.md); verify it with Query.consentReceiptKeys. Null for anyone else.",
      resolve: (c, _a, ctx) => (isSubject(c, ctx) ? latestReceipt(c) : null),
    }),
    receipts: t.stringList({
      nullable: true,
      description: 'The subject only: the receipt of every change of this consent, oldest first. Null for anyone else.',
      resolve: (c, _a, ctx) => (isSubject(c, ctx) ? c.receipts : null),
    }),
  }),
});

builder.asEntity(ConsentRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => {
    const [consent] = await ctx.store.getByIds('Consent', [id]);
    // Only the resident it belongs to may resolve it.
    return consent && ctx.principal?.personId === consent.subject ? entity(consent) : null;
  },
});

export const ConsentReceiptRef = builder.objectRef<{ consent: Consent; receipt: string }>('ConsentReceipt').implement({
  fields: (t) => ({
    consent: t.field({ type: ConsentRef, resolve: (r) => r.consent }),
    receipt: t.exposeString('receipt', {
      description: 'A JWS (ES256) over the consent and the event; verify it with Query.consentReceiptKey.',
    }),
  }),
});
