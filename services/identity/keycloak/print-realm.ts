/**
 * `npm run realm:export`: writes deploy/keycloak/realm-gba.json from the identities and the sample
 * persons. With PUBLIC_URL set, the console's redirect URIs also name that gateway origin.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../graph/seed/dataset.js';
import { projectPath } from '../../shared/project-path.js';
import { allUsers } from '../identities.js';
import { realmExport } from './realm-export.js';

export const REALM_FILE = projectPath('deploy', 'keycloak', 'realm-gba.json');

export async function realmJson(consoleOrigins: readonly string[] = []): Promise<string> {
  const persons = (await loadDataset()).find((b) => b.label === 'Person')?.records ?? [];
  return `${JSON.stringify(realmExport(allUsers(persons.map((p) => p.id)), consoleOrigins), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(REALM_FILE), { recursive: true });
  writeFileSync(REALM_FILE, await realmJson(process.env.PUBLIC_URL ? [process.env.PUBLIC_URL] : []));
  process.stdout.write(`wrote ${REALM_FILE}\n`);
}
