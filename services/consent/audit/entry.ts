/**
 * The one builder of audit entries. The GraphQL gate, the event pipeline and the consent lifecycle
 * all record through it, so an entry means the same whichever door the decision came through.
 */
import type { Consent, DataCategory, JurisdictionId } from '../../../schema/domain/index.js';
import type { AuditEntry } from './audit-log.port.js';

export type AuditActor = AuditEntry['actor'];

/** A signed-in caller as the audit log names it. */
export function principalActor(p: {
  readonly subject: string;
  readonly clientId: string;
  readonly roles: readonly string[];
  readonly username?: string | null;
  readonly agency?: string | null;
  readonly jurisdiction?: JurisdictionId | null;
}): AuditActor {
  return {
    subject: p.subject,
    clientId: p.clientId,
    roles: [...p.roles],
    ...(p.username ? { username: p.username } : {}),
    ...(p.agency ? { agency: p.agency } : {}),
    ...(p.jurisdiction ? { jurisdiction: p.jurisdiction } : {}),
  };
}

/** A partner system (connectors/partners/catalogue.ts) acting through an event. */
export function partnerActor(p: {
  readonly source: string;
  readonly clientId: string | null;
  readonly agency: string;
  readonly jurisdiction: JurisdictionId;
}): AuditActor {
  return {
    subject: `partner:${p.source}`,
    clientId: p.clientId ?? 'gba-connectors',
    roles: ['partner-system'],
    agency: p.agency,
    jurisdiction: p.jurisdiction,
  };
}

/** What was decided: a consent rule's decision, a grant or a revocation. */
export interface Verdict {
  readonly allowed: boolean;
  readonly consent: Pick<Consent, 'id' | 'version'> | null;
  readonly purpose: string | null;
  readonly reason: string;
}

export interface EntryInput {
  readonly at: Date | string;
  readonly actor: AuditActor;
  /** Whose data: the person id. */
  readonly subject: string;
  readonly categories: readonly DataCategory[];
  readonly resource: string;
  readonly verdict: Verdict;
  readonly requestId: string;
}

export function auditEntry({ at, actor, subject, categories, resource, verdict, requestId }: EntryInput): AuditEntry {
  return {
    at: typeof at === 'string' ? at : at.toISOString(),
    actor,
    subject,
    categories: [...categories],
    resource,
    purpose: verdict.purpose,
    consentId: verdict.consent?.id ?? null,
    consentVersion: verdict.consent ? (verdict.consent.version ?? 1) : null,
    decision: verdict.allowed ? 'allow' : 'deny',
    reason: verdict.reason,
    requestId,
  };
}
