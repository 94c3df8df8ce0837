import { callerOf } from '../../../schema/auth-scopes.js';
import type { Principal } from '../../identity/authenticator.port.js';
import { AgencyStub, builder, JurisdictionStub } from './builder.js';
import type { ConsentContext } from './context.js';

const MeRef = builder.objectRef<Principal>('Me').implement({
  description: 'The signed-in caller, as the token says.',
  fields: (t) => ({
    subject: t.exposeID('subject'),
    username: t.exposeString('username', { nullable: true }),
    clientId: t.exposeString('clientId'),
    roles: t.stringList({ resolve: (p) => [...p.roles] }),
    jurisdiction: t.field({
      type: JurisdictionStub,
      nullable: true,
      resolve: (p) => (p.jurisdiction ? { id: p.jurisdiction } : null),
    }),
    agency: t.field({
      type: AgencyStub,
      nullable: true,
      resolve: (p) => (p.agency ? { id: p.agency } : null),
    }),
    personId: t.exposeString('personId', { nullable: true }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: MeRef,
    nullable: true,
    authScopes: { signedIn: true },
    resolve: (_root, _args, ctx: ConsentContext) => callerOf(ctx.principal),
  }),
);
