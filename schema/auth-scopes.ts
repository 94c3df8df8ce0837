/**
 * Who may call what, declared on the fields themselves (`authScopes`, @pothos/plugin-scope-auth)
 * instead of guards each resolver had to remember to call. The scopes are computed from the verified
 * token once per request, and only when a field that declares a rule is reached: public fields carry
 * no rule, pay nothing and never read the caller (so the public response cache can keep their answers).
 *
 * Rules that need loaded data stay with the data: the consent rule on personal fields (consent/gate.ts),
 * whether a whole case is visible (consent/decide.ts: it needs the case's two jurisdictions) and
 * whether a record belongs to the caller after it is loaded (consent and request desks, cooperation desk).
 */
import { type AuthFailure, AuthScopeFailureType, type ForbiddenResult } from '@pothos/plugin-scope-auth';
import type { GraphQLResolveInfo } from 'graphql';
import { hasRole, type Principal } from '../services/identity/authenticator.port.js';
import type { Role } from '../services/identity/identities.js';
import type { Author } from './domain/index.js';
import { UserFacingError } from './errors.js';

/** The scopes a field may require; the parameterised ones name the agency or person it concerns. */
export interface AuthScopes {
  signedIn: boolean;
  /** An official whose token names a jurisdiction and an agency: what every official action records. */
  official: boolean;
  /** A resident whose token names the person they are. */
  resident: boolean;
  auditor: boolean;
  admin: boolean;
  partnerClient: boolean;
  /** An official of this agency. */
  officialOf: string;
  /** The resident who is this person (the data subject). */
  residentOf: string;
}

/** The caller's scopes: booleans from the token, and the parameterised ones as checks. */
export function scopesOf(principal: Principal | undefined) {
  const official = hasRole(principal, 'official') && !!principal?.jurisdiction && !!principal.agency;
  const resident = hasRole(principal, 'resident') && !!principal?.personId;
  return {
    signedIn: principal !== undefined,
    official,
    resident,
    auditor: hasRole(principal, 'auditor'),
    admin: hasRole(principal, 'admin'),
    partnerClient: hasRole(principal, 'partner-system'),
    officialOf: (agency: string) => official && principal?.agency === agency,
    residentOf: (person: string) => resident && principal?.personId === person,
  };
}

/** The scope a refusal is about (the first that failed) and its parameter. */
export interface FailedScope {
  readonly scope: keyof AuthScopes | undefined;
  readonly parameter: unknown;
}

function firstFailed(failure: AuthFailure): FailedScope {
  if (failure.kind === AuthScopeFailureType.AuthScope)
    return { scope: failure.scope as keyof AuthScopes, parameter: failure.parameter };
  const nested =
    failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes;
  if (nested && failure.failures[0]) return firstFailed(failure.failures[0]);
  return { scope: undefined, parameter: undefined };
}

const ROLE_OF: Partial<Record<keyof AuthScopes, Role>> = {
  official: 'official',
  officialOf: 'official',
  resident: 'resident',
  residentOf: 'resident',
  auditor: 'auditor',
  admin: 'admin',
  partnerClient: 'partner-system',
};

export interface Refusal {
  readonly message: string;
  readonly extensions?: Record<string, unknown>;
}

/** How a field words its refusals; each part falls back to the platform's generic wording. */
export interface RefusalText {
  /** To an anonymous caller (UNAUTHENTICATED). */
  readonly anonymous?: string;
  /** To a signed-in caller without the scope (FORBIDDEN). */
  readonly forbidden?: (failed: FailedScope, principal: Principal) => Refusal | undefined;
}

function genericForbidden({ scope }: FailedScope): Refusal {
  const role = scope && ROLE_OF[scope];
  return role
    ? { message: `This is for the ${role} role only.`, extensions: { role } }
    : { message: 'This caller may not do this.' };
}

/**
 * The refusal as the platform has always coded it: UNAUTHENTICATED for an anonymous caller (the
 * gateway turns it into HTTP 401), FORBIDDEN for a signed-in one, both located at the field.
 */
export function refusal(
  principal: Principal | undefined,
  info: GraphQLResolveInfo,
  { failure }: ForbiddenResult,
  text: RefusalText = {},
): UserFacingError {
  if (!principal)
    return new UserFacingError('UNAUTHENTICATED', text.anonymous ?? 'This needs a signed-in caller.', {}, null, info);
  const failed = firstFailed(failure);
  const { message, extensions } = text.forbidden?.(failed, principal) ?? genericForbidden(failed);
  return new UserFacingError('FORBIDDEN', message, extensions, null, info);
}

/** A field option: refusals worded for this field. */
export const refusedWith =
  (text: RefusalText) =>
  (
    _parent: unknown,
    _args: unknown,
    ctx: { principal: Principal | undefined },
    info: GraphQLResolveInfo,
    result: ForbiddenResult,
  ) =>
    refusal(ctx.principal, info, result, text);

/**
 * How an officials-only field words its refusals: "<what> needs a signed-in official." to an
 * anonymous caller, "Only officials <action>." to anyone but an official, and, where the rule is
 * `officialOf(agency)`, `ofAnother(agency, yours)` to an official of another agency.
 */
export const officialRefusal = (
  what: string,
  action: string,
  ofAnother: (agency: string, yours: string) => string = () => `Only officials ${action}.`,
): RefusalText => ({
  anonymous: `${what} needs a signed-in official.`,
  forbidden: ({ scope, parameter }, principal) =>
    scope === 'officialOf' && scopesOf(principal).official
      ? { message: ofAnother(String(parameter), String(principal.agency)), extensions: { agency: parameter } }
      : { message: `Only officials ${action}.`, extensions: { role: 'official' } },
});

/** Field options for a value only officials see: anyone else gets null, not an error (a list stays readable). */
export const officialsSee = { authScopes: { official: true }, unauthorizedResolver: () => null } as const;

/** Field options for what any official does, worded by `officialRefusal`. */
export const officialsOnly = (what: string, action: string) =>
  ({ authScopes: { official: true }, unauthorizedError: refusedWith(officialRefusal(what, action)) }) as const;

/** A fault in the schema's wiring, not the caller's: a resolver ran without the rule it relies on. */
const unguarded = (scope: string) => new Error(`resolver reached without the "${scope}" scope`);

/** The caller a scope admitted: any scope but none needs a signed-in caller. */
export function callerOf(principal: Principal | undefined): Principal {
  if (!principal) throw unguarded('signedIn');
  return principal;
}

/** The person of a caller the `resident` scope admitted. */
export function personOf(principal: Principal | undefined): string {
  if (!principal?.personId) throw unguarded('resident');
  return principal.personId;
}

/** The caller the `official` scope admitted, as the author of what they write (from their token). */
export function authorOf(principal: Principal | undefined): Author {
  if (!principal?.agency || !principal.jurisdiction) throw unguarded('official');
  return {
    username: principal.username ?? principal.subject,
    agency: principal.agency,
    jurisdiction: principal.jurisdiction,
  };
}
