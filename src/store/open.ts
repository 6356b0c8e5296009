import { ConfigError } from '../errors.js';
import { openPostgres, openPostgresCopy } from './postgres.js';
import type { StoreOptions } from './sql-store.js';
import { openSqlite, openSqliteCopy } from './sqlite.js';
import type { Store } from './store.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** The SQLite path a `DATABASE_URL` names: `file:./data/x.db`, a bare path, or `:memory:`. */
export function sqlitePath(databaseUrl: string): string {
  if (databaseUrl === ':memory:' || databaseUrl === 'file::memory:') return ':memory:';
  if (databaseUrl.startsWith('file://')) return new URL(databaseUrl).pathname;
  if (databaseUrl.startsWith('file:')) return databaseUrl.slice('file:'.length);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL: expected file:<path>, :memory: or postgres://..., got '${databaseUrl.split(':')[0]}://...'`,
    );
  }
  return databaseUrl;
}

/**
 * Opens the store `DATABASE_URL` names and runs its migrations: PostgreSQL for a
 * `postgres://` URL (several replicas), SQLite otherwise (one process).
 */
export function openStore(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
  if (POSTGRES_URL.test(databaseUrl)) return openPostgres(databaseUrl, options);
  return openSqlite(sqlitePath(databaseUrl), options);
}

/** A throwaway copy of the store `DATABASE_URL` names: for looking, never for keeping. */
export function openStoreCopy(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
  if (POSTGRES_URL.test(databaseUrl)) return openPostgresCopy(databaseUrl, options);
  return openSqliteCopy(sqlitePath(databaseUrl), options);
}
