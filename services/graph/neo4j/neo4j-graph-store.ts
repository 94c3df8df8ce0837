/**
 * Production graph store on Neo4j 5 (neo4j-driver). Constraints and indexes are created
 * idempotently at start, writes are batched with UNWIND in one write transaction, every query is
 * parameterised, the database is named on every call and reads are routed as READ (so a cluster
 * serves them from followers). All Cypher comes from ./cypher.ts, which the lint test checks.
 */
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { type Consent, NODE_LABELS, type NodeLabel, type NodeOf } from '../../../schema/domain/index.js';
import { edgesOf, relationsFrom } from '../../../schema/domain/relations.js';
import { derivedGranter } from '../consent-granter.js';
import {
  CONSENTS_OF_MAX,
  clockKey,
  DeliveredMeanwhile,
  type EventCommit,
  eventKey,
  type FindQuery,
  type FindResult,
  type GraphStore,
  type NodeBatch,
  type OutboxClaim,
  type OutboxMessage,
  type Page,
  type Predicate,
  type ProcessedEvent,
  ProcessedMeanwhile,
  type Reached,
  type Receipt,
  type RelationQuery,
  type SearchHit,
  type SearchQuery,
  type WriteResult,
} from '../graph-store.port.js';
import { candidatePool, rankCandidates } from '../search/rank.js';
import * as cypher from './cypher.js';
import { luceneQuery } from './lucene.js';
import { nodeProperties } from './properties.js';

export interface Neo4jGraphStoreOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  readonly now?: () => Date;
}

/** Rows per UNWIND statement: large enough to amortise round trips, small enough for the heap. */
const BATCH = 1000;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const outboxMessage = (r: { toObject(): unknown }): OutboxMessage => {
  const m = r.toObject() as Omit<OutboxMessage, 'headers'> & { headers: string };
  return { ...m, headers: JSON.parse(m.headers) as Record<string, string> };
};

type ReceiptRange = { topic: string; partition: number; from: string; to: string };
const rangeParams = ({ topic, partition, from, to }: ReceiptRange) => ({
  topic,
  partition: neo4j.int(partition),
  from: neo4j.int(from),
  to: neo4j.int(to),
});

export class Neo4jGraphStore implements GraphStore {
  readonly engine = 'neo4j';
  private readonly driver: Driver;
  private readonly database: string;
  private readonly now: () => Date;

  constructor({ url, username, password, database, now = () => new Date() }: Neo4jGraphStoreOptions) {
    this.driver = neo4j.driver(url, neo4j.auth.basic(username, password), { disableLosslessIntegers: true });
    this.database = database;
    this.now = now;
  }

  private async read(query: string, params: Record<string, unknown> = {}) {
    const { records } = await this.driver.executeQuery(query, params, {
      database: this.database,
      routing: neo4j.routing.READ,
    });
    return records;
  }

  async init(): Promise<void> {
    for (const statement of [...cypher.schemaStatements(), ...cypher.ledgerSchemaStatements()]) {
      await this.driver.executeQuery(statement, {}, { database: this.database, routing: neo4j.routing.WRITE });
    }
    await this.deriveGranters();
  }

  /** Gives each consent stored before `grantedBy` was kept its granter (../consent-granter.ts), once. */
  private async deriveGranters(): Promise<void> {
    const rows = await this.read(cypher.CONSENTS_WITHOUT_GRANTER);
    if (rows.length === 0) return;
    const consents = rows.map((r) => JSON.parse(r.get('data') as string) as Consent);
    const agencies = await this.getByIds('Agency', [...new Set(consents.map((c) => c.controller))]);
    const jurisdictionOf = new Map(agencies.flatMap((a) => (a ? [[a.id, a.jurisdiction] as const] : [])));
    const records = consents.map((c) => ({
      ...c,
      grantedBy: derivedGranter(c, jurisdictionOf.get(c.controller) ?? null),
    }));
    await this.write([{ label: 'Consent', records }]);
  }

  async ping(): Promise<void> {
    await this.read(cypher.PING);
  }

  async write(batches: readonly NodeBatch[]): Promise<WriteResult> {
    return this.inWriteTransaction((tx) => this.writeNodes(tx, batches));
  }

  private async inWriteTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(work);
    } finally {
      await session.close();
    }
  }

  private async writeNodes(tx: ManagedTransaction, batches: readonly NodeBatch[]): Promise<WriteResult> {
    const at = this.now().toISOString();
    let changed = 0;
    let total = 0;
    const changedByLabel: [NodeLabel, NodeOf<NodeLabel>[]][] = [];
    // Nodes first, relationships after: a relationship may point at a node later in the same write.
    for (const { label, records } of batches) {
      total += records.length;
      const byId = new Map(records.map((r) => [r.id, r]));
      const ids: string[] = [];
      for (const rows of chunks(records.map((r) => nodeProperties(label, r)))) {
        const result = await tx.run(cypher.upsertNodes(label), { rows, at });
        ids.push(...result.records.map((r) => r.get('id') as string));
      }
      changed += ids.length;
      changedByLabel.push([label, ids.map((id) => byId.get(id) as NodeOf<NodeLabel>)]);
    }
    for (const [label, records] of changedByLabel) await this.replaceEdges(tx, label, records);
    return { changed, unchanged: total - changed };
  }

  async processed(keys: readonly string[]): Promise<Map<string, ProcessedEvent>> {
    if (keys.length === 0) return new Map();
    const records = await this.read(cypher.LEDGER.processed, { keys: [...keys] });
    return new Map(
      records.map((r) => {
        const p = r.toObject() as ProcessedEvent;
        return [eventKey(p.source, p.id), p];
      }),
    );
  }

  async clocks(refs: readonly { label: NodeLabel; id: string }[]): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const records = await this.read(cypher.LEDGER.clocks, { keys: refs.map((r) => clockKey(r.label, r.id)) });
    return new Map(records.map((r) => [r.get('key') as string, r.get('time') as string]));
  }

  async commitEvents({ nodes, clocks, processed, receipts, outbox }: EventCommit): Promise<void> {
    const enqueuedAt = this.now().toISOString();
    await this.inWriteTransaction(async (tx) => {
      for (const rows of chunks(processed.map((p) => ({ ...p, key: eventKey(p.source, p.id) })))) {
        const result = await tx.run(cypher.LEDGER.createProcessed, { rows });
        const taken = result.records.find((r) => ![null, 'rejected'].includes(r.get('before') as string | null));
        if (taken) {
          const [source = '', id = ''] = (taken.get('key') as string).split('\u0000');
          throw new ProcessedMeanwhile(source, id);
        }
      }
      await this.writeNodes(tx, nodes);
      for (const rows of chunks(clocks.map((c) => ({ key: clockKey(c.label, c.id), time: c.time }))))
        await tx.run(cypher.LEDGER.setClocks, { rows });
      const receiptRows = receipts.map((r) => ({
        ...r,
        key: `${r.topic}/${r.partition}/${r.offset}`,
        offset: neo4j.int(r.offset),
        partition: neo4j.int(r.partition),
      }));
      for (const rows of chunks(receiptRows)) {
        // A message already receipted was handled meanwhile by another consumer: nothing is written.
        const result = await tx.run(cypher.LEDGER.setReceipts, { rows });
        const taken = result.records.find((r) => r.get('taken') === true);
        const row = taken && rows.find((r) => r.key === taken.get('key'));
        if (row) throw new DeliveredMeanwhile(row.topic, row.partition.toNumber(), row.offset.toString());
      }
      const outboxRows = outbox.map((m, position) => ({
        ...m,
        headers: JSON.stringify(m.headers),
        enqueuedAt,
        position: neo4j.int(position),
      }));
      for (const rows of chunks(outboxRows)) await tx.run(cypher.LEDGER.enqueue, { rows });
    });
  }

  async pendingOutbox(limit: number): Promise<OutboxMessage[]> {
    return (await this.read(cypher.LEDGER.pendingOutbox, { limit: neo4j.int(limit) })).map(outboxMessage);
  }

  /** The claim is written in the same transaction that chose the messages (write locks held to its end). */
  async claimOutbox({ limit, claimant, now, leaseMs, orphans = [] }: OutboxClaim): Promise<OutboxMessage[]> {
    const until = neo4j.int(now + leaseMs);
    const params = { limit: neo4j.int(limit), claimant, now: neo4j.int(now), until, orphans: [...orphans] };
    const result = await this.inWriteTransaction((tx) => tx.run(cypher.LEDGER.claimOutbox, params));
    return result.records.map(outboxMessage);
  }

  async outboxClaimants(): Promise<string[]> {
    return (await this.read(cypher.LEDGER.outboxClaimants)).map((r) => r.get('claimant') as string);
  }

  async releaseOutbox(ids: readonly string[], claimant: string): Promise<void> {
    if (ids.length === 0) return;
    await this.inWriteTransaction((tx) => tx.run(cypher.LEDGER.releaseOutbox, { ids: [...ids], claimant }));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.inWriteTransaction((tx) => tx.run(cypher.LEDGER.markPublished, { ids: [...ids] }));
  }

  async receipts(range: ReceiptRange) {
    const records = await this.read(cypher.LEDGER.receipts, rangeParams(range));
    return records.map((r) => {
      const row = r.toObject() as Omit<Receipt, 'offset'> & { offset: number };
      return { ...row, offset: String(row.offset) };
    });
  }

  async receiptCounts(range: ReceiptRange) {
    const records = await this.read(cypher.LEDGER.receiptCounts, rangeParams(range));
    return records.map((r) => ({
      disposition: r.get('disposition') as Receipt['disposition'],
      reason: r.get('reason') as string | null,
      count: Number(r.get('count')),
    }));
  }

  private async replaceEdges(tx: ManagedTransaction, label: NodeLabel, records: NodeOf<NodeLabel>[]): Promise<void> {
    if (records.length === 0) return;
    for (const ids of chunks(records.map((r) => r.id))) await tx.run(cypher.dropOutgoing(label), { ids });
    const edges = records.flatMap((r) => edgesOf(label, r));
    for (const relation of relationsFrom(label)) {
      const pairs = edges
        .filter((e) => e.type === relation.type && e.toLabel === relation.to)
        .map((e) => ({ from: e.from, to: e.to }));
      for (const chunk of chunks(pairs)) await tx.run(cypher.mergeEdges(relation), { pairs: chunk });
    }
  }

  async getByIds<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeOf<L> | null)[]> {
    if (ids.length === 0) return [];
    const records = await this.read(cypher.getByIds(label), { ids: [...ids] });
    const byId = new Map(records.map((r) => [r.get('id') as string, JSON.parse(r.get('data') as string) as NodeOf<L>]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list<L extends NodeLabel>(label: L, page: Page): Promise<NodeOf<L>[]> {
    return (await this.find(label, { ...page, where: [] })).records;
  }

  async find<L extends NodeLabel>(label: L, { where, first, after }: FindQuery<L>): Promise<FindResult<NodeOf<L>>> {
    const { page, count, params } = cypher.findStatements(label, where as readonly Predicate[]);
    const [rows, totals] = await Promise.all([
      this.read(page, { ...params, after: after ?? '', limit: neo4j.int(first + 1) }),
      this.read(count, params),
    ]);
    return {
      records: rows.slice(0, first).map((r) => JSON.parse(r.get('data') as string) as NodeOf<L>),
      totalCount: (totals[0]?.get('total') as number | undefined) ?? 0,
      hasNextPage: rows.length > first,
    };
  }

  async consentsOf(subject: string): Promise<readonly Consent[]> {
    const where = [{ field: 'subject' as const, op: 'in' as const, values: [subject] }];
    return (await this.find('Consent', { where, first: CONSENTS_OF_MAX })).records;
  }

  async related(label: NodeLabel, ids: readonly string[], relation: RelationQuery): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    for (const r of await this.read(cypher.related(label, relation), { ids: [...ids] })) {
      out.get(r.get('key') as string)?.push(r.get('id') as string);
    }
    return out;
  }

  async traverse(
    label: NodeLabel,
    id: string,
    { maxDepth, ...relation }: RelationQuery & { maxDepth: number },
  ): Promise<Reached[]> {
    const records = await this.read(cypher.traverse(label, relation, maxDepth), { id });
    return records.map((r) => ({ id: r.get('id') as string, depth: r.get('depth') as number }));
  }

  async search({ text, labels, first, jurisdictions }: SearchQuery): Promise<SearchHit[]> {
    const query = luceneQuery(text);
    if (!query || labels.length === 0) return [];
    const records = await this.read(cypher.search(), {
      query,
      labels: [...labels],
      jurisdictions: jurisdictions?.length ? [...jurisdictions] : null,
      first: neo4j.int(candidatePool(first)),
    });
    const candidates = records.map((r) => ({
      label: r.get('label') as SearchHit['label'],
      id: r.get('id') as string,
      score: r.get('score') as number,
      title: r.get('title') as string,
      body: r.get('body') as string,
    }));
    return rankCandidates(text, candidates, first);
  }

  async counts(): Promise<Record<NodeLabel, number>> {
    const entries = await Promise.all(
      NODE_LABELS.map(async (l) => [l, ((await this.read(cypher.countLabel(l)))[0]?.get('total') as number) ?? 0]),
    );
    return Object.fromEntries(entries) as Record<NodeLabel, number>;
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
