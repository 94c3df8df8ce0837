/** The identity-provider contract on the embedded twin: the dev identity provider over real HTTP. */
import { afterAll } from 'vitest';
import { identityProviderContract } from '../contracts/identity-provider.contract.js';
import { type DevIdpFixture, startDevIdp } from '../support/dev-idp-fixture.js';

let idp: DevIdpFixture | undefined;
afterAll(() => idp?.close());

identityProviderContract('dev identity provider', async () => {
  idp = await startDevIdp();
  const secrets = idp.secrets;
  return { url: idp.url, secretOf: async (clientId) => secrets[clientId] as string };
});
