/**
 * The heart of the store: one scan's effect on finding state. Runs inside the caller's SQLite
 * transaction, so it may throw at any point and leave nothing behind.
 */
import type { Database } from 'better-sqlite3';
import type { AuditReport, Finding, ScanReport, Unverified } from '../model.js';
import type { RecordedScan, RecordScanOptions } from './store.js';

function accountOf(arn: string): string | null {
  return arn.split(':')[4] || null;
}

function nameOf(arn: string): string {
  return arn === '*' ? '*' : (arn.split(':')[6] ?? arn);
}

export interface RecordContext {
  db: Database;
  now: number;
  covers: (check: string, gaps: readonly Unverified[]) => boolean;
}

/** Inserts the scan row and its gaps; returns the scan id. */
function insertScan(ctx: RecordContext, scan: ScanReport, options: RecordScanOptions): number {
  const { db, now } = ctx;
  const { summary } = scan;
  const result = db
    .prepare(
      `INSERT INTO scans (started_at, finished_at, regions, functions, incomplete, failed, by_severity)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      options.startedAt?.getTime() ?? now,
      options.finishedAt?.getTime() ?? now,
      JSON.stringify(summary.regions),
      summary.functions,
      summary.incomplete,
      summary.failed.length,
      JSON.stringify(summary.bySeverity),
    );
  const scanId = Number(result.lastInsertRowid);
  const gap = db.prepare(
    `INSERT INTO scan_gaps (scan_id, kind, function_arn, function_name, account_id, region, area, api, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const report of scan.functions) {
    const fn = report.function;
    for (const u of report.unverified)
      gap.run(scanId, 'unverified', fn.arn, fn.name, fn.accountId, fn.region, u.area, u.api, u.reason);
  }
  for (const f of summary.failed)
    gap.run(
      scanId,
      'failed',
      f.function,
      nameOf(f.function),
      accountOf(f.function),
      f.region,
      null,
      null,
      f.reason,
    );
  return scanId;
}

interface Statements {
  state: (fingerprint: string) => { state: string } | undefined;
  insert: (f: Finding, report: AuditReport, scanId: number) => void;
  update: (f: Finding, scanId: number) => void;
  reopen: (fingerprint: string, scanId: number) => void;
  link: (fingerprint: string, report: AuditReport) => void;
}

function statements({ db, now }: RecordContext): Statements {
  const state = db.prepare<[string], { state: string }>('SELECT state FROM findings WHERE fingerprint = ?');
  const insert = db.prepare(
    `INSERT INTO findings (fingerprint, check_id, function_arn, resource, account_id, region, severity, title,
       detail, remediation, first_seen, last_seen, last_scan_id, opened_at, opened_scan_id, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
  );
  const update = db.prepare(
    `UPDATE findings SET severity = ?, title = ?, detail = ?, remediation = ?, resource = ?,
       last_seen = ?, last_scan_id = ? WHERE fingerprint = ?`,
  );
  // Seen again after a fix: a regression is news, so it opens afresh (a past snooze no longer applies).
  const reopen = db.prepare(
    `UPDATE findings SET state = 'open', opened_at = ?, opened_scan_id = ?, fixed_at = NULL, fixed_scan_id = NULL,
       snoozed_until = NULL, accepted_reason = NULL, state_by = NULL, state_at = NULL WHERE fingerprint = ?`,
  );
  const link = db.prepare(
    `INSERT OR IGNORE INTO finding_functions (fingerprint, function_arn, function_name, account_id, region)
     VALUES (?, ?, ?, ?, ?)`,
  );
  return {
    state: (fp) => state.get(fp),
    insert: (f, r, scanId) =>
      void insert.run(
        f.fingerprint,
        f.check,
        r.function.arn,
        f.resource,
        r.function.accountId,
        r.function.region,
        f.severity,
        f.title,
        f.detail,
        f.remediation,
        now,
        now,
        scanId,
        now,
        scanId,
      ),
    update: (f, scanId) =>
      void update.run(f.severity, f.title, f.detail, f.remediation, f.resource, now, scanId, f.fingerprint),
    reopen: (fp, scanId) => void reopen.run(now, scanId, fp),
    link: (fp, r) =>
      void link.run(fp, r.function.arn, r.function.name, r.function.accountId, r.function.region),
  };
}

/**
 * Functions whose findings may be dropped because they no longer exist: absent from a scan that
 * listed their region completely, in an account the scan reached, and not merely failed.
 */
function deletedFunctions(db: Database, scan: ScanReport): string[] {
  const regions = new Set(scan.summary.regions);
  const listingFailed = new Set(scan.summary.failed.filter((f) => f.function === '*').map((f) => f.region));
  const failed = new Set(scan.summary.failed.map((f) => f.function));
  const audited = new Set(scan.functions.map((r) => r.function.arn));
  const accounts = new Set(scan.functions.map((r) => r.function.accountId));
  const known = db
    .prepare<[], { function_arn: string; account_id: string; region: string }>(
      'SELECT DISTINCT function_arn, account_id, region FROM finding_functions',
    )
    .all();
  return known
    .filter(
      (k) =>
        regions.has(k.region) &&
        !listingFailed.has(k.region) &&
        accounts.has(k.account_id) &&
        !audited.has(k.function_arn) &&
        !failed.has(k.function_arn),
    )
    .map((k) => k.function_arn);
}

/** Applies one scan. Call inside a transaction. */
export function applyScan(ctx: RecordContext, scan: ScanReport, options: RecordScanOptions): RecordedScan {
  const { db, now } = ctx;
  const scanId = insertScan(ctx, scan, options);
  const sql = statements(ctx);
  const links = db.prepare<[string], { fingerprint: string; check_id: string }>(
    `SELECT ff.fingerprint, f.check_id FROM finding_functions ff JOIN findings f USING (fingerprint)
     WHERE ff.function_arn = ?`,
  );
  const unlink = db.prepare('DELETE FROM finding_functions WHERE fingerprint = ? AND function_arn = ?');
  const opened: string[] = [];
  const unlinked = new Set<string>();

  for (const report of scan.functions) {
    const current = new Map(report.findings.map((f) => [f.fingerprint, f]));
    // A function stops reporting a finding only if this scan could have seen it.
    for (const link of links.all(report.function.arn)) {
      if (current.has(link.fingerprint) || !ctx.covers(link.check_id, report.unverified)) continue;
      unlink.run(link.fingerprint, report.function.arn);
      unlinked.add(link.fingerprint);
    }
    for (const finding of current.values()) {
      const existing = sql.state(finding.fingerprint);
      if (!existing) {
        sql.insert(finding, report, scanId);
        opened.push(finding.fingerprint);
      } else {
        sql.update(finding, scanId);
        if (existing.state === 'fixed') {
          sql.reopen(finding.fingerprint, scanId);
          opened.push(finding.fingerprint);
        }
      }
      sql.link(finding.fingerprint, report);
    }
  }

  const byFunction = db.prepare<[string], { fingerprint: string }>(
    'SELECT fingerprint FROM finding_functions WHERE function_arn = ?',
  );
  for (const arn of deletedFunctions(db, scan)) {
    for (const { fingerprint } of byFunction.all(arn)) {
      unlink.run(fingerprint, arn);
      unlinked.add(fingerprint);
    }
  }

  // Fixed: nobody reports it any more. Snooze and acceptance end with it; their history stays.
  const remaining = db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM finding_functions WHERE fingerprint = ?',
  );
  const close = db.prepare(
    `UPDATE findings SET state = 'fixed', fixed_at = ?, fixed_scan_id = ?, snoozed_until = NULL,
       accepted_reason = NULL, state_by = NULL, state_at = NULL
     WHERE fingerprint = ? AND state <> 'fixed'`,
  );
  const fixed: string[] = [];
  for (const fingerprint of unlinked) {
    if ((remaining.get(fingerprint)?.n ?? 0) > 0) continue;
    if (close.run(now, scanId, fingerprint).changes > 0) fixed.push(fingerprint);
  }
  const scanRecord = {
    id: scanId,
    startedAt: new Date(options.startedAt?.getTime() ?? now).toISOString(),
    finishedAt: new Date(options.finishedAt?.getTime() ?? now).toISOString(),
    regions: [...scan.summary.regions],
    functions: scan.summary.functions,
    incomplete: scan.summary.incomplete,
    failed: scan.summary.failed.length,
    bySeverity: { ...scan.summary.bySeverity },
  };
  return { scan: scanRecord, opened, fixed };
}
