import { derivedGranterSql } from '../consent-granter.js';

/**
 * Versioned schema of the embedded graph store. Append a migration; never edit one that has shipped:
 * a store records the versions it applied and runs only the ones after them.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'nodes and edges',
    sql: `
      CREATE TABLE node (
        rowid INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)),
        written_at TEXT NOT NULL,
        UNIQUE (label, id)
      );
      CREATE TABLE edge (
        from_label TEXT NOT NULL,
        from_id TEXT NOT NULL,
        type TEXT NOT NULL,
        to_label TEXT NOT NULL,
        to_id TEXT NOT NULL,
        PRIMARY KEY (from_label, from_id, type, to_label, to_id)
      ) WITHOUT ROWID;
      CREATE INDEX edge_incoming ON edge (to_label, to_id, type);
    `,
  },
  {
    version: 2,
    name: 'full-text search and filter indexes',
    sql: `
      -- Documents hold normalised terms (services/graph/search/text.ts), one token each for unicode61;
      -- kind holds one token (kservice, kpractice, kannouncement) so a kind filter is part of the MATCH.
      CREATE VIRTUAL TABLE search_fts USING fts5 (title, body, kind, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)');
      CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_fts, row);
      CREATE INDEX node_jurisdiction ON node (label, json_extract(data, '$.jurisdiction'), id);
      CREATE INDEX node_agency ON node (label, json_extract(data, '$.agency'), id);
      CREATE INDEX edge_by_type ON edge (from_label, type, to_id);
    `,
  },
  {
    version: 3,
    name: 'index consents by subject',
    sql: `CREATE INDEX node_subject ON node (label, json_extract(data, '$.subject'), id);`,
  },
  {
    version: 4,
    name: 'event ledger: processed events, entity clocks, receipts, outbox',
    sql: `
      CREATE TABLE processed_event (
        source TEXT NOT NULL,
        id TEXT NOT NULL,
        digest TEXT NOT NULL,
        time TEXT NOT NULL,
        disposition TEXT NOT NULL,
        PRIMARY KEY (source, id)
      ) WITHOUT ROWID;
      CREATE TABLE entity_clock (
        label TEXT NOT NULL,
        id TEXT NOT NULL,
        time TEXT NOT NULL,
        PRIMARY KEY (label, id)
      ) WITHOUT ROWID;
      CREATE TABLE receipt (
        topic TEXT NOT NULL,
        partition INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        source TEXT,
        event_id TEXT,
        disposition TEXT NOT NULL,
        reason TEXT,
        PRIMARY KEY (topic, partition, offset)
      ) WITHOUT ROWID;
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        topic TEXT NOT NULL,
        key TEXT,
        value TEXT NOT NULL,
        headers TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'outbox claims: one publisher per message',
    sql: `
      ALTER TABLE outbox ADD COLUMN claimant TEXT;
      ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
    `,
  },
  {
    version: 6,
    name: 'consents say which system granted them (grantedBy)',
    sql: derivedGranterSql(),
  },
  {
    version: 7,
    name: 'withdrawn announcements leave the search index',
    sql: `DELETE FROM search_fts WHERE rowid IN (
      SELECT rowid FROM node WHERE label = 'Announcement' AND json_extract(data, '$.withdrawnAt') IS NOT NULL);`,
  },
];
