/**
 * The default store: one SQLite file through better-sqlite3 (no server to run). better-sqlite3
 * is synchronous, which makes every method below a single atomic step on this process's event
 * loop; the async signatures are for the interface's sake (PostgreSQL will need them).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { ScanReport } from '../model.js';
import { defaultCoverage } from './coverage.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { applyScan } from './record-scan.js';
import {
  type DigestRow,
  type FindingFunctionRow,
  type FindingRow,
  type GapRow,
  type ScanRow,
  type TicketRow,
  toDigest,
  toFinding,
  toFunction,
  toGap,
  toScan,
  toTicket,
} from './rows.js';
import type {
  DigestClaim,
  DigestEntry,
  FindingQuery,
  FindingRecord,
  RecordedScan,
  RecordScanOptions,
  ScanGap,
  ScanRecord,
  Store,
  TicketRecord,
} from './store.js';

/** A ticket intent older than this is taken to be abandoned (the sinks time out after 15 s). */
const OPENING_STALE_MS = 2 * 60_000;

export interface SqliteOptions {
  /** The store's notion of now (first seen, leases, snooze expiry); tests pass a fake clock. */
  now?: () => Date;
}

/** Applies the migrations this database has not seen yet, each in its own transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const current =
    db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_version').get()?.v ?? 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }).immediate();
  }
  return db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_version').get()?.v ?? 0;
}

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

export class SqliteStore implements Store {
  private readonly now: () => Date;

  private constructor(
    private readonly db: Database,
    options: SqliteOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Opens (creating the folder and file if needed) and migrates; `:memory:` for a private database. */
  static open(path: string, options: SqliteOptions = {}): SqliteStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new BetterSqlite3(path);
    return SqliteStore.over(db, options, path !== ':memory:');
  }

  /**
   * A private in-memory copy of the database at `path` (empty when there is none): reading it
   * never creates, migrates or locks the real file for long. For `digest --dry-run`.
   */
  static openCopy(path: string, options: SqliteOptions = {}): SqliteStore {
    if (path === ':memory:' || !existsSync(path)) return SqliteStore.open(':memory:', options);
    const source = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return SqliteStore.over(memoryCopy(source), options, false);
    } finally {
      source.close();
    }
  }

  private static over(db: Database, options: SqliteOptions, file: boolean): SqliteStore {
    // WAL lets a reader (the CLI's dry run) look while serve writes; busy_timeout waits out the other's lock.
    if (file) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteStore(db, options);
  }

  private ms(): number {
    return this.now().getTime();
  }

  async recordScan(scan: ScanReport, options: RecordScanOptions = {}): Promise<RecordedScan> {
    const ctx = { db: this.db, now: this.ms(), covers: options.covers ?? defaultCoverage };
    // IMMEDIATE takes the write lock up front, so a concurrent writer waits rather than failing midway.
    return this.db.transaction(() => applyScan(ctx, scan, options)).immediate();
  }

  async latestScan(): Promise<ScanRecord | null> {
    // A scan of no region is the one-function record a Slack decision makes for a finding no scan
    // stored yet (see slack/actions/reports.ts): it is not a scan the digest should describe.
    const row = this.db
      .prepare<[], ScanRow>("SELECT * FROM scans WHERE regions <> '[]' ORDER BY id DESC LIMIT 1")
      .get();
    return row ? toScan(row) : null;
  }

  async scanGaps(scanId: number): Promise<ScanGap[]> {
    return this.db
      .prepare<[number], GapRow>('SELECT * FROM scan_gaps WHERE scan_id = ? ORDER BY rowid')
      .all(scanId)
      .map(toGap);
  }

  async findings(query: FindingQuery = {}): Promise<FindingRecord[]> {
    const where: string[] = [];
    const params: (number | string)[] = [];
    if (query.openedAfterScan != null) {
      where.push('opened_scan_id > ?');
      params.push(query.openedAfterScan);
    }
    if (query.fixedAfterScan != null) {
      where.push('fixed_scan_id > ?');
      params.push(query.fixedAfterScan);
    }
    const rows = this.db
      .prepare<(number | string)[], FindingRow>(
        `SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY fingerprint`,
      )
      .all(...params);
    const records = this.withFunctions(rows);
    // State is filtered after mapping: an expired snooze is open, which SQL alone would not know.
    return query.states ? records.filter((r) => query.states?.includes(r.state)) : records;
  }

  async finding(fingerprint: string): Promise<FindingRecord | null> {
    const row = this.db
      .prepare<[string], FindingRow>('SELECT * FROM findings WHERE fingerprint = ?')
      .get(fingerprint);
    return row ? (this.withFunctions([row])[0] ?? null) : null;
  }

  private withFunctions(rows: FindingRow[]): FindingRecord[] {
    const links = new Map<string, FindingFunctionRow[]>();
    const all = this.db
      .prepare<[], FindingFunctionRow>('SELECT * FROM finding_functions ORDER BY function_arn')
      .all();
    for (const link of all) {
      const list = links.get(link.fingerprint) ?? [];
      list.push(link);
      links.set(link.fingerprint, list);
    }
    const now = this.ms();
    return rows.map((row) => toFinding(row, (links.get(row.fingerprint) ?? []).map(toFunction), now));
  }

  async snooze(fingerprint: string, until: Date, by: string, reason?: string): Promise<FindingRecord | null> {
    const now = this.ms();
    const changed = this.db.transaction(() => {
      const result = this.db
        .prepare(
          `UPDATE findings SET state = 'snoozed', snoozed_until = ?, accepted_reason = NULL, state_by = ?, state_at = ?
           WHERE fingerprint = ? AND state <> 'fixed'`,
        )
        .run(until.getTime(), by, now, fingerprint);
      if (result.changes === 0) return false;
      this.db
        .prepare('INSERT INTO snoozes (fingerprint, until, by_user, reason, at) VALUES (?, ?, ?, ?, ?)')
        .run(fingerprint, until.getTime(), by, reason ?? null, now);
      return true;
    })();
    return changed ? this.finding(fingerprint) : null;
  }

  async accept(fingerprint: string, by: string, reason: string): Promise<FindingRecord | null> {
    const now = this.ms();
    const changed = this.db.transaction(() => {
      const result = this.db
        .prepare(
          `UPDATE findings SET state = 'accepted', snoozed_until = NULL, accepted_reason = ?, state_by = ?, state_at = ?
           WHERE fingerprint = ? AND state <> 'fixed'`,
        )
        .run(reason, by, now, fingerprint);
      if (result.changes === 0) return false;
      this.db
        .prepare('INSERT INTO acceptances (fingerprint, by_user, reason, at) VALUES (?, ?, ?, ?)')
        .run(fingerprint, by, reason, now);
      return true;
    })();
    return changed ? this.finding(fingerprint) : null;
  }

  async reopen(fingerprint: string, by: string): Promise<FindingRecord | null> {
    const result = this.db
      .prepare(
        `UPDATE findings SET state = 'open', snoozed_until = NULL, accepted_reason = NULL, state_by = ?, state_at = ?
         WHERE fingerprint = ? AND state IN ('snoozed', 'accepted')`,
      )
      .run(by, this.ms(), fingerprint);
    return result.changes > 0 ? this.finding(fingerprint) : null;
  }

  async claimDigestSlot(claim: DigestClaim): Promise<DigestEntry | null> {
    const now = this.ms();
    const lease = now + claim.leaseMs;
    return this.db
      .transaction((): DigestEntry | null => {
        const row = this.digestRow(claim.slotKey);
        if (!row) {
          this.db
            .prepare(
              `INSERT INTO digest_outbox (slot_key, channel, status, owner, lease_until, created_at)
               VALUES (?, ?, 'claimed', ?, ?, ?)`,
            )
            .run(claim.slotKey, claim.channel, claim.owner, lease, now);
        } else if (row.status === 'claimed' && (row.owner === claim.owner || row.lease_until <= now)) {
          this.db
            .prepare('UPDATE digest_outbox SET owner = ?, lease_until = ? WHERE slot_key = ?')
            .run(claim.owner, lease, claim.slotKey);
        } else {
          return null;
        }
        const claimed = this.digestRow(claim.slotKey);
        return claimed ? toDigest(claimed) : null;
      })
      .immediate();
  }

  private digestRow(slotKey: string): DigestRow | undefined {
    return this.db
      .prepare<[string], DigestRow>('SELECT * FROM digest_outbox WHERE slot_key = ?')
      .get(slotKey);
  }

  async digest(slotKey: string): Promise<DigestEntry | null> {
    const row = this.digestRow(slotKey);
    return row ? toDigest(row) : null;
  }

  async writeDigest(
    slotKey: string,
    owner: string,
    scanId: number | null,
    payload: string,
  ): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE digest_outbox SET status = 'pending', scan_id = ?, payload = ?, next_attempt_at = NULL
         WHERE slot_key = ? AND status = 'claimed' AND owner = ?`,
      )
      .run(scanId, payload, slotKey, owner);
    return result.changes === 1;
  }

  async dueDigests(options: { all?: boolean } = {}): Promise<DigestEntry[]> {
    const until = options.all ? Number.MAX_SAFE_INTEGER : this.ms();
    return this.db
      .prepare<[number], DigestRow>(
        `SELECT * FROM digest_outbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY slot_key`,
      )
      .all(until)
      .map(toDigest);
  }

  async abandonedDigests(): Promise<DigestEntry[]> {
    return this.db
      .prepare<[number], DigestRow>(
        "SELECT * FROM digest_outbox WHERE status = 'claimed' AND lease_until <= ? ORDER BY slot_key",
      )
      .all(this.ms())
      .map(toDigest);
  }

  async nextDigestAttempt(): Promise<string | null> {
    // A pending entry's next try, or a claim's lease end (its builder may have died).
    const row = this.db
      .prepare<[], { at: number | null }>(
        `SELECT MIN(CASE status WHEN 'pending' THEN COALESCE(next_attempt_at, 0) ELSE lease_until END) AS at
         FROM digest_outbox WHERE status IN ('pending', 'claimed')`,
      )
      .get();
    return row?.at == null ? null : new Date(row.at).toISOString();
  }

  async digestProgress(slotKey: string, partsPosted: number, postedTs: string): Promise<void> {
    this.db
      .prepare(
        'UPDATE digest_outbox SET parts_posted = ?, posted_ts = COALESCE(posted_ts, ?) WHERE slot_key = ?',
      )
      .run(partsPosted, postedTs, slotKey);
  }

  async markDigestPosted(slotKey: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE digest_outbox SET status = 'posted', posted_at = ?, next_attempt_at = NULL, last_error = NULL
         WHERE slot_key = ?`,
      )
      .run(this.ms(), slotKey);
  }

  async markDigestFailed(slotKey: string, error: string, nextAttemptAt: Date): Promise<void> {
    this.db
      .prepare(
        'UPDATE digest_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE slot_key = ?',
      )
      .run(error.slice(0, 1000), nextAttemptAt.getTime(), slotKey);
  }

  async previousDigestScanId(slotKey: string): Promise<number | null> {
    const row = this.db
      .prepare<[string], { scan_id: number }>(
        `SELECT scan_id FROM digest_outbox
         WHERE slot_key < ? AND status IN ('pending', 'posted') AND scan_id IS NOT NULL
         ORDER BY slot_key DESC LIMIT 1`,
      )
      .get(slotKey);
    return row?.scan_id ?? null;
  }

  async beginTicket(
    fingerprint: string,
    by: string,
    sink: string,
  ): Promise<{ created: boolean; ticket: TicketRecord }> {
    const now = this.ms();
    return this.db
      .transaction(() => {
        const get = () =>
          this.db
            .prepare<[string], TicketRow>('SELECT * FROM tickets WHERE fingerprint = ?')
            .get(fingerprint);
        const existing = get();
        // An intent whose opener died mid-call (a deploy during the tracker request) would block
        // the finding forever: past OPENING_STALE_MS it is released to the next click.
        if (existing?.state === 'opening' && now - existing.created_at > OPENING_STALE_MS) {
          this.db.prepare('DELETE FROM tickets WHERE fingerprint = ?').run(fingerprint);
        } else if (existing) {
          return { created: false, ticket: toTicket(existing) };
        }
        this.db
          .prepare(
            "INSERT INTO tickets (fingerprint, state, sink, created_by, created_at) VALUES (?, 'opening', ?, ?, ?)",
          )
          .run(fingerprint, sink, by, now);
        return { created: true, ticket: toTicket(get() as TicketRow) };
      })
      .immediate();
  }

  async completeTicket(
    fingerprint: string,
    ticket: { url: string; key: string },
  ): Promise<TicketRecord | null> {
    this.db
      .prepare("UPDATE tickets SET state = 'open', url = ?, key = ?, opened_at = ? WHERE fingerprint = ?")
      .run(ticket.url, ticket.key, this.ms(), fingerprint);
    return this.ticket(fingerprint);
  }

  async abandonTicket(fingerprint: string): Promise<void> {
    this.db.prepare("DELETE FROM tickets WHERE fingerprint = ? AND state = 'opening'").run(fingerprint);
  }

  async ticket(fingerprint: string): Promise<TicketRecord | null> {
    const row = this.db
      .prepare<[string], TicketRow>('SELECT * FROM tickets WHERE fingerprint = ?')
      .get(fingerprint);
    return row ? toTicket(row) : null;
  }

  async preview<T>(work: (scratch: Store) => Promise<T>): Promise<T> {
    // serialize() copies the whole database into memory: the copy starts equal and dies after.
    const scratch = SqliteStore.over(memoryCopy(this.db), { now: this.now }, false);
    try {
      return await work(scratch);
    } finally {
      await scratch.close();
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
