/**
 * The allow-list of operations for production: a JSON file mapping each operation's SHA-256 (hex, of
 * the exact document text) to the document. In allow-list mode the gateway runs only these, named by
 * hash in the Apollo persisted-query form (`extensions.persistedQuery.sha256Hash`) or as `documentId`;
 * any other document is refused before parsing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';

export type PersistedOperations = ReadonlyMap<string, string>;

export const operationHash = (document: string): string => createHash('sha256').update(document).digest('hex');

/** Reads and checks the file: every key the hash of its document, every document parses. */
export function loadPersistedOperations(path: string): PersistedOperations {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`PERSISTED_OPERATIONS: cannot read ${path} as JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(`PERSISTED_OPERATIONS: ${path} must hold an object of hash → operation`);
  const out = new Map<string, string>();
  for (const [hash, document] of Object.entries(raw)) {
    if (typeof document !== 'string') throw new Error(`PERSISTED_OPERATIONS: ${hash} maps to a non-string`);
    if (operationHash(document) !== hash)
      throw new Error(
        `PERSISTED_OPERATIONS: ${hash} is not the SHA-256 of its operation (${operationHash(document)} is)`,
      );
    try {
      parse(document);
    } catch (error) {
      throw new Error(`PERSISTED_OPERATIONS: the operation ${hash} does not parse (${(error as Error).message})`);
    }
    out.set(hash, document);
  }
  return out;
}
