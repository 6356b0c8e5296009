/**
 * The schema, as numbered migrations. Each runs once, in order, inside a transaction together
 * with its row in `schema_version`, so a crash leaves the database at one version or the next.
 * Times are epoch milliseconds (INTEGER); lists and counts are JSON text. A migration is never
 * edited once released: a change is a new number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const SEVERITY = "'critical','high','medium','low','info'";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'scans, findings, digest outbox, tickets, snoozes, acceptances',
    sql: `
      CREATE TABLE scans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        regions TEXT NOT NULL,
        functions INTEGER NOT NULL,
        incomplete INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        by_severity TEXT NOT NULL
      );

      -- What a scan could not see: kind 'failed' (a whole function, or '*' for a region whose
      -- listing failed) or 'unverified' (one API of one function).
      CREATE TABLE scan_gaps (
        scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('failed', 'unverified')),
        function_arn TEXT NOT NULL,
        function_name TEXT NOT NULL,
        account_id TEXT,
        region TEXT NOT NULL,
        area TEXT,
        api TEXT,
        reason TEXT NOT NULL
      );
      CREATE INDEX scan_gaps_by_scan ON scan_gaps(scan_id);

      CREATE TABLE findings (
        fingerprint TEXT PRIMARY KEY,
        check_id TEXT NOT NULL,
        function_arn TEXT NOT NULL,
        resource TEXT NOT NULL,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN (${SEVERITY})),
        title TEXT NOT NULL,
        detail TEXT NOT NULL,
        remediation TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        last_scan_id INTEGER NOT NULL,
        opened_at INTEGER NOT NULL,
        opened_scan_id INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'fixed', 'snoozed', 'accepted')),
        fixed_at INTEGER,
        fixed_scan_id INTEGER,
        snoozed_until INTEGER,
        accepted_reason TEXT,
        state_by TEXT,
        state_at INTEGER
      );
      CREATE INDEX findings_by_state ON findings(state);

      -- Which functions currently report a finding. A finding is fixed when this set empties:
      -- a function drops out only when a scan read it (with the data the check needs) and it no
      -- longer reports the finding, or a complete listing shows it was deleted.
      CREATE TABLE finding_functions (
        fingerprint TEXT NOT NULL REFERENCES findings(fingerprint) ON DELETE CASCADE,
        function_arn TEXT NOT NULL,
        function_name TEXT NOT NULL,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        PRIMARY KEY (fingerprint, function_arn)
      );
      CREATE INDEX finding_functions_by_function ON finding_functions(function_arn);

      -- One row per schedule slot: the primary key is what makes "one digest per slot" hold
      -- across restarts (and, in PostgreSQL, across replicas).
      CREATE TABLE digest_outbox (
        slot_key TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'pending', 'posted')),
        owner TEXT NOT NULL,
        lease_until INTEGER NOT NULL,
        scan_id INTEGER,
        payload TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        last_error TEXT,
        parts_posted INTEGER NOT NULL DEFAULT 0,
        posted_ts TEXT,
        created_at INTEGER NOT NULL,
        posted_at INTEGER
      );
      CREATE INDEX digest_outbox_by_status ON digest_outbox(status, next_attempt_at);

      CREATE TABLE tickets (
        fingerprint TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('opening', 'open')),
        sink TEXT,
        url TEXT,
        key TEXT,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        opened_at INTEGER
      );

      -- History of decisions; the finding row carries the current one.
      CREATE TABLE snoozes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL,
        until INTEGER NOT NULL,
        by_user TEXT NOT NULL,
        reason TEXT,
        at INTEGER NOT NULL
      );
      CREATE TABLE acceptances (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL,
        by_user TEXT NOT NULL,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX snoozes_by_fingerprint ON snoozes(fingerprint);
      CREATE INDEX acceptances_by_fingerprint ON acceptances(fingerprint);
    `,
  },
];
