import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../services/graph/seed/dataset.js';
import { API_AUDIENCE, allUsers, CONSOLE_CLIENT, PARTNER_CLIENTS, ROLES } from '../../services/identity/identities.js';
import { REALM_FILE, realmJson } from '../../services/identity/keycloak/print-realm.js';
import { consoleClient } from '../../services/identity/public-client.js';

interface Realm {
  realm: string;
  roles: { realm: { name: string }[] };
  clients: {
    clientId: string;
    protocolMappers?: { protocolMapper: string; config: Record<string, string> }[];
    serviceAccountsEnabled?: boolean;
    directAccessGrantsEnabled?: boolean;
    bearerOnly?: boolean;
    publicClient?: boolean;
    standardFlowEnabled?: boolean;
    redirectUris?: string[];
    webOrigins?: string[];
    attributes?: Record<string, string>;
  }[];
  revokeRefreshToken?: boolean;
  refreshTokenMaxReuse?: number;
  users: {
    username: string;
    realmRoles: string[];
    attributes: Record<string, string[]>;
    serviceAccountClientId?: string;
  }[];
}

const realm = JSON.parse(readFileSync(REALM_FILE, 'utf8')) as Realm;

describe('deploy/keycloak/realm-gba.json', () => {
  it('is what the identities generate (run `npm run realm:export` after changing them)', async () => {
    expect(readFileSync(REALM_FILE, 'utf8')).toBe(await realmJson());
  });

  it('has realm gba with the five roles', () => {
    expect(realm.realm).toBe('gba');
    expect(realm.roles.realm.map((r) => r.name)).toEqual([...ROLES]);
  });

  it('has every user of the dev identity provider, with their roles and claim attributes', async () => {
    const persons = (await loadDataset()).find((b) => b.label === 'Person')?.records ?? [];
    for (const u of allUsers(persons.map((p) => p.id))) {
      const exported = realm.users.find((x) => x.username === u.username);
      expect(exported?.realmRoles).toEqual(u.roles);
      if (u.jurisdiction) expect(exported?.attributes.jurisdiction).toEqual([u.jurisdiction]);
      if (u.agency) expect(exported?.attributes.agency).toEqual([u.agency]);
      if (u.personId) expect(exported?.attributes.person_id).toEqual([u.personId]);
    }
    expect(realm.users.filter((u) => u.realmRoles.includes('resident'))).toHaveLength(persons.length);
  });

  it('has a demo official for every agency that owns a service, practice or announcement', async () => {
    const dataset = await loadDataset();
    const agencies = new Map(
      (dataset.find((b) => b.label === 'Agency')?.records ?? []).map((a) => [
        a.id,
        (a as { jurisdiction: string }).jurisdiction,
      ]),
    );
    const owners = new Set(
      dataset
        .filter((b) => ['Service', 'Practice', 'Announcement'].includes(b.label))
        .flatMap((b) => b.records.map((r) => (r as { agency: string }).agency)),
    );
    expect(owners.size).toBeGreaterThan(10);
    const users = allUsers([]);
    for (const agency of owners) {
      const official = {
        username: `${agency}-official`,
        roles: ['official'],
        jurisdiction: agencies.get(agency),
        agency,
      };
      expect(users).toContainEqual(official);
      expect(realm.users.find((u) => u.username === official.username)).toMatchObject({
        realmRoles: ['official'],
        attributes: { jurisdiction: [official.jurisdiction], agency: [agency] },
      });
    }
  });

  it('has one confidential client per partner system, its service account carrying jurisdiction and agency', () => {
    for (const c of PARTNER_CLIENTS) {
      const client = realm.clients.find((x) => x.clientId === c.clientId);
      expect(client).toMatchObject({ serviceAccountsEnabled: true, directAccessGrantsEnabled: false });
      const account = realm.users.find((u) => u.serviceAccountClientId === c.clientId);
      expect(account).toMatchObject({
        realmRoles: ['partner-system'],
        attributes: { jurisdiction: [c.jurisdiction], agency: [c.agency] },
      });
    }
  });

  it('maps jurisdiction, agency, person_id and the API audience into the access token of every token-issuing client', () => {
    for (const client of realm.clients.filter((c) => !c.bearerOnly)) {
      const mappers = client.protocolMappers ?? [];
      expect(mappers.find((m) => m.protocolMapper === 'oidc-audience-mapper')?.config['included.client.audience']).toBe(
        API_AUDIENCE,
      );
      for (const claim of ['jurisdiction', 'agency', 'person_id']) {
        expect(mappers.find((m) => m.config['claim.name'] === claim)?.config['access.token.claim']).toBe('true');
      }
    }
  });

  it('has the console as a public client with the code flow, PKCE S256 required and the dev twin’s redirect URIs', () => {
    const client = realm.clients.find((c) => c.clientId === CONSOLE_CLIENT);
    const expected = consoleClient([]);
    expect(client).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      redirectUris: [...expected.redirectUris],
      webOrigins: [...expected.webOrigins],
      attributes: {
        'pkce.code.challenge.method': 'S256',
        'post.logout.redirect.uris': expected.postLogoutRedirectUris.join('##'),
      },
    });
    expect(client?.redirectUris).toContain('http://localhost:4000/*');
  });

  it('names a configured gateway origin among the console’s redirect URIs', async () => {
    const other = JSON.parse(await realmJson(['https://gba.example.gov.hk'])) as Realm;
    const client = other.clients.find((c) => c.clientId === CONSOLE_CLIENT);
    expect(client?.redirectUris).toContain('https://gba.example.gov.hk/*');
    expect(client?.webOrigins).toContain('https://gba.example.gov.hk');
  });

  it('rotates refresh tokens, refusing a spent one, as the dev identity provider does', () => {
    expect(realm).toMatchObject({ revokeRefreshToken: true, refreshTokenMaxReuse: 0 });
  });
});
