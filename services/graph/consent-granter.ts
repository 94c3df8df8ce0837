/**
 * The system a consent stored before `grantedBy` was kept was granted through, derived once when a
 * store is opened (the embedded store's migration 6, the Neo4j store's init), so every stored consent
 * says who may change or end it (services/consent/lifecycle.ts):
 * - an id only the platform gives (`con-creq-…`, an approved consent request; `con-` and a UUID,
 *   grantConsent) is the resident's own grant on the platform, PLATFORM_GRANTER;
 * - any other is a partner's grant, from the consent manager the catalogue names for the controller's
 *   jurisdiction, the nearest one (iShenzhen for Shenzhen; Yueshengshi for Guangdong and Guangzhou,
 *   which has none of its own; iAM Smart for Hong Kong), as the sample events grant them;
 * - a controller with no consent manager (Macao's) or no agency: PLATFORM_GRANTER, so no partner
 *   may end it (none could before either: no consent manager speaks for Macao's data).
 * Frozen: it states the catalogue as it was when `grantedBy` was added (2026-12-01), as a migration
 * must; a consent manager added later grants with `grantedBy` kept.
 */
import { type Consent, type JurisdictionId, PLATFORM_GRANTER } from '../../schema/domain/index.js';

export const CONSENT_MANAGER_BEFORE_GRANTED_BY: Readonly<Partial<Record<JurisdictionId, string>>> = Object.freeze({
  HK: 'urn:gba:hk:dpo:iamsmart',
  SZ: 'urn:gba:sz:ishenzhen',
  GD: 'urn:gba:gd:yueshengshi',
  GZ: 'urn:gba:gd:yueshengshi',
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether the id is one the platform gives (the two forms above). */
export const isPlatformConsentId = (id: string): boolean =>
  id.startsWith('con-creq-') || (id.startsWith('con-') && UUID.test(id.slice(4)));

/** `grantedBy` of a consent stored without it, its controller in `jurisdiction` (null: no such agency). */
export function derivedGranter(consent: Pick<Consent, 'id'>, jurisdiction: JurisdictionId | null): string {
  if (isPlatformConsentId(consent.id)) return PLATFORM_GRANTER;
  return (jurisdiction && CONSENT_MANAGER_BEFORE_GRANTED_BY[jurisdiction]) || PLATFORM_GRANTER;
}

const quoted = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The same derivation in SQL, for the embedded store's migration (a CASE over node.data). */
export function derivedGranterSql(): string {
  const byJurisdiction = Object.entries(CONSENT_MANAGER_BEFORE_GRANTED_BY)
    .map(([j, source]) => `WHEN ${quoted(j)} THEN ${quoted(source)}`)
    .join(' ');
  return `
    UPDATE node SET data = json_set(data, '$.grantedBy', CASE
      WHEN id GLOB 'con-creq-*'
        OR (length(id) = 40 AND id GLOB 'con-????????-????-????-????-????????????'
            AND substr(id, 5) NOT GLOB '*[^0-9a-f-]*') THEN ${quoted(PLATFORM_GRANTER)}
      ELSE coalesce((
        SELECT CASE json_extract(a.data, '$.jurisdiction') ${byJurisdiction} END
        FROM node a WHERE a.label = 'Agency' AND a.id = json_extract(node.data, '$.controller')
      ), ${quoted(PLATFORM_GRANTER)})
    END)
    WHERE label = 'Consent' AND json_extract(data, '$.grantedBy') IS NULL;`;
}
