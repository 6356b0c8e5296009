/**
 * The Sql executor over a `pg` pool. Statements outside a transaction go to any pooled
 * connection; a transaction holds one connection from BEGIN to COMMIT. BIGINT (epoch
 * milliseconds, counts) comes back as a number: every value the store keeps fits in 2^53.
 */
import pg from 'pg';
import { numberedPlaceholders, type Sql, type SqlValue } from './sql.js';

const INT8_OID = 20;

export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export class PgSql implements Sql {
  readonly dialect = 'postgres';

  constructor(
    private readonly target: Queryable,
    /** The pool a top-level transaction takes its connection from; null inside one. */
    private readonly pool: pg.Pool | null,
    private readonly depth = 0,
  ) {}

  private query<T extends object>(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult<T>> {
    return this.target.query<T>(numberedPlaceholders(sql), params as SqlValue[]);
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query<T & object>(sql, params)).rows;
  }

  /** Each query takes a connection of the pool: another's transaction never holds it up. */
  committed<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.all<T>(sql, params);
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query<T & object>(sql, params)).rows[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    await this.target.query(script);
  }

  async tx<T>(work: (sql: Sql) => Promise<T>, options: { serialize?: string } = {}): Promise<T> {
    if (!this.pool) return this.savepoint(work, options);
    const client = await this.pool.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      try {
        // Writers of one kind (scans) queue behind each other across replicas; the lock ends
        // with the transaction.
        if (options.serialize)
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [options.serialize]);
        const result = await work(new PgSql(client, null, 1));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      }
    } finally {
      // A connection whose rollback failed is in an unknown state: the pool drops it.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  private async savepoint<T>(work: (sql: Sql) => Promise<T>, options: { serialize?: string }): Promise<T> {
    const name = `sp${this.depth}`;
    await this.target.query(`SAVEPOINT ${name}`);
    try {
      if (options.serialize)
        await this.target.query('SELECT pg_advisory_xact_lock(hashtext($1))', [options.serialize]);
      const result = await work(new PgSql(this.target, null, this.depth + 1));
      await this.target.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.target.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }
}
