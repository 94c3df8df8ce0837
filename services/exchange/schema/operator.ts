/**
 * The operators' API (admin role): partner systems with their traffic, the dead-letter queue (list,
 * inspect masked, replay with each outcome) and the outbound topics, embedded mode included.
 */

import { checkId } from '../../../schema/args.js';
import { badUserInput, notFound } from '../../../schema/errors.js';
import {
  type DeadLetterView,
  inspectDeadLetter,
  listDeadLetters,
  type OperationsDeps,
  type ReplayOutcome,
  replayDeadLetters,
} from '../../operations/dead-letters.js';
import type { DeadLetterClaim, PartnerInfo } from '../../operations/event-desk.port.js';
import {
  outboundTopics,
  partnerTraffic,
  type Tally,
  type TopicView,
  type TypeTraffic,
} from '../../operations/topics.js';
import { KEYED_WRITE_KEY, once } from '../../shared/keyed-write.js';
import type { ExchangeContext } from '../context.js';
import { builder } from './builder.js';

/** The operations port of this request (every field here is for the admin scope): only where the platform wired a transport. */
function operations(ctx: ExchangeContext): OperationsDeps {
  if (!ctx.operations) throw new Error('no event transport is wired into this exchange subgraph');
  return ctx.operations;
}

const ReasonCount = builder.objectRef<[string, number]>('ReasonCount').implement({
  fields: (t) => ({
    reason: t.string({ resolve: ([r]) => r }),
    count: t.int({ resolve: ([, n]) => n }),
  }),
});

const Window = builder.objectRef<Tally>('TrafficWindow').implement({
  fields: (t) => ({
    accepted: t.exposeInt('accepted', { description: 'Applied, stale or duplicate: taken in.' }),
    rejected: t.int({ resolve: (w) => [...w.rejected.values()].reduce((a, b) => a + b, 0) }),
    rejectedByReason: t.field({
      type: [ReasonCount],
      resolve: (w) => [...w.rejected.entries()].sort(([a], [b]) => a.localeCompare(b)),
    }),
  }),
});

const TypeTrafficRef = builder.objectRef<TypeTraffic>('EventTypeTraffic').implement({
  fields: (t) => ({
    type: t.exposeString('type'),
    lastHour: t.field({ type: Window, resolve: (x) => x.hour }),
    lastDay: t.field({ type: Window, resolve: (x) => x.day }),
  }),
});

const Partner = builder.objectRef<{ partner: PartnerInfo; types: TypeTraffic[] }>('PartnerSystem').implement({
  description: 'A partner system, its authority (the event types it may send) and its inbound traffic.',
  fields: (t) => ({
    source: t.string({ resolve: (p) => p.partner.source }),
    name: t.string({ resolve: (p) => p.partner.name }),
    side: t.string({ resolve: (p) => p.partner.side }),
    jurisdiction: t.string({ resolve: (p) => p.partner.jurisdiction }),
    agency: t.string({ resolve: (p) => p.partner.agency }),
    clientId: t.string({ nullable: true, resolve: (p) => p.partner.clientId }),
    authority: t.stringList({
      description: 'Event type prefixes it may send.',
      resolve: (p) => [...p.partner.typePrefixes],
    }),
    traffic: t.field({ type: [TypeTrafficRef], resolve: (p) => p.types }),
  }),
});

const DeadLetterClaimRef = builder.objectRef<DeadLetterClaim>('DeadLetterClaim').implement({
  description:
    "A replay's lease on a dead letter (as `gba dlq list` shows it): while it holds, no other replay sends the letter; once lapsed, the next replay takes it over; `gba dlq release` drops it.",
  fields: (t) => ({
    by: t.exposeString('by', {
      description:
        'The replayer holding it: what, who, host and process (`gba dlq replay alice@host pid 4242 #1a2b3c4d`).',
    }),
    since: t.exposeString('since', { description: "When it was claimed (or last renewed), on the replayer's clock." }),
    until: t.exposeString('until', { description: 'When the lease lapses.' }),
    lapsed: t.boolean({
      description: 'Whether the lease has lapsed by now: the next replay takes the letter over.',
      resolve: (c, _a, ctx) => Date.parse(c.until) <= ctx.now().getTime(),
    }),
  }),
});

const DeadLetter = builder.objectRef<DeadLetterView>('DeadLetter').implement({
  fields: (t) => ({
    dlqOffset: t.exposeID('dlqOffset', { description: 'Its offset in gba.dlq: the id to inspect or replay it by.' }),
    reason: t.exposeString('reason'),
    message: t.exposeString('message'),
    eventId: t.exposeString('eventId', { nullable: true }),
    source: t.exposeString('source', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    rejectedAt: t.exposeString('time'),
    topic: t.exposeString('topic'),
    partition: t.exposeInt('partition'),
    offset: t.exposeString('offset'),
    claim: t.field({
      type: DeadLetterClaimRef,
      nullable: true,
      description: 'The last claim on it, lapsed or not; null when no replay holds it.',
      resolve: (l) => l.claim,
    }),
  }),
});

const Header = builder.objectRef<[string, string]>('MessageHeader').implement({
  fields: (t) => ({ name: t.string({ resolve: ([n]) => n }), value: t.string({ resolve: ([, v]) => v }) }),
});

type Detail = DeadLetterView & { headers: [string, string][]; body: string };
const DeadLetterDetail = builder.objectRef<Detail>('DeadLetterDetail').implement({
  fields: (t) => ({
    letter: t.field({ type: DeadLetter, resolve: (d) => d }),
    headers: t.field({ type: [Header], resolve: (d) => d.headers }),
    body: t.exposeString('body', { description: 'The original body with personal values masked.' }),
  }),
});

const Outcome = builder.objectRef<ReplayOutcome>('ReplayOutcome').implement({
  fields: (t) => ({
    dlqOffset: t.exposeID('dlqOffset'),
    eventId: t.exposeString('eventId', { nullable: true }),
    outcome: t.exposeString('outcome', {
      description:
        'applied, stale, duplicate (reason SUPERSEDED: a later version of its id was applied since), rejected (again), pending, already-replayed (another replay claimed it and sent it back, while this one ran or before it began; the reason says which replayer and when), or not-found (no dead letter is or was at the offset).',
    }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const TopicMessageRef = builder.objectRef<TopicView['recent'][number]>('TopicMessage').implement({
  fields: (t) => ({
    partition: t.exposeInt('partition'),
    offset: t.exposeString('offset'),
    appendedAt: t.exposeString('appendedAt'),
    id: t.exposeString('id', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    subject: t.exposeString('subject', { nullable: true }),
  }),
});

const Topic = builder.objectRef<TopicView>('OutboundTopic').implement({
  fields: (t) => ({
    topic: t.exposeString('topic'),
    total: t.exposeInt('total'),
    recent: t.field({ type: [TopicMessageRef], description: 'Newest first.', resolve: (v) => v.recent }),
  }),
});

builder.queryField('partnerSystems', (t) =>
  t.field({
    description: 'Admins: every partner system with its authority and traffic per event type, last hour and day.',
    type: [Partner],
    nullable: true,
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => partnerTraffic(operations(ctx)),
  }),
);

builder.queryField('deadLetters', (t) =>
  t.field({
    description: 'Admins: the dead letters not yet replayed, oldest first, by reason code and/or partner source.',
    type: [DeadLetter],
    nullable: true,
    args: { reason: t.arg.string({ required: false }), partner: t.arg.string({ required: false }) },
    authScopes: { admin: true },
    resolve: (_root, args, ctx) => listDeadLetters(operations(ctx), args),
  }),
);

builder.queryField('deadLetter', (t) =>
  t.field({
    description: 'Admins: one dead letter with its headers and its body, personal values masked.',
    type: DeadLetterDetail,
    nullable: true,
    args: { dlqOffset: t.arg.id({ required: true }) },
    authScopes: { admin: true },
    resolve: async (_root, { dlqOffset }, ctx) =>
      (await inspectDeadLetter(operations(ctx), checkId(dlqOffset, 'dlqOffset'))) ??
      Promise.reject(notFound('dead letter', dlqOffset)),
  }),
);

builder.mutationField('replayDeadLetters', (t) =>
  t.field({
    description:
      'Admins: sends dead letters back to their topics, waits for the connectors, and says what became of each.',
    type: [Outcome],
    nullable: true,
    args: {
      dlqOffsets: t.arg.idList({ required: true }),
      idempotencyKey: t.arg.string({ required: false, description: KEYED_WRITE_KEY }),
    },
    authScopes: { admin: true },
    resolve: (_root, args, ctx) => {
      const deps = operations(ctx);
      const { dlqOffsets } = args;
      if (dlqOffsets.length === 0 || dlqOffsets.length > 100)
        throw badUserInput('dlqOffsets', 'must name 1 to 100 dead letters');
      const offsets = dlqOffsets.map((o) => checkId(o, 'dlqOffsets'));
      // A retried replay reports what the first did instead of resending the letters a second time.
      return once(ctx, { mutation: 'replayDeadLetters', args }, () => replayDeadLetters(deps, offsets));
    },
  }),
);

builder.queryField('outboundTopics', (t) =>
  t.field({
    description: 'Admins: gba.outbound.hk and gba.outbound.mainland with their latest messages.',
    type: [Topic],
    nullable: true,
    args: { last: t.arg.int({ required: false, description: 'Messages per topic, 1 to 100. @default 20' }) },
    authScopes: { admin: true },
    resolve: (_root, { last }, ctx) => {
      const deps = operations(ctx);
      const n = last ?? 20;
      if (!Number.isInteger(n) || n < 1 || n > 100) throw badUserInput('last', 'must be a whole number from 1 to 100');
      return outboundTopics(deps, n);
    },
  }),
);
