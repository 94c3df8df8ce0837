import type Database from 'better-sqlite3';

/** Prepared statements by SQL text: compiling SQL costs more than running these small queries. */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    /** Filters build SQL from their predicates; the cache is cleared past this many texts. @default 500 */
    private readonly max = 500,
  ) {}

  get(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      if (this.cache.size >= this.max) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}
