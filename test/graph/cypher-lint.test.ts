/**
 * Neo4j cannot run here, so every Cypher statement the adapters (graph store, audit log) can send is checked by Neo4j's own
 * linter, with the adapter's labels, relationship types, properties and parameters declared. No
 * error-level diagnostic and no unknown label or relationship type is allowed.
 */
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { describe, expect, it } from 'vitest';
import { NODE_LABELS } from '../../schema/domain/index.js';
import { FILTERABLE, type FieldKind } from '../../schema/domain/queryable.js';
import { RELATIONS } from '../../schema/domain/relations.js';
import * as audit from '../../services/consent/audit/neo4j/cypher.js';
import { MAX_TRAVERSAL_DEPTH, type Predicate } from '../../services/graph/graph-store.port.js';
import * as cypher from '../../services/graph/neo4j/cypher.js';

const filterFields = Object.values(FILTERABLE).flatMap((f) => Object.keys(f));

const dbSchema = {
  labels: [...NODE_LABELS, ...cypher.LEDGER_LABELS, ...audit.AUDIT_LABELS],
  relationshipTypes: [...new Set(RELATIONS.map((r) => r.type))],
  // from and to are the keys of the $pairs maps, read as properties by the linter.
  propertyKeys: [
    ...['id', 'data', 'writtenAt', 'searchTitle', 'searchBody', 'from', 'to', ...new Set(filterFields)],
    // The event ledger's nodes.
    ...['key', 'source', 'digest', 'time', 'disposition', 'topic', 'partition', 'offset', 'eventId', 'reason'],
    ...['value', 'headers', 'enqueuedAt', 'position', 'claimant', 'claimedUntil'],
    // The audit log's nodes.
    ...['seq', 'subject', 'at', 'agency', 'decision', 'entry', 'prevHash', 'hash', 'lockedAt'],
  ],
  parameters: {
    rows: [{ id: 'x', data: '{}', props: {} }],
    at: '2026-01-01T00:00:00Z',
    ids: ['x'],
    pairs: [{ from: 'a', to: 'b' }],
    after: '',
    limit: 21,
    id: 'x',
    query: 'drive',
    labels: ['Service'],
    jurisdictions: ['HK'],
    first: 10,
    p0: ['x'],
    p1: true,
    p2: '2026-01-01',
    keys: ['x'],
    topic: 'gba.inbound.hk',
    partition: 0,
    from: 0,
    to: 10,
    genesis: '0',
    records: [{ seq: 1, subject: 'p-0001', entry: '{}', prevHash: '0', hash: '1' }],
    seq: 1,
    before: 10,
    since: '',
    until: '\uffff',
    hash: '1',
    subject: 'p-0001',
    agency: 'hk-td',
    decision: 'deny',
    now: 0,
    claimant: 'host/1/x',
    orphans: ['host/2/y'],
  },
};

function predicateFor(field: string, kind: FieldKind): Predicate[] {
  switch (kind) {
    case 'scalar':
      return [
        { field, op: 'in', values: ['x'] },
        { field, op: 'gte', value: '2026-01-01' },
      ] as Predicate[];
    case 'list':
      return [{ field, op: 'containsAny', values: ['x'] }] as Predicate[];
    case 'boolean':
      return [{ field, op: 'eq', value: true }] as Predicate[];
  }
}

/** Every statement text the adapter can produce, named for the report. */
function everyStatement(): [string, string][] {
  const out: [string, string][] = [];
  for (const s of cypher.schemaStatements()) out.push(['schema', s]);
  for (const s of cypher.ledgerSchemaStatements()) out.push(['ledger schema', s]);
  for (const [name, s] of Object.entries(cypher.LEDGER)) out.push([`ledger ${name}`, s]);
  out.push(
    ['ping', cypher.PING],
    ['search', cypher.search()],
    ['consents without granter', cypher.CONSENTS_WITHOUT_GRANTER],
  );
  for (const [i, s] of audit.AUDIT_STATEMENTS.entries()) out.push([`audit log ${i}`, s]);
  for (const l of NODE_LABELS) {
    out.push(
      [`upsert ${l}`, cypher.upsertNodes(l)],
      [`drop edges ${l}`, cypher.dropOutgoing(l)],
      [`get ${l}`, cypher.getByIds(l)],
      [`count ${l}`, cypher.countLabel(l)],
    );
    const unfiltered = cypher.findStatements(l, []);
    out.push([`find ${l}`, unfiltered.page], [`count found ${l}`, unfiltered.count]);
    for (const [field, kind] of Object.entries(FILTERABLE[l] as Record<string, FieldKind>)) {
      for (const p of predicateFor(field, kind)) {
        // One predicate in slot p0 for its value kind: the linter checks the parameter exists.
        const slot = p.op === 'eq' ? 'p1' : p.op === 'gte' ? 'p2' : 'p0';
        const statements = cypher.findStatements(l, [p]);
        out.push([`find ${l} ${field} ${p.op}`, statements.page.replaceAll('$p0', `$${slot}`)]);
      }
    }
  }
  for (const r of RELATIONS) {
    out.push([`merge ${r.from}-${r.type}->${r.to}`, cypher.mergeEdges(r)]);
    for (const direction of ['out', 'in'] as const) {
      out.push([`related ${r.from} ${r.type} ${direction}`, cypher.related(r.from, { type: r.type, direction })]);
      if (r.from === r.to) {
        for (const depth of [1, MAX_TRAVERSAL_DEPTH]) {
          out.push([
            `traverse ${r.type} ${direction} ${depth}`,
            cypher.traverse(r.from, { type: r.type, direction }, depth),
          ]);
        }
      }
    }
  }
  return out;
}

describe('the Neo4j adapter’s Cypher', () => {
  const statements = everyStatement();

  it('covers every kind of statement the adapter sends', () => {
    expect(statements.length).toBeGreaterThan(100);
  });

  it.each(statements)('%s passes Neo4j’s linter', (_name, statement) => {
    const { diagnostics } = lintCypherQuery(statement, dbSchema);
    const problems = diagnostics
      .filter((d) => d.severity === 1 || /is not present in the database/.test(String(d.message)))
      .map((d) => d.message);
    expect(problems).toEqual([]);
  });

  it('refuses a traversal depth Cypher could not take, before sending anything', () => {
    expect(() => cypher.traverse('Practice', { type: 'INSPIRED_BY', direction: 'out' }, 0)).toThrow(/1 to 10/);
    expect(() => cypher.traverse('Practice', { type: 'INSPIRED_BY', direction: 'out' }, 2.5)).toThrow(/integer/);
    expect(() => cypher.traverse('Practice', { type: 'INSPIRED_BY', direction: 'out' }, 11)).toThrow();
  });

  it('refuses a field, label or relationship type outside the fixed lists', () => {
    expect(() =>
      cypher.findStatements('Service', [
        { field: 'x) DETACH DELETE n //', op: 'eq', value: true } as unknown as Predicate,
      ]),
    ).toThrow(/not filterable/);
    expect(() => cypher.related('Service', { type: 'KNOWS', direction: 'out' })).toThrow(/unknown relationship/);
  });

  it('would catch a parameter used as a variable-length bound (the linter works here)', () => {
    const bad = 'MATCH (a:Practice {id: $id})-[:INSPIRED_BY*1..$depth]->(b:Practice) RETURN b.id';
    const { diagnostics } = lintCypherQuery(bad, { ...dbSchema, parameters: { ...dbSchema.parameters, depth: 3 } });
    expect(diagnostics.some((d) => d.severity === 1)).toBe(true);
  });
});
