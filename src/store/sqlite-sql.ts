/**
 * The Sql executor over one better-sqlite3 connection. better-sqlite3 is synchronous, so each
 * statement is atomic on this event loop; a transaction spans awaits, though, so while one is
 * open every other caller waits for it to end, or its statements would land inside it. The
 * turn is shared by every connection this process has to the same file: a second connection's
 * BEGIN would otherwise block the event loop on the file lock the first holds (busy_timeout),
 * and the first could never finish.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Sql, SqlValue } from './sql.js';

/** Shared by a connection's executors: whether a transaction is open, and when it ends. */
interface Turn {
  open: boolean;
  ended: Promise<void>;
  /** The connection whose transaction is open. */
  holder?: Database;
}

/** One turn per database file in this process; in-memory databases each have their own. */
const turns = new Map<string, Turn>();

function turnFor(db: Database): Turn {
  if (db.memory) return { open: false, ended: Promise.resolve() };
  let turn = turns.get(db.name);
  if (!turn) {
    turn = { open: false, ended: Promise.resolve() };
    turns.set(db.name, turn);
  }
  return turn;
}

export class SqliteSql implements Sql {
  readonly dialect = 'sqlite';

  constructor(
    readonly db: Database,
    private readonly turn: Turn = turnFor(db),
    /** > 0 on the executor a transaction's work receives: it already holds the turn. */
    private readonly depth = 0,
    /** Prepared once per connection: preparing is most of a small statement's cost. */
    private readonly statements = new Map<string, Statement<SqlValue[]>>(),
  ) {}

  private prepare(sql: string): Statement<SqlValue[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<SqlValue[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Whether the caller must wait for a transaction to end. Each caller loops on it right before
   * its statement (`while (this.busy()) await ...`), with no await between the last check and
   * the statement, so nothing slips in between.
   */
  private busy(): boolean {
    return this.depth === 0 && this.turn.open;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    while (this.busy()) await this.turn.ended;
    return this.prepare(sql).all(...params) as T[];
  }

  /**
   * A read on another connection than the open transaction's needs no turn when the file is in
   * WAL mode: it reads the last commit and takes no lock. On the transaction's own connection (a
   * bot records the scan with the store its units are kept in; an in-memory database has only
   * one) the read lands inside the transaction, which is what the caller asks for: it reads rows
   * the transaction does not write (a scan's kept results while the scan is recorded), and waiting
   * for the transaction to end would wait for ever.
   */
  async committed<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const wal = () => this.db.pragma('journal_mode', { simple: true }) === 'wal';
    while (this.busy() && this.turn.holder !== this.db && !wal()) await this.turn.ended;
    return this.prepare(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    while (this.busy()) await this.turn.ended;
    return this.prepare(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    while (this.busy()) await this.turn.ended;
    return this.prepare(sql).run(...params).changes;
  }

  async exec(script: string): Promise<void> {
    while (this.busy()) await this.turn.ended;
    this.db.exec(script);
  }

  async tx<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    if (this.depth > 0) return this.savepoint(work);
    while (this.busy()) await this.turn.ended;
    let end = () => {};
    this.turn.open = true;
    this.turn.holder = this.db;
    this.turn.ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    try {
      // IMMEDIATE takes the write lock up front: another process's writer waits (busy_timeout)
      // instead of failing midway.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(new SqliteSql(this.db, this.turn, 1, this.statements));
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.turn.open = false;
      end();
    }
  }

  private async savepoint<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const name = `sp${this.depth}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work(new SqliteSql(this.db, this.turn, this.depth + 1, this.statements));
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw error;
    }
  }
}
