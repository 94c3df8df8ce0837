/**
 * Reads the sample data set (`deploy/seed/gba/`, a copy of the curated GBA data) and checks it against
 * the canonical model: every record against its zod schema, every reference against the records.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NODE_SCHEMAS, type NodeLabel } from '../../../schema/domain/index.js';
import { RELATIONS } from '../../../schema/domain/relations.js';
import { projectPath } from '../../shared/project-path.js';
import type { NodeBatch } from '../graph-store.port.js';

/** The project's own copy of the sample data set. */
export const DEFAULT_SEED_DIR = `${projectPath('deploy', 'seed', 'gba')}/`;

/** Files in write order: a record's references come before it. */
const FILES: readonly [NodeLabel, string][] = [
  ['Jurisdiction', 'jurisdictions.json'],
  ['Agency', 'agencies.json'],
  ['Topic', 'topics.json'],
  ['Service', 'services.json'],
  ['Practice', 'practices.json'],
  ['Person', 'persons.json'],
  ['Case', 'cases.json'],
  ['Consent', 'consents.json'],
  ['Announcement', 'announcements.json'],
];

export class DatasetError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the data set has ${problems.length} problem(s):\n  ${problems.slice(0, 20).join('\n  ')}`);
    this.name = 'DatasetError';
  }
}

export async function loadDataset(dir: string = DEFAULT_SEED_DIR): Promise<NodeBatch[]> {
  const problems: string[] = [];
  const batches: NodeBatch[] = [];
  for (const [label, file] of FILES) {
    const raw: unknown = JSON.parse(await readFile(join(dir, file), 'utf8'));
    if (!Array.isArray(raw)) {
      problems.push(`${file}: expected a JSON array`);
      continue;
    }
    const records = [];
    for (const [i, item] of raw.entries()) {
      const parsed = NODE_SCHEMAS[label].safeParse(item);
      if (parsed.success) records.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          problems.push(`${file}[${i}].${issue.path.join('.')}: ${issue.message}`);
    }
    batches.push({ label, records } as NodeBatch);
  }
  // References are checked only among valid records: a bad record would make every reference to it dangle too.
  if (problems.length === 0) problems.push(...danglingReferences(batches));
  if (problems.length > 0) throw new DatasetError(problems);
  return batches;
}

function danglingReferences(batches: readonly NodeBatch[]): string[] {
  const ids = new Map(batches.map((b) => [b.label, new Set(b.records.map((r) => r.id))]));
  const problems: string[] = [];
  for (const { label, records } of batches) {
    for (const rel of RELATIONS.filter((r) => r.from === label)) {
      for (const record of records) {
        const value = (record as unknown as Record<string, unknown>)[rel.field];
        const targets = Array.isArray(value) ? value : value == null ? [] : [value];
        for (const target of targets as string[]) {
          if (!ids.get(rel.to)?.has(target))
            problems.push(`${label} ${record.id}.${rel.field}: no ${rel.to} "${target}"`);
        }
      }
    }
  }
  return problems;
}
