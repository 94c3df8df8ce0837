/**
 * The platform's identities (DESIGN.md): realm roles, demo users, one resident login per synthetic
 * person, one client per partner system. The dev identity provider serves exactly these, and
 * deploy/keycloak/realm-gba.json is generated from them, so a real Keycloak issues the same tokens.
 */
import type { JurisdictionId } from '../../schema/domain/index.js';

export const ROLES = ['official', 'partner-system', 'resident', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const REALM = 'gba';
/** The audience every access token carries, and the client id the platform verifies tokens as. */
export const API_AUDIENCE = 'gba-api';
/** Public client used for the password grant by `gba token` and demo front ends. */
export const CLI_CLIENT = 'gba-cli';
/** Public client of the web console: authorisation code flow with PKCE (public-client.ts). */
export const CONSOLE_CLIENT = 'gba-console';

export interface UserIdentity {
  readonly username: string;
  readonly roles: readonly Role[];
  readonly jurisdiction?: JurisdictionId;
  readonly agency?: string;
  readonly personId?: string;
}

export interface ClientIdentity {
  readonly clientId: string;
  readonly description: string;
  readonly jurisdiction: JurisdictionId;
  readonly agency: string;
}

export const OFFICIALS: readonly UserIdentity[] = [
  { username: 'hk-official', roles: ['official'], jurisdiction: 'HK', agency: 'hk-td' },
  { username: 'sz-official', roles: ['official'], jurisdiction: 'SZ', agency: 'sz-gov-data-bureau' },
  { username: 'gz-official', roles: ['official'], jurisdiction: 'GZ', agency: 'gz-gov-data-bureau' },
  { username: 'gd-official', roles: ['official'], jurisdiction: 'GD', agency: 'gd-psd' },
];

/**
 * Every agency that owns a service, practice or announcement in the sample data set has a demo
 * official, `<agency-id>-official`, so a question put to any owner can be answered (a test keeps
 * this list in step with the data set).
 */
const OWNING_AGENCIES: readonly (readonly [agency: string, jurisdiction: JurisdictionId])[] = [
  ['gd-gov-data-bureau', 'GD'],
  ['gd-hrss', 'GD'],
  ['gd-pboc', 'GD'],
  ['gd-psd', 'GD'],
  ['gz-gov-data-bureau', 'GZ'],
  ['gz-nansha-gov-service-center', 'GZ'],
  ['hk-bd', 'HK'],
  ['hk-dpo', 'HK'],
  ['hk-edb', 'HK'],
  ['hk-efficiency-office', 'HK'],
  ['hk-hkgai', 'HK'],
  ['hk-itib', 'HK'],
  ['hk-td', 'HK'],
  ['mo-fss', 'MO'],
  ['mo-iam', 'MO'],
  ['mo-safp', 'MO'],
  ['sz-futian-data-bureau', 'SZ'],
  ['sz-gov-data-bureau', 'SZ'],
];

export const AGENCY_OFFICIALS: readonly UserIdentity[] = OWNING_AGENCIES.map(([agency, jurisdiction]) => ({
  username: `${agency}-official`,
  roles: ['official'],
  jurisdiction,
  agency,
}));

export const STAFF: readonly UserIdentity[] = [
  { username: 'auditor', roles: ['auditor'] },
  { username: 'admin', roles: ['admin'] },
];

export const PARTNER_CLIENTS: readonly ClientIdentity[] = [
  { clientId: 'hk-td', description: 'Transport Department licensing system', jurisdiction: 'HK', agency: 'hk-td' },
  { clientId: 'hk-iamsmart', description: 'iAM Smart', jurisdiction: 'HK', agency: 'hk-dpo' },
  { clientId: 'hk-1823', description: '1823 / GovHK enquiries', jurisdiction: 'HK', agency: 'hk-efficiency-office' },
  { clientId: 'sz-ishenzhen', description: 'iShenzhen', jurisdiction: 'SZ', agency: 'sz-gov-data-bureau' },
  {
    clientId: 'gd-yueshengshi',
    description: "Guangdong's Yueshengshi",
    jurisdiction: 'GD',
    agency: 'gd-gov-data-bureau',
  },
  { clientId: 'gz-suihaoban', description: "Guangzhou's Suihaoban", jurisdiction: 'GZ', agency: 'gz-gov-data-bureau' },
];

/** One resident login per synthetic person, named by the person's id. */
export function residents(personIds: readonly string[]): UserIdentity[] {
  return personIds.map((id) => ({ username: id, roles: ['resident'], personId: id }));
}

export function allUsers(personIds: readonly string[]): UserIdentity[] {
  return [...OFFICIALS, ...AGENCY_OFFICIALS, ...STAFF, ...residents(personIds)];
}
