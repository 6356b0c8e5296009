/**
 * The store on PostgreSQL, for several replicas sharing one database (DATABASE_URL
 * postgres://...). Same queries as SQLite (sql-store.ts); what makes replicas safe is in them:
 * conditional updates for every claim, an advisory lock around recording a scan and around
 * migrations.
 */
import pg from 'pg';
import { migrate } from './migrations.js';
import { PgSql, pgTypes } from './postgres-sql.js';
import { type StoreOptions, sqlStore } from './sql-store.js';
import type { Store } from './store.js';

export interface PostgresOptions extends StoreOptions {
  /** Connections this process keeps open at most. */
  maxConnections?: number;
}

function poolFor(url: string, options: PostgresOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: pgTypes,
    connectionTimeoutMillis: 10_000,
    // Idle connections close, so a stopped process does not hold the database open.
    idleTimeoutMillis: 30_000,
    application_name: 'lambda-audit',
  });
  // A connection the server dropped while idle surfaces here; the pool replaces it on next use.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A store whose every statement runs in one transaction that is rolled back at close: it sees
 * the real data (migrated inside the transaction if need be) and keeps nothing.
 */
async function throwaway(
  client: pg.PoolClient,
  options: StoreOptions,
  done: () => Promise<void>,
): Promise<Store> {
  await client.query('BEGIN');
  const sql = new PgSql(client, null, 1);
  await migrate(sql);
  const store: Store = sqlStore(sql, options, {
    async preview(work) {
      await client.query('SAVEPOINT preview');
      try {
        return await work(store);
      } finally {
        await client.query('ROLLBACK TO SAVEPOINT preview');
      }
    },
    async close() {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      await done();
    },
  });
  return store;
}

/** Connects, runs the migrations this database has not seen (once, across replicas), and opens. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Store> {
  const pool = poolFor(url, options);
  const sql = new PgSql(pool, pool);
  try {
    await migrate(sql);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return sqlStore(sql, options, {
    async preview(work) {
      const scratch = await throwaway(await pool.connect(), options, async () => undefined);
      try {
        return await work(scratch);
      } finally {
        await scratch.close();
      }
    },
    async close() {
      await pool.end();
    },
  });
}

/** A throwaway view of the database at `url` (see `throwaway`), on its own connection. */
export async function openPostgresCopy(url: string, options: PostgresOptions = {}): Promise<Store> {
  const pool = poolFor(url, { ...options, maxConnections: 1 });
  try {
    return await throwaway(await pool.connect(), options, () => pool.end());
  } catch (error) {
    await pool.end();
    throw error;
  }
}
