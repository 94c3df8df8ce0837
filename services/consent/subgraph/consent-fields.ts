/** grantConsent, revokeConsent and myConsents: a resident controls their own consents, and only theirs. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { personOf } from '../../../schema/auth-scopes.js';
import {
  type Consent,
  DataCategory,
  newestFirst,
  PLATFORM_GRANTER,
  Slug,
  Timestamp,
} from '../../../schema/domain/index.js';
import { badUserInput, UserFacingError } from '../../../schema/errors.js';
import { INPUT_LIMITS } from '../../../schema/input-limits.js';
import type { Principal } from '../../identity/authenticator.port.js';
import { KEYED_WRITE_KEY, once } from '../../shared/keyed-write.js';
import { principalActor } from '../audit/entry.js';
import { grantConsent, LifecycleRefused, revokeConsent } from '../lifecycle.js';
import { builder } from './builder.js';
import { ConsentReceiptRef, ConsentRef, DataCategoryEnum } from './consent-type.js';
import type { ConsentContext } from './context.js';

const MAX_YEARS = 5;

const GrantInput = z.object({
  controller: Slug,
  recipient: Slug,
  purpose: Slug,
  dataCategories: z
    .array(DataCategory)
    .min(1, 'names no category')
    .refine((c) => new Set(c).size === c.length, 'names a category twice'),
  expiresAt: Timestamp,
  case: z.string().min(1).max(INPUT_LIMITS.id).nullish(),
});

const GrantConsentInput = builder.inputType('GrantConsentInput', {
  fields: (t) => ({
    controller: t.id({ required: true, description: 'The agency holding the data.' }),
    recipient: t.id({ required: true, description: 'The agency that may receive it.' }),
    purpose: t.string({ required: true, description: 'e.g. licence-conversion; one of the service’s purposes.' }),
    dataCategories: t.field({ type: [DataCategoryEnum], required: true }),
    expiresAt: t.string({ required: true, description: 'RFC 3339 time, in the future, at most 5 years ahead.' }),
    case: t.id({ required: false, description: 'Limit the consent to one of your cases.' }),
    idempotencyKey: t.string({ required: false, description: KEYED_WRITE_KEY }),
  }),
});

async function validGrant(ctx: ConsentContext, subject: string, raw: unknown): Promise<Consent> {
  const parsed = GrantInput.safeParse(raw);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw badUserInput(['input', ...(issue?.path ?? [])].join('.'), issue?.message ?? 'is not valid');
  }
  const input = parsed.data;
  const now = ctx.now();
  const expires = Date.parse(input.expiresAt);
  if (expires <= now.getTime()) throw badUserInput('input.expiresAt', 'is not in the future');
  if (expires > now.getTime() + MAX_YEARS * 366 * 86_400_000)
    throw badUserInput('input.expiresAt', `is more than ${MAX_YEARS} years ahead`);
  const [controller, recipient] = await ctx.store.getByIds('Agency', [input.controller, input.recipient]);
  if (!controller) throw badUserInput('input.controller', `no agency has the id "${input.controller}"`);
  if (!recipient) throw badUserInput('input.recipient', `no agency has the id "${input.recipient}"`);
  if (input.case) {
    const [kase] = await ctx.store.getByIds('Case', [input.case]);
    // The same answer for a case that does not exist and one of someone else: nothing to enumerate.
    if (!kase || kase.person !== subject) throw badUserInput('input.case', 'is not one of your cases');
  }
  // The lifecycle's own rules (purpose of the case's service, recipient not controller) are checked
  // by grantConsent (../lifecycle.ts), the same for the API and for partner events.
  return {
    id: `con-${randomUUID()}`,
    subject,
    controller: controller.id,
    recipient: recipient.id,
    recipientJurisdiction: recipient.jurisdiction,
    purpose: input.purpose,
    dataCategories: input.dataCategories,
    legalBasis: 'consent',
    grantedAt: now.toISOString(),
    expiresAt: new Date(expires).toISOString(),
    revokedAt: null,
    case: input.case ?? null,
    grantedBy: PLATFORM_GRANTER,
    version: 1,
    synthetic: false,
    receipts: [],
  };
}

const door = (ctx: ConsentContext, via: string) => ({
  actor: principalActor(ctx.principal as Principal),
  requestId: ctx.requestId,
  via,
});

/** A lifecycle refusal is the caller's input: BAD_USER_INPUT naming the field. */
const inputRefusal = <T>(p: Promise<T>, prefix: string): Promise<T> =>
  p.catch((error: unknown) => {
    if (error instanceof LifecycleRefused) throw badUserInput(`${prefix}${error.refusal.field}`, error.refusal.message);
    throw error;
  });

/** The lifecycle has just appended the receipt of this change to the consent it stored. */
const justSigned = (consent: Consent) => ({ consent, receipt: consent.receipts.at(-1) as string });

builder.mutationField('grantConsent', (t) =>
  t.field({
    description: 'The signed-in resident grants a consent for their own data; returns it with a signed receipt.',
    type: ConsentReceiptRef,
    nullable: true,
    args: { input: t.arg({ type: GrantConsentInput, required: true }) },
    authScopes: { resident: true },
    resolve: async (_root, args, ctx) => {
      const subject = personOf(ctx.principal);
      return once(ctx, { mutation: 'grantConsent', args }, async () => {
        const proposed = await validGrant(ctx, subject, args.input);
        const consent = await inputRefusal(grantConsent(ctx, { proposed, ...door(ctx, 'grantConsent') }), 'input.');
        ctx.log.info({ consentId: consent.id, person: subject }, 'consent granted');
        return justSigned(consent);
      });
    },
  }),
);

builder.mutationField('revokeConsent', (t) =>
  t.field({
    description: 'The resident withdraws one of their consents; it takes effect for the very next query.',
    type: ConsentReceiptRef,
    nullable: true,
    args: {
      id: t.arg.id({ required: true }),
      idempotencyKey: t.arg.string({ required: false, description: KEYED_WRITE_KEY }),
    },
    authScopes: { resident: true },
    resolve: async (_root, args, ctx) => {
      const subject = personOf(ctx.principal);
      const { id } = args;
      // A replay returns the first receipt: the revocation is not audited or signed a second time.
      return once(ctx, { mutation: 'revokeConsent', args }, async () => {
        const [consent] = await ctx.store.getByIds('Consent', [id]);
        // Someone else's consent and no consent get the same answer: whether the id exists is not revealed.
        if (consent?.subject !== subject)
          throw new UserFacingError('FORBIDDEN', `No consent of yours has the id "${id}".`, { id });
        const revoked = await inputRefusal(revokeConsent(ctx, { id, subject, ...door(ctx, 'revokeConsent') }), '');
        ctx.log.info({ consentId: id, person: subject }, 'consent revoked');
        return justSigned(revoked);
      });
    },
  }),
);

builder.queryField('myConsents', (t) =>
  t.field({
    description: 'The signed-in resident’s consents, newest first, in every state.',
    type: [ConsentRef],
    nullable: true,
    authScopes: { resident: true },
    resolve: async (_root, _args, ctx) => {
      const subject = personOf(ctx.principal);
      const found = await ctx.store.find('Consent', {
        where: [{ field: 'subject', op: 'in', values: [subject] }],
        first: 1000,
      });
      return found.records.toSorted((a, b) => newestFirst(a.grantedAt, b.grantedAt));
    },
  }),
);

builder.queryField('consentReceiptKey', (t) =>
  t.string({
    description: 'The public key (JWK, as JSON) that signs consent receipts now.',
    resolve: (_root, _args, ctx) => JSON.stringify(ctx.receipts.publicJwk),
  }),
);

builder.queryField('consentReceiptKeys', (t) =>
  t.string({
    description:
      'Every public key a consent receipt may be signed with (a JWK Set, as JSON): the current one and those retired by a rotation. A receipt names its key by `kid`.',
    resolve: (_root, _args, ctx) => JSON.stringify({ keys: ctx.receipts.publicJwks }),
  }),
);
