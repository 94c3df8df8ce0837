/** The claims the platform reads from a verified access token, checked for shape. */
import { z } from 'zod';
import { JurisdictionId } from '../../schema/domain/index.js';
import type { Principal } from './authenticator.port.js';
import { ROLES } from './identities.js';
import { unauthenticated } from './unauthenticated.js';

const Claims = z.object({
  sub: z.string().min(1),
  azp: z.string().min(1),
  preferred_username: z.string().optional(),
  realm_access: z.object({ roles: z.array(z.string()) }).optional(),
  jurisdiction: JurisdictionId.optional(),
  agency: z.string().min(1).optional(),
  person_id: z.string().min(1).optional(),
  // keycloak-connect takes a token without `exp` for one that never expires.
  exp: z.number({ error: 'is missing: a token must expire' }),
  nbf: z.number().optional(),
  iat: z.number().optional(),
});

/** Keycloak's and our clocks may differ a little. */
export const CLOCK_SKEW_SECONDS = 30;

export function principalFrom(content: unknown, nowSeconds: number): Principal {
  const parsed = Claims.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const missing = issue?.code === 'invalid_type' && issue.message.startsWith('is missing');
    throw unauthenticated(`claim ${issue?.path.join('.')} ${missing ? issue.message : 'is malformed'}`);
  }
  const c = parsed.data;
  // keycloak-connect checks exp but not nbf, nor an iat in the future.
  if (c.nbf !== undefined && c.nbf > nowSeconds + CLOCK_SKEW_SECONDS) throw unauthenticated('not valid yet');
  if (c.iat !== undefined && c.iat > nowSeconds + CLOCK_SKEW_SECONDS) throw unauthenticated('issued in the future');
  const roles = (c.realm_access?.roles ?? []).filter((r): r is Principal['roles'][number] =>
    (ROLES as readonly string[]).includes(r),
  );
  return {
    subject: c.sub,
    clientId: c.azp,
    roles,
    ...(c.preferred_username && !c.preferred_username.startsWith('service-account-')
      ? { username: c.preferred_username }
      : {}),
    ...(c.jurisdiction ? { jurisdiction: c.jurisdiction } : {}),
    ...(c.agency ? { agency: c.agency } : {}),
    ...(c.person_id ? { personId: c.person_id } : {}),
    expiresAt: c.exp * 1000,
  };
}
