/**
 * deploy/keycloak/realm-gba.json, generated from services/identity/identities.ts so a real Keycloak
 * issues the tokens the platform accepts unchanged: realm roles, the demo users and residents (with
 * `jurisdiction`, `agency` and `person_id` attributes), one confidential client per partner system
 * (service account with the same attributes), and protocol mappers putting those claims and the
 * `gba-api` audience in every access token, and the web console's public client (code flow, PKCE
 * S256 required, its redirect URIs as public-client.ts defines them). Refresh tokens rotate: a spent
 * one is refused, as by the dev identity provider. `npm run realm:export` rewrites it; a test keeps it equal.
 * Demo users carry the password `demo`: the file is for development and demonstration realms only.
 */
import {
  API_AUDIENCE,
  CLI_CLIENT,
  type ClientIdentity,
  PARTNER_CLIENTS,
  REALM,
  ROLES,
  type UserIdentity,
} from '../identities.js';
import { consoleClient as consoleClientOf, type PublicClient } from '../public-client.js';

const ROLE_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  official: 'Government official of one jurisdiction and agency',
  'partner-system': 'Partner system exchanging events with the platform',
  resident: 'Resident, the subject of personal data',
  auditor: 'Auditor of the audit log and cross-boundary transfers',
  admin: 'Platform administrator',
};

const CLAIMS = ['jurisdiction', 'agency', 'person_id'] as const;

function attributeMapper(claim: string) {
  return {
    name: claim,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usermodel-attribute-mapper',
    consentRequired: false,
    config: {
      'user.attribute': claim,
      'claim.name': claim,
      'jsonType.label': 'String',
      'access.token.claim': 'true',
      'id.token.claim': 'true',
      'userinfo.token.claim': 'true',
      'introspection.token.claim': 'true',
    },
  };
}

const audienceMapper = {
  name: `${API_AUDIENCE} audience`,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  consentRequired: false,
  config: { 'included.client.audience': API_AUDIENCE, 'access.token.claim': 'true', 'id.token.claim': 'false' },
};

const mappers = () => [audienceMapper, ...CLAIMS.map(attributeMapper)];

function attributes(x: { jurisdiction?: string; agency?: string; personId?: string }) {
  return {
    ...(x.jurisdiction ? { jurisdiction: [x.jurisdiction] } : {}),
    ...(x.agency ? { agency: [x.agency] } : {}),
    ...(x.personId ? { person_id: [x.personId] } : {}),
  };
}

function user(u: UserIdentity) {
  return {
    username: u.username,
    enabled: true,
    emailVerified: true,
    credentials: [{ type: 'password', value: 'demo', temporary: false }],
    realmRoles: [...u.roles],
    attributes: attributes(u),
  };
}

function partnerClient(c: ClientIdentity) {
  return {
    clientId: c.clientId,
    name: c.description,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    protocolMappers: mappers(),
  };
}

function browserClient(c: PublicClient) {
  return {
    clientId: c.clientId,
    name: c.name,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: true,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    frontchannelLogout: false,
    redirectUris: [...c.redirectUris],
    webOrigins: [...c.webOrigins],
    attributes: {
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': c.postLogoutRedirectUris.join('##'),
    },
    protocolMappers: mappers(),
  };
}

function serviceAccount(c: ClientIdentity) {
  return {
    username: `service-account-${c.clientId}`,
    enabled: true,
    serviceAccountClientId: c.clientId,
    realmRoles: ['partner-system'],
    attributes: attributes(c),
  };
}

/** Keycloak 24+ drops attributes its user profile does not declare; these are declared here. */
function userProfile() {
  const text = (name: string) => ({
    name,
    displayName: name,
    permissions: { view: ['admin'], edit: ['admin'] },
    multivalued: false,
  });
  return {
    attributes: [
      {
        name: 'username',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Keycloak message key, meant literally.
        displayName: '${username}',
        permissions: { view: ['admin', 'user'], edit: ['admin'] },
        multivalued: false,
      },
      {
        name: 'email',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Keycloak message key, meant literally.
        displayName: '${email}',
        permissions: { view: ['admin', 'user'], edit: ['admin'] },
        multivalued: false,
      },
      ...CLAIMS.map(text),
    ],
    groups: [],
  };
}

/** `consoleOrigins`: where browsers reach the gateway beyond the default http://localhost:4000. */
export function realmExport(users: readonly UserIdentity[], consoleOrigins: readonly string[] = []) {
  return {
    realm: REALM,
    enabled: true,
    sslRequired: 'external',
    accessTokenLifespan: 300,
    revokeRefreshToken: true,
    refreshTokenMaxReuse: 0,
    roles: { realm: ROLES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] })) },
    clients: [
      {
        clientId: API_AUDIENCE,
        name: 'GBA Exchange API (the audience tokens are issued for)',
        enabled: true,
        bearerOnly: true,
        protocol: 'openid-connect',
      },
      {
        clientId: CLI_CLIENT,
        name: 'gba command line and demo front ends',
        enabled: true,
        protocol: 'openid-connect',
        publicClient: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: true,
        protocolMappers: mappers(),
      },
      browserClient(consoleClientOf(consoleOrigins)),
      ...PARTNER_CLIENTS.map(partnerClient),
    ],
    users: [...users.map(user), ...PARTNER_CLIENTS.map(serviceAccount)],
    components: {
      'org.keycloak.userprofile.UserProfileProvider': [
        {
          providerId: 'declarative-user-profile',
          subComponents: {},
          config: { 'kc.user.profile.config': [JSON.stringify(userProfile())] },
        },
      ],
    },
  };
}
