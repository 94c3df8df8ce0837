/**
 * The one Pothos builder factory. Every subgraph builds its schema with a builder from here, so all
 * share the plugins, scalars and defaults (federation needs one builder per subgraph schema).
 */
import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Logger } from 'pino';
import type { Principal } from '../services/identity/authenticator.port.js';
import { type AuthScopes, refusal, scopesOf } from './auth-scopes.js';
import { INPUT_LENGTHS } from './input-length-plugin.js';

/** What every resolver gets, whatever the subgraph. Request ids are passed explicitly, never read from ambient state. */
export interface BaseContext {
  readonly requestId: string;
  readonly log: Logger;
  /** The verified caller; undefined for an anonymous request. */
  readonly principal: Principal | undefined;
}

export interface BuilderTypes<Context extends BaseContext> {
  Context: Context;
  DefaultFieldNullability: false;
  AuthScopes: AuthScopes;
  Scalars: {
    ID: { Input: string; Output: string };
  };
}

export function createBuilder<Context extends BaseContext>() {
  return new SchemaBuilder<BuilderTypes<Context>>({
    // Scope auth first, so its check runs before any other plugin's wrapper; input lengths next, so no
    // resolver sees an overlong string; federation last: it must see the resolvers the others wrap.
    plugins: [ScopeAuthPlugin, DirectivePlugin, INPUT_LENGTHS, FederationPlugin],
    defaultFieldNullability: false,
    scopeAuth: {
      // Called at most once per request, by the first field that declares a rule (schema/auth-scopes.ts).
      authScopes: (ctx) => scopesOf(ctx.principal),
      unauthorizedError: (_parent, ctx, info, result) => refusal(ctx.principal, info, result),
      // A subscription is refused when it opens, as a query would be; its events are then checked by
      // whileAuthorised (token expiry) rather than re-running the same token's scopes for each one.
      authorizeOnSubscribe: true,
    },
  });
}

export type Builder<Context extends BaseContext> = ReturnType<typeof createBuilder<Context>>;

/** Federation 2 version the subgraphs link to. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

/**
 * What a `resolveReference` returns: @apollo/subgraph writes `__typename` onto the object, and the
 * store's records are frozen (one cached copy serves every request), so the entity is a shallow copy.
 */
export const entity = <T extends object>(record: T | null | undefined): T | null => (record ? { ...record } : null);
