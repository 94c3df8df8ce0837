/**
 * Consent requests, end to end: an official of the case's handling agency asks, the resident
 * answers (all, part or nothing), the requester may cancel, and an unanswered request lapses. Each
 * step is one store commit (with its outbound event where there is one) and one audit record. A
 * request leaves `pending` once: the closing step is recorded in the event ledger, so an approval
 * racing a cancellation or the expiry sweep cannot both land.
 */
import { randomBytes } from 'node:crypto';
import type { Consent, ConsentRequest, DataCategory } from '../../../schema/domain/index.js';
import { badUserInput, UserFacingError } from '../../../schema/errors.js';
import { type GraphStore, type OutboxMessage, ProcessedMeanwhile } from '../../graph/graph-store.port.js';
import type { Principal } from '../../identity/authenticator.port.js';
import type { Outbox } from '../../shared/outbox.port.js';
import type { AuditEntry, AuditLog } from '../audit/audit-log.port.js';
import { type AuditActor, principalActor } from '../audit/entry.js';
import type { ReceiptSigner } from '../receipts.js';
import { PLATFORM_ACTOR, requestEntry, type Step } from './audit.js';
import { approvedConsent } from './grant.js';
import { answerBy, checkRequest, parseRequestInput, requestedCase, stateAt } from './rules.js';

/** The ledger source of closing steps: one per request, whichever comes first. */
const CLOSED_LEDGER = 'urn:gba:platform:consent-requests';

export interface RequestDeskDeps {
  readonly store: GraphStore;
  readonly audit: AuditLog;
  /** Builds a request's outbound event and publishes what the commit queued. */
  readonly outbox: Outbox;
  /** Signs the receipt an approval's consent is stored with. */
  readonly receipts: ReceiptSigner;
}

export interface StepContext {
  readonly principal: Principal;
  readonly now: Date;
  readonly requestId: string;
}

/** `creq-` and the creation time, so listing by id lists by age; six random bytes keep ids unique. */
const newId = (now: Date) => `creq-${now.getTime().toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;

export class ConsentRequestDesk {
  constructor(private readonly deps: RequestDeskDeps) {}

  async request(ctx: StepContext, raw: unknown): Promise<ConsentRequest> {
    const { principal, now } = ctx;
    const named = requestedCase(raw);
    // A malformed case id has nothing to look up: the input's shape is all there is to report.
    if (named === undefined) parseRequestInput(raw);
    const [kase] = await this.deps.store.getByIds('Case', [named as string]);
    const [service] = kase ? await this.deps.store.getByIds('Service', [kase.service]) : [];
    // No such case and another agency's case get one answer, so case ids cannot be probed.
    if (!kase || !service || !principal.agency || principal.agency !== service.agency)
      throw new UserFacingError(
        'FORBIDDEN',
        `No case your agency handles has the id "${named}": only officials of a case's handling agency request consent on it.`,
        { case: named },
      );
    const input = checkRequest(raw, kase, service, now);
    const { expiresAt } = input;
    const request: ConsentRequest = {
      id: newId(now),
      case: kase.id,
      subject: kase.person,
      service: kase.service,
      requesterAgency: principal.agency,
      requesterJurisdiction: service.jurisdiction,
      requestedBy: principal.username ?? principal.clientId,
      categories: input.categories,
      purpose: input.purpose,
      expiresAt,
      answerBy: answerBy(now, expiresAt),
      note: input.note,
      state: 'pending',
      createdAt: now.toISOString(),
      answeredAt: null,
      approvedCategories: [],
      consent: null,
      synthetic: false,
    };
    const outbound = this.deps.outbox.consentRequested(request, kase.originJurisdiction);
    await this.commit({ request, outbox: outbound ? [outbound] : [], closing: false, now });
    await this.record(ctx, 'requested', request);
    await this.deps.outbox.flush().catch(() => undefined);
    return request;
  }

  /** The resident approves (all or `categories` of what was asked) or declines. */
  async answer(
    ctx: StepContext,
    input: { id: string; decision: 'approve' | 'decline'; categories?: readonly DataCategory[] | null },
  ): Promise<{ request: ConsentRequest; consent: Consent | null }> {
    const request = await this.pending(ctx, input.id, (r) => r.subject === ctx.principal.personId, 'not one about you');
    if (input.decision === 'decline') {
      const declined: ConsentRequest = { ...request, state: 'declined', answeredAt: ctx.now.toISOString() };
      await this.close(ctx, declined, 'declined');
      return { request: declined, consent: null };
    }
    const categories = approvedSubset(request, input.categories);
    const { consent, grantEntry } = await approvedConsent({
      store: this.deps.store,
      receipts: this.deps.receipts,
      request,
      categories,
      actor: principalActor(ctx.principal),
      now: ctx.now,
      requestId: ctx.requestId,
    });
    const approved: ConsentRequest = {
      ...request,
      state: 'approved',
      answeredAt: ctx.now.toISOString(),
      approvedCategories: [...categories],
      consent: consent.id,
    };
    // As the consent lifecycle has it, a grant the audit log does not hold never happened: recorded first.
    await this.close(ctx, approved, 'approved', consent, grantEntry);
    return { request: approved, consent };
  }

  /** The requesting agency withdraws a request the resident has not answered. */
  async cancel(ctx: StepContext, id: string): Promise<ConsentRequest> {
    const agency = ctx.principal.agency;
    const request = await this.pending(
      ctx,
      id,
      (r) => r.requesterAgency === agency,
      'not one of your agency’s requests',
    );
    const cancelled: ConsentRequest = { ...request, state: 'cancelled', answeredAt: ctx.now.toISOString() };
    await this.close(ctx, cancelled, 'cancelled');
    return cancelled;
  }

  /** Requests as they are at `now`: a pending one past its answer-by time is closed as expired first. */
  async current(requests: readonly ConsentRequest[], now: Date, requestId: string): Promise<ConsentRequest[]> {
    const out: ConsentRequest[] = [];
    for (const r of requests) {
      if (stateAt(r, now) !== 'expired' || r.state === 'expired') {
        out.push(r);
        continue;
      }
      const expired: ConsentRequest = { ...r, state: 'expired' };
      const closed = await this.commit({ request: expired, outbox: [], closing: true, now }).then(
        () => true,
        (e: unknown) => (e instanceof ProcessedMeanwhile ? false : Promise.reject(e)),
      );
      if (closed)
        await this.deps.audit.append([
          requestEntry({ step: 'expired', request: expired, actor: PLATFORM_ACTOR, at: now, requestId }),
        ]);
      out.push(closed ? expired : ((await this.byId(r.id)) ?? expired));
    }
    return out;
  }

  async byId(id: string): Promise<ConsentRequest | null> {
    const [request] = await this.deps.store.getByIds('ConsentRequest', [id]);
    return request ?? null;
  }

  /** Records that the subject was shown a preview of their own data. */
  previewed(ctx: StepContext, request: ConsentRequest): Promise<unknown> {
    return this.record(ctx, 'previewed', request);
  }

  private async pending(
    ctx: StepContext,
    id: string,
    mine: (r: ConsentRequest) => boolean,
    notMine: string,
  ): Promise<ConsentRequest> {
    const found = await this.byId(id);
    // No such request and someone else's get one answer: whether the id exists is not revealed.
    if (!found || !mine(found))
      throw new UserFacingError('FORBIDDEN', `Consent request "${id}" is ${notMine}.`, { id });
    const [request] = await this.current([found], ctx.now, ctx.requestId);
    if (request?.state !== 'pending')
      throw badUserInput('id', `consent request "${id}" is ${request?.state}, not pending`);
    return request;
  }

  private async close(
    ctx: StepContext,
    request: ConsentRequest,
    step: Step,
    consent?: Consent,
    grantEntry?: AuditEntry,
  ): Promise<void> {
    if (grantEntry) await this.deps.audit.append([grantEntry, this.entry(ctx, step, request)]);
    try {
      await this.commit({ request, consent, outbox: [], closing: true, now: ctx.now });
    } catch (error) {
      if (!(error instanceof ProcessedMeanwhile)) throw error;
      const now = await this.byId(request.id);
      throw badUserInput('id', `consent request "${request.id}" is ${now?.state ?? 'closed'}, not pending`);
    }
    if (!grantEntry) await this.deps.audit.append([this.entry(ctx, step, request)]);
  }

  private record(ctx: StepContext, step: Step, request: ConsentRequest) {
    return this.deps.audit.append([this.entry(ctx, step, request)]);
  }

  private entry(
    ctx: StepContext,
    step: Step,
    request: ConsentRequest,
    actor: AuditActor = principalActor(ctx.principal),
  ) {
    const categories = step === 'approved' ? request.approvedCategories : request.categories;
    return requestEntry({ step, request, actor, at: ctx.now, requestId: ctx.requestId, categories });
  }

  private commit({
    request,
    consent,
    outbox,
    closing,
    now,
  }: {
    request: ConsentRequest;
    consent?: Consent | undefined;
    outbox: OutboxMessage[];
    closing: boolean;
    now: Date;
  }) {
    const time = now.toISOString();
    return this.deps.store.commitEvents({
      nodes: [
        { label: 'ConsentRequest', records: [request] },
        ...(consent ? [{ label: 'Consent' as const, records: [consent] }] : []),
      ],
      clocks: [],
      processed: closing
        ? [{ source: CLOSED_LEDGER, id: `${request.id}:closed`, digest: request.state, time, disposition: 'applied' }]
        : [],
      receipts: [],
      outbox,
    });
  }
}

/** The categories approved: all asked for by default, else a non-empty subset of them. */
function approvedSubset(request: ConsentRequest, chosen: readonly DataCategory[] | null | undefined): DataCategory[] {
  if (chosen == null) return [...request.categories];
  if (chosen.length === 0) throw badUserInput('input.categories', 'names no category (decline instead)');
  if (new Set(chosen).size !== chosen.length) throw badUserInput('input.categories', 'names a category twice');
  const extra = chosen.filter((c) => !request.categories.includes(c));
  if (extra.length > 0) throw badUserInput('input.categories', `${extra.join(', ')} was not requested`);
  return [...chosen];
}
