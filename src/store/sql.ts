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
   * all() of what is committed, without waiting for a transaction in progress: a scan's stored
   * results are read page by page while the scan is recorded in one transaction (on SQLite this
   * process shares one turn per file; WAL lets another connection's read through, and the
   * transaction's own connection reads inside it: the rows read are ones it does not write).
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

/**
 * Rows per multi-row statement (record-batch.ts). A statement's parameters must stay under
 * SQLite's 32,766 and PostgreSQL's 65,535; past a few hundred rows statements got no faster on
 * either engine (bench/record-scan.ts), and SQLite's of a thousand rows were slower.
 */
export const ROWS_PER_STATEMENT = 250;
const PARAMETERS_PER_STATEMENT = 32_766;

/** `items` in groups small enough for one statement of `columns` parameters each. */
export function chunks<T>(items: readonly T[], columns = 1): T[][] {
  const size = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(PARAMETERS_PER_STATEMENT / columns)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `?, ?, ?` for an `IN (...)` list of `count` values. */
export function marks(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** `(?, ?), (?, ?)` for `rows` rows of `columns` values (VALUES lists). */
export function rowMarks(rows: number, columns: number): string {
  const row = `(${marks(columns)})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/**
 * Runs `INSERT ... VALUES` (`head`, then the rows' placeholders, then `tail`) for every row, a
 * chunk per statement; returns how many rows changed. Every row has the same number of values.
 */
export async function insertRows(
  db: Sql,
  head: string,
  rows: readonly (readonly SqlValue[])[],
  tail = '',
): Promise<number> {
  let changed = 0;
  const columns = rows[0]?.length ?? 1;
  for (const part of chunks(rows, columns))
    changed += await db.run(`${head} VALUES ${rowMarks(part.length, columns)} ${tail}`, part.flat());
  return changed;
}

/** The rows of `query(list)` for every key, where `list` is an `IN (...)` list of a chunk of them. */
export async function allIn<T>(
  db: Sql,
  query: (list: string) => string,
  keys: readonly SqlValue[],
  leading: readonly SqlValue[] = [],
): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunks(keys, 1))
    out.push(...(await db.all<T>(query(marks(part.length)), [...leading, ...part])));
  return out;
}
