import { ConfigError } from '../errors.js';
import { type SqliteOptions, SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** The SQLite path a `DATABASE_URL` names: `file:./data/x.db`, a bare path, or `:memory:`. */
export function sqlitePath(databaseUrl: string): string {
  if (databaseUrl === ':memory:' || databaseUrl === 'file::memory:') return ':memory:';
  if (databaseUrl.startsWith('file://')) return new URL(databaseUrl).pathname;
  if (databaseUrl.startsWith('file:')) return databaseUrl.slice('file:'.length);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL: expected file:<path> or :memory:, got '${databaseUrl.split(':')[0]}://...'`,
    );
  }
  return databaseUrl;
}

/** Opens the store `DATABASE_URL` names and runs its migrations. */
export function openStore(databaseUrl: string, options: SqliteOptions = {}): Store {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // The interface is ready for it (see store.ts); the implementation is not written yet.
    throw new ConfigError('DATABASE_URL: PostgreSQL is not supported yet; use file:<path> (SQLite)');
  }
  return SqliteStore.open(sqlitePath(databaseUrl), options);
}

/** A throwaway copy of the store `DATABASE_URL` names: for looking, never for keeping. */
export function openStoreCopy(databaseUrl: string, options: SqliteOptions = {}): Store {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL: PostgreSQL is not supported yet; use file:<path> (SQLite)');
  }
  return SqliteStore.openCopy(sqlitePath(databaseUrl), options);
}
