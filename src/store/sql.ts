/**
 * The little the store's queries need from a database: rows, a change count, and a transaction.
 * The queries are written once, in the SQL both engines speak (`?` placeholders, `ON CONFLICT`,
 * `RETURNING`); each engine's executor adapts the rest (sqlite-sql.ts, postgres-sql.ts).
 */
export type SqlValue = string | number | null;

export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /**
   * all() of what is committed, without waiting for a transaction of another connection: a scan's
   * stored results are read page by page while another connection records the scan in one
   * transaction (on SQLite this process shares one turn per file; WAL lets the read through).
   */
  committed<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `work` in one transaction that holds the write lock from its start (SQLite: BEGIN
   * IMMEDIATE; PostgreSQL: an advisory lock on `serialize`, when given), committed when `work`
   * resolves and rolled back when it throws. Nested calls become savepoints.
   */
  tx<T>(work: (sql: Sql) => Promise<T>, options?: { serialize?: string }): Promise<T>;
}

/** `?` placeholders to PostgreSQL's `$1, $2, ...` (the queries never put a `?` in a literal). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
