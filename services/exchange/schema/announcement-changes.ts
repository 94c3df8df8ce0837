/**
 * Corrections and withdrawals of announcements. Only officials of the announcing agency change one:
 * `correctAnnouncement` replaces its text and keeps the one it replaced in `versions`;
 * `withdrawAnnouncement` takes it out of the lists. Either is stored with its outbound event in one
 * commit and streamed to `announcementPublished` subscribers, marked by `change`, like a publish.
 */
import { z } from 'zod';
import { parseInput } from '../../../schema/args.js';
import { authorOf, officialRefusal, officialsSee, refusedWith } from '../../../schema/auth-scopes.js';
import { type Announcement, announcementChange, heldVersion, IsoDate, Slug } from '../../../schema/domain/index.js';
import { badUserInput, UserFacingError } from '../../../schema/errors.js';
import { REFUSED_INPUT, type RefusedInput } from '../../../schema/refused-input.js';
import { KEYED_WRITE_KEY, once } from '../../shared/keyed-write.js';
import { audited, auditRefusal, refusedAndAudited } from '../announcement-audit.js';
import type { ExchangeContext } from '../context.js';
import { AnnouncementRef, Importance, LocalizedTextInput, Text } from './announcement.js';
import { builder } from './builder.js';
import { LocalizedTextRef } from './refs.js';

const CHANGES = ['published', 'corrected', 'withdrawn'] as const;
const AnnouncementChange = builder.enumType('AnnouncementChange', {
  values: Object.fromEntries(CHANGES.map((c) => [c.toUpperCase(), { value: c }])) as Record<string, { value: string }>,
});

const AnnouncementVersionRef = builder
  .objectRef<NonNullable<Announcement['versions']>[number]>('AnnouncementVersion')
  .implement({
    description: 'A text an announcement had before a correction.',
    fields: (t) => ({
      version: t.exposeInt('version'),
      title: t.field({ type: LocalizedTextRef, resolve: (v) => v.title }),
      body: t.field({ type: LocalizedTextRef, resolve: (v) => v.body }),
      effectiveFrom: t.exposeString('effectiveFrom'),
      since: t.exposeString('since', { description: 'When this text was published or last corrected.' }),
      by: t.string({
        nullable: true,
        description: 'The official who wrote this text; officials only, null for anyone else.',
        ...officialsSee,
        resolve: (v) => v.by ?? null,
      }),
    }),
  });

builder.objectFields(AnnouncementRef, (t) => ({
  change: t.field({
    type: AnnouncementChange,
    description: 'What last happened to it: PUBLISHED, CORRECTED or WITHDRAWN (subscribers see each).',
    resolve: (a) => announcementChange(a),
  }),
  version: t.int({ description: '1 for the first text; each correction adds one.', resolve: (a) => a.version ?? 1 }),
  versions: t.field({
    type: [AnnouncementVersionRef],
    description: 'The earlier texts, oldest first.',
    resolve: (a) => a.versions ?? [],
  }),
  correctedAt: t.string({ nullable: true, resolve: (a) => a.correctedAt ?? null }),
  withdrawnAt: t.string({ nullable: true, resolve: (a) => a.withdrawnAt ?? null }),
  withdrawnBy: t.string({
    nullable: true,
    description: 'The official who withdrew it (username); officials only, null for anyone else.',
    ...officialsSee,
    resolve: (a) => a.withdrawnBy ?? null,
  }),
  withdrawnReason: t.string({ nullable: true, resolve: (a) => a.withdrawnReason ?? null }),
}));

/**
 * The rule of both changes, for the field's `authScopes`: like publishing, only officials of the
 * announcing agency (an hk-td official cannot rewrite or withdraw what hk-dpo announced). An unknown
 * id needs an official only, so that an official learns NOT_FOUND and no one else learns anything.
 */
type ChangeArgs = { id?: unknown; input?: { id?: unknown } };
const idOf = (args: ChangeArgs) => String(args.input?.id ?? args.id);
const changeRule = (action: 'correct' | 'withdraw') => ({
  authScopes: async (_root: unknown, args: ChangeArgs, ctx: ExchangeContext) => {
    const [found] = await ctx.store.getByIds('Announcement', [idOf(args)]);
    return found ? { officialOf: found.agency } : { official: true as const };
  },
  // The scope's refusal is recorded like one the resolver gives.
  unauthorizedResolver: (_root: unknown, args: ChangeArgs, ctx: ExchangeContext, _info: unknown, error: Error) =>
    refusedAndAudited(ctx, { action, target: idOf(args) }, error),
  // So is a refusal of its input before the resolver (too long, a control or bidi character).
  extensions: {
    [REFUSED_INPUT]: ((args, ctx, error) =>
      auditRefusal(ctx as ExchangeContext, { action, target: idOf(args) }, error)) satisfies RefusedInput,
  },
  unauthorizedError: refusedWith(
    officialRefusal(
      `To ${action} an announcement`,
      `${action} announcements`,
      (agency, yours) => `Only officials of ${agency} ${action} its announcements; you are of ${yours}.`,
    ),
  ),
});

/** The announcement as its agency's official may change it: NOT_FOUND, or BAD_USER_INPUT once withdrawn. */
async function changeable(ctx: ExchangeContext, id: string, field: string) {
  const principal = authorOf(ctx.principal);
  const [found] = await ctx.store.getByIds('Announcement', [id]);
  if (!found) throw new UserFacingError('NOT_FOUND', `No announcement has the id "${id}".`, { id });
  if (found.withdrawnAt) throw badUserInput(field, `announcement "${id}" was withdrawn at ${found.withdrawnAt}`);
  return { principal, found };
}

const CorrectInput = z
  .object({
    id: Slug,
    title: Text.nullish(),
    body: Text.nullish(),
    effectiveFrom: IsoDate.nullish(),
    importance: z.enum(['major', 'normal']).nullish(),
  })
  .refine((i) => i.title || i.body || i.effectiveFrom || i.importance, {
    message: 'give at least one of title, body, effectiveFrom, importance to correct',
  });

const CorrectAnnouncementInput = builder.inputType('CorrectAnnouncementInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    title: t.field({ type: LocalizedTextInput, required: false }),
    body: t.field({ type: LocalizedTextInput, required: false }),
    effectiveFrom: t.string({ required: false, description: 'YYYY-MM-DD' }),
    importance: t.field({ type: Importance, required: false }),
    idempotencyKey: t.string({ required: false, description: KEYED_WRITE_KEY }),
  }),
});

async function correct(ctx: ExchangeContext, raw: unknown): Promise<Announcement> {
  const input = parseInput(CorrectInput, raw);
  const { principal, found } = await changeable(ctx, input.id, 'input.id');
  const at = ctx.now().toISOString();
  const previous = heldVersion(found);
  const version = previous.version;
  const corrected: Announcement = {
    ...found,
    title: input.title ?? found.title,
    body: input.body ?? found.body,
    effectiveFrom: input.effectiveFrom ?? found.effectiveFrom,
    importance: input.importance ?? found.importance,
    version: version + 1,
    versions: [...(found.versions ?? []), previous],
    correctedAt: at,
    correctedBy: principal.username,
  };
  await ctx.announcements.publish(corrected, at);
  return corrected;
}

async function withdraw(ctx: ExchangeContext, id: string, reason: string | null | undefined) {
  const { principal, found } = await changeable(ctx, id, 'id');
  const text = reason?.trim();
  if (reason != null && !text) throw badUserInput('reason', 'is blank; leave it out or say why');
  const at = ctx.now().toISOString();
  const withdrawn: Announcement = {
    ...found,
    withdrawnAt: at,
    withdrawnBy: principal.username,
    ...(text ? { withdrawnReason: text } : {}),
  };
  await ctx.announcements.publish(withdrawn, at);
  return withdrawn;
}

builder.mutationField('correctAnnouncement', (t) =>
  t.field({
    description:
      'An official of the announcing agency corrects its text; the earlier text stays in `versions`, and subscribers and the other side are told.',
    type: AnnouncementRef,
    nullable: true,
    args: { input: t.arg({ type: CorrectAnnouncementInput, required: true }) },
    ...changeRule('correct'),
    // Audited inside the keyed write: a replay answered from the ledger is no second decision.
    resolve: (_root, args, ctx) =>
      once(ctx, { mutation: 'correctAnnouncement', args }, () =>
        audited(ctx, { action: 'correct', target: String(args.input.id) }, () => correct(ctx, args.input)),
      ),
  }),
);

builder.mutationField('withdrawAnnouncement', (t) =>
  t.field({
    description:
      'An official of the announcing agency withdraws it: it leaves the lists and latest changes; subscribers and the other side are told.',
    type: AnnouncementRef,
    nullable: true,
    args: {
      id: t.arg.id({ required: true }),
      reason: t.arg.string({ required: false }),
      idempotencyKey: t.arg.string({ required: false, description: KEYED_WRITE_KEY }),
    },
    ...changeRule('withdraw'),
    // A replay is answered from the ledger before `changeable` would refuse the withdrawn announcement.
    resolve: (_root, args, ctx) =>
      once(ctx, { mutation: 'withdrawAnnouncement', args }, () =>
        audited(ctx, { action: 'withdraw', target: String(args.id) }, () =>
          withdraw(ctx, String(args.id), args.reason),
        ),
      ),
  }),
);
