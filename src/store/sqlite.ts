/**
 * The default store: one SQLite file through better-sqlite3 (no server to run), for one
 * process. The queries are the shared ones (sql-store.ts); this file opens the file, copies it
 * for a dry run, and closes it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrations.js';
import { type StoreOptions, sqlStore } from './sql-store.js';
import { SqliteSql } from './sqlite-sql.js';
import type { Store } from './store.js';

export type SqliteOptions = StoreOptions;

/**
 * A private in-memory database with the same content. A WAL database's header says "WAL"
 * (bytes 18-19 = 2), which an in-memory copy cannot honour (it refuses to open); setting them
 * back to 1 (rollback journal) is how SQLite itself marks a non-WAL file.
 */
function memoryCopy(db: Database): Database {
  const image = db.serialize();
  image[18] = 1;
  image[19] = 1;
  return new BetterSqlite3(image);
}

async function over(db: Database, options: SqliteOptions, file: boolean): Promise<Store> {
  // WAL lets a reader (the CLI's dry run) look while serve writes; busy_timeout waits out the other's lock.
  if (file) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const sql = new SqliteSql(db);
  await migrate(sql);
  return sqlStore(sql, options, {
    async preview(work) {
      // serialize() copies the whole database into memory: the copy starts equal and dies after.
      const scratch = await over(memoryCopy(db), options, false);
      try {
        return await work(scratch);
      } finally {
        await scratch.close();
      }
    },
    async close() {
      if (db.open) db.close();
    },
  });
}

/** Opens (creating the folder and file if needed) and migrates; `:memory:` for a private database. */
export function openSqlite(path: string, options: SqliteOptions = {}): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return over(new BetterSqlite3(path), options, path !== ':memory:');
}

/**
 * A private in-memory copy of the database at `path` (empty when there is none): reading it
 * never creates, migrates or locks the real file for long. For `digest --dry-run`.
 */
export async function openSqliteCopy(path: string, options: SqliteOptions = {}): Promise<Store> {
  if (path === ':memory:' || !existsSync(path)) return openSqlite(':memory:', options);
  const source = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return await over(memoryCopy(source), options, false);
  } finally {
    source.close();
  }
}
