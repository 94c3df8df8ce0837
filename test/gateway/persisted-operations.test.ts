/**
 * Allow-list mode: only operations whose SHA-256 is on the list run, named by hash; any other
 * document is refused with BAD_USER_INPUT before it is parsed. The list file is checked at start.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPersistedOperations, operationHash } from '../../services/gateway/persisted-operations.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const known = '{ jurisdictions { id } }';
let fixture: GatewayFixture;
beforeAll(async () => {
  const file = join(dir.path, 'ops.json');
  writeFileSync(file, JSON.stringify({ [operationHash(known)]: known }));
  fixture = await startGatewayFixture({ gateway: { persistedOperations: loadPersistedOperations(file) } });
});
afterAll(async () => {
  await fixture?.close();
  dir.remove();
});

const post = (body: unknown) =>
  fixture.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
const persisted = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

describe('persisted operations (allow-list mode)', () => {
  it('runs a listed operation named by its hash', async () => {
    const response = await post(persisted(operationHash(known)));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { jurisdictions: unknown[] } }).data.jurisdictions).toHaveLength(5);
  });

  it('refuses an unknown hash', async () => {
    const response = await post(persisted('0'.repeat(64)));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'BAD_USER_INPUT' } }],
    });
  });

  it('refuses a document sent as text, even one on the list', async () => {
    const response = await post({ query: known });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('checks the list file: a key that is not the hash of its operation stops the start', () => {
    const file = join(dir.path, 'bad.json');
    writeFileSync(file, JSON.stringify({ ['a'.repeat(64)]: known }));
    expect(() => loadPersistedOperations(file)).toThrow(
      `PERSISTED_OPERATIONS: ${'a'.repeat(64)} is not the SHA-256 of its operation (${operationHash(known)} is)`,
    );
  });
});
