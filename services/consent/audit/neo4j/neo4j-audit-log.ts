/**
 * The audit log on Neo4j, for deployments with many replicas: every process appends to one chain.
 * An append is one write transaction that first writes the `AuditHead` node (taking its lock, so
 * concurrent appenders queue), hashes the new records onto the head's hash, creates them and moves
 * the head. Neo4j has no triggers: tampering is caught by `verify` (the hash chain), and deleting
 * records should be denied by role (Enterprise RBAC: DENY DELETE ON GRAPH … NODES AuditRecord).
 * The records hold the same canonical body as the SQLite log, so both verify alike.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import {
  type AuditEntry,
  type AuditFilter,
  type AuditLog,
  type AuditPage,
  type AuditRecord,
  auditBounds,
  type ChainHead,
  ChainVerifier,
  chainHash,
  GENESIS_HASH,
  type IndexedFields,
  parseStoredEntry,
  recordBody,
  type VerifyResult,
} from '../audit-log.port.js';
import * as cypher from './cypher.js';

export interface Neo4jAuditLogOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
}

const HEAD = 'audit-chain';
/** Records per page when verifying: the chain is never held in memory whole. */
const PAGE = 10_000;

interface Row {
  seq: number;
  entry: string;
  prevHash: string;
  hash: string;
}

export class Neo4jAuditLog implements AuditLog {
  private readonly driver: Driver;
  private readonly database: string;
  private ready: Promise<void> | undefined;

  constructor({ url, username, password, database }: Neo4jAuditLogOptions) {
    this.driver = neo4j.driver(url, neo4j.auth.basic(username, password), { disableLosslessIntegers: true });
    this.database = database;
  }

  /** Constraints, index and the head node, once per process (idempotent). */
  private init(): Promise<void> {
    this.ready ??= (async () => {
      for (const statement of cypher.AUDIT_SCHEMA) {
        await this.driver.executeQuery(
          statement,
          { id: HEAD, genesis: GENESIS_HASH },
          { database: this.database, routing: neo4j.routing.WRITE },
        );
      }
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async append(entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    await this.init();
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(async (tx) => {
        const head = (await tx.run(cypher.LOCK_HEAD, { id: HEAD, at: new Date().toISOString() })).records[0];
        if (!head) throw new Error('the audit chain head is missing; was the audit log initialised?');
        let seq = head.get('seq') as number;
        let prev = head.get('hash') as string;
        const rows: (Row & { subject: string; at: string; agency: string | null; decision: string })[] = [];
        const appended = entries.map((entry) => {
          seq++;
          const body = recordBody(seq, entry);
          const hash = chainHash(prev, body);
          // `at` kept in UTC as a property, so a time range compares like with like.
          rows.push({
            seq,
            subject: entry.subject,
            at: new Date(entry.at).toISOString(),
            // Kept as properties, so the auditors' filters need no parsing of the entry.
            agency: entry.actor.agency ?? null,
            decision: entry.decision,
            entry: body,
            prevHash: prev,
            hash,
          });
          const record = { ...entry, seq, prevHash: prev, hash };
          prev = hash;
          return record;
        });
        // Sequence numbers stored as Neo4j integers (a plain JS number would be stored as a float).
        const records = rows.map((r) => ({ ...r, seq: neo4j.int(r.seq) }));
        if (rows.length > 0) await tx.run(cypher.APPEND, { records, id: HEAD, seq: neo4j.int(seq), hash: prev });
        return appended;
      });
    } finally {
      await session.close();
    }
  }

  private async page(query: string, params: Record<string, unknown>): Promise<Row[]> {
    await this.init();
    const { records } = await this.driver.executeQuery(query, params, {
      database: this.database,
      routing: neo4j.routing.READ,
    });
    return records.map((r) => r.toObject() as unknown as Row);
  }

  async bySubject(subject: string, { first, before, ...filter }: AuditPage): Promise<AuditRecord[]> {
    const [since, until] = auditBounds(filter);
    const rows = await this.page(cypher.BY_SUBJECT, {
      subject,
      before: neo4j.int(before ?? Number.MAX_SAFE_INTEGER),
      since,
      until,
      agency: filter.agency ?? null,
      decision: filter.decision ?? null,
      first: neo4j.int(first),
    });
    // The subject property finds the records; the hashed entry decides (an edited property shows no one
    // another's record; verify names it).
    return rows
      .map((r) => ({ ...parseStoredEntry(r.entry), seq: r.seq, prevHash: r.prevHash, hash: r.hash }))
      .filter((r) => r.subject === subject);
  }

  async countBySubject(subject: string, filter: AuditFilter = {}): Promise<number> {
    await this.init();
    const [since, until] = auditBounds(filter);
    const { records } = await this.driver.executeQuery(
      cypher.COUNT_BY_SUBJECT,
      { subject, since, until, agency: filter.agency ?? null, decision: filter.decision ?? null },
      { database: this.database, routing: neo4j.routing.READ },
    );
    return (records[0]?.get('total') as number | undefined) ?? 0;
  }

  async head(): Promise<ChainHead> {
    const [row] = await this.page(cypher.HEAD, { id: HEAD });
    return { length: Number(row?.seq ?? 0), hash: row?.hash ?? GENESIS_HASH };
  }

  async verify(): Promise<VerifyResult> {
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const rows = await this.page(cypher.CHAIN_PAGE, { after: neo4j.int(after), first: neo4j.int(PAGE) });
      for (const r of rows) {
        const { subject, at, agency, decision } = r as Row & IndexedFields;
        const entry = parseStoredEntry(r.entry);
        // Records appended before `at`, agency and decision were kept as properties have them null.
        const indexed = {
          subject,
          at: at ?? undefined,
          agency: agency === null && at == null ? undefined : agency,
          decision: decision ?? undefined,
        };
        if (!verifier.push({ seq: r.seq, prevHash: r.prevHash, hash: r.hash, entry, indexed })) {
          return verifier.result();
        }
      }
      if (rows.length < PAGE) return verifier.result();
      after = rows.at(-1)?.seq ?? after;
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
