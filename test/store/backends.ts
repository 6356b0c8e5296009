/**
 * Every store test runs on both engines: SQLite (a file in a temporary folder) and PostgreSQL
 * (a fresh schema on the run's throwaway server, see test/support). `describeBackends` opens a
 * store before each test on a fake clock, and `replica()` opens another store on the same
 * database, as a second process would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { freshPostgresUrl, postgresMissing, postgresUrl } from '../support/postgres.js';

export const START = '2026-03-02T09:00:00.000Z';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new, empty database's DATABASE_URL. */
  database(): Promise<string>;
}

export const BACKENDS: Backend[] = [
  { name: 'sqlite', database: async () => `file:${join(mkdtempSync(join(tmpdir(), 'store-')), 'audit.db')}` },
  { name: 'postgres', database: freshPostgresUrl },
];

export interface StoreContext {
  backend: Backend['name'];
  store: Store;
  /** The stores' clock: tests move it. */
  now: Date;
  /** When set, the stores read this instead of `now` (a FakeClock that timers move). */
  clock: (() => Date) | null;
  /** The database's URL. */
  url: string;
  /** Another store on the same database: another replica (its own owner name, same clock). */
  replica(owner?: string): Promise<Store>;
}

export function describeBackends(title: string, body: (ctx: StoreContext) => void): void {
  describe.each(BACKENDS)(`${title} on $name`, (backend) => {
    if (backend.name === 'postgres' && !postgresUrl) {
      it.skip(`needs PostgreSQL: ${postgresMissing}`, () => undefined);
      return;
    }
    const ctx = { backend: backend.name } as StoreContext;
    const opened: Store[] = [];
    beforeEach(async () => {
      ctx.now = new Date(START);
      ctx.clock = null;
      ctx.url = await backend.database();
      ctx.replica = async (owner) => {
        const store = await openStore(ctx.url, {
          now: () => (ctx.clock ? ctx.clock() : ctx.now),
          ...(owner ? { owner } : {}),
        });
        opened.push(store);
        return store;
      };
      ctx.store = await ctx.replica('replica-a');
    });
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });
    body(ctx);
  });
}
