/** The Store over an Sql executor: the four concerns, each written once for both engines. */
import { randomBytes } from 'node:crypto';
import { claimsOver } from './claims.js';
import { commandLedgerOver } from './command-ledger.js';
import { digestOutboxOver } from './digest-outbox.js';
import { findingsOver } from './findings.js';
import { scanUnitsOver } from './scan-units.js';
import type { Sql } from './sql.js';
import type { Store } from './store.js';
import { ticketIntentsOver } from './ticket-intents.js';

export interface StoreOptions {
  /** The store's notion of now (first seen, leases, snooze expiry); tests pass a fake clock. */
  now?: () => Date;
  /** This process's name on the claims it makes; random by default. */
  owner?: string;
}

export function processOwner(): string {
  return `replica-${randomBytes(6).toString('hex')}`;
}

export function sqlStore(db: Sql, options: StoreOptions, lifecycle: Pick<Store, 'preview' | 'close'>): Store {
  const now = options.now ?? (() => new Date());
  return {
    ...findingsOver(db, now),
    ...digestOutboxOver(db, now),
    ...ticketIntentsOver(db, now),
    ...claimsOver(db, now, options.owner ?? processOwner()),
    ...commandLedgerOver(db, now),
    ...scanUnitsOver(db, now),
    ...lifecycle,
  };
}
