/**
 * The heart of the store: one scan's effect on finding state. Runs inside the caller's
 * transaction, so it may throw at any point and leave nothing behind.
 */

import { accountReport } from '../account-audit.js';
import { parseArn, parseFunctionArn } from '../arn.js';
import type { AuditReport, Finding, ScanReport, ScanResult, Unverified } from '../model.js';
import type { Sql } from './sql.js';
import type { RecordedScan, RecordScanOptions } from './store.js';

function accountOf(arn: string): string | null {
  return parseArn(arn)?.account || null;
}

function nameOf(arn: string): string {
  return arn === '*' ? '*' : (parseFunctionArn(arn)?.name ?? arn);
}

export interface RecordContext {
  db: Sql;
  now: number;
  covers: (check: string, gaps: readonly Unverified[]) => boolean;
}

/** A scan to record: held in memory, or read page by page (the CLI's, from the store). */
export type RecordableScan = ScanReport | ScanResult;

/**
 * The scan's functions a page at a time (a held scan's in its own order), then its account
 * sections as functions: fingerprints, snoozes, tickets and "fixed" then work on account and
 * region findings as on any finding, and the store's schema stays as it is. `withGaps`: only
 * those with a gap.
 */
async function* functionsOf(scan: RecordableScan, withGaps = false): AsyncGenerator<AuditReport[]> {
  const gapped = (reports: readonly AuditReport[]) =>
    withGaps ? reports.filter((r) => r.unverified.length > 0) : [...reports];
  if (Array.isArray(scan.functions)) yield gapped(scan.functions);
  else yield* (scan as ScanResult).functions(withGaps ? { withGaps } : {});
  yield gapped((scan.accounts ?? []).map((a) => accountReport(a)));
}

/** Inserts the scan row and its gaps; returns the scan id. */
async function insertScan(
  ctx: RecordContext,
  scan: RecordableScan,
  options: RecordScanOptions,
): Promise<number> {
  const { db, now } = ctx;
  const { summary } = scan;
  const inserted = await db.get<{ id: number }>(
    `INSERT INTO scans (started_at, finished_at, regions, functions, incomplete, failed, by_severity)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      options.startedAt?.getTime() ?? now,
      options.finishedAt?.getTime() ?? now,
      JSON.stringify(summary.regions),
      summary.functions,
      summary.incomplete,
      summary.failed.length,
      JSON.stringify(summary.bySeverity),
    ],
  );
  const scanId = Number(inserted?.id);
  let seq = 0;
  const gap = (values: (string | null)[]) =>
    db.run(
      `INSERT INTO scan_gaps (scan_id, seq, kind, function_arn, function_name, account_id, region, area, api, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [scanId, seq++, ...values],
    );
  for await (const page of functionsOf(scan, true))
    for (const { function: fn, unverified } of page)
      for (const u of unverified)
        await gap(['unverified', fn.arn, fn.name, fn.accountId, fn.region, u.area, u.api, u.reason]);
  for (const f of summary.failed)
    await gap([
      'failed',
      f.function,
      nameOf(f.function),
      accountOf(f.function),
      f.region,
      null,
      null,
      f.reason,
    ]);
  return scanId;
}

interface Statements {
  state: (fingerprint: string) => Promise<{ state: string } | undefined>;
  insert: (f: Finding, report: AuditReport, scanId: number) => Promise<number>;
  update: (f: Finding, scanId: number) => Promise<number>;
  reopen: (fingerprint: string, scanId: number) => Promise<number>;
  link: (fingerprint: string, report: AuditReport) => Promise<number>;
}

function statements({ db, now }: RecordContext): Statements {
  return {
    state: (fp) => db.get<{ state: string }>('SELECT state FROM findings WHERE fingerprint = ?', [fp]),
    insert: (f, r, scanId) =>
      db.run(
        `INSERT INTO findings (fingerprint, check_id, function_arn, resource, account_id, region, severity, title,
           detail, remediation, first_seen, last_seen, last_scan_id, opened_at, opened_scan_id, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
        [
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
        ],
      ),
    update: (f, scanId) =>
      db.run(
        `UPDATE findings SET severity = ?, title = ?, detail = ?, remediation = ?, resource = ?,
           last_seen = ?, last_scan_id = ? WHERE fingerprint = ?`,
        [f.severity, f.title, f.detail, f.remediation, f.resource, now, scanId, f.fingerprint],
      ),
    // Seen again after a fix: a regression is news, so it opens afresh (a past snooze no longer applies).
    reopen: (fp, scanId) =>
      db.run(
        `UPDATE findings SET state = 'open', opened_at = ?, opened_scan_id = ?, fixed_at = NULL, fixed_scan_id = NULL,
           snoozed_until = NULL, accepted_reason = NULL, state_by = NULL, state_at = NULL WHERE fingerprint = ?`,
        [now, scanId, fp],
      ),
    link: (fp, r) =>
      db.run(
        `INSERT INTO finding_functions (fingerprint, function_arn, function_name, account_id, region)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [fp, r.function.arn, r.function.name, r.function.accountId, r.function.region],
      ),
  };
}

/**
 * Functions whose findings may be dropped because they no longer exist: absent from a scan that
 * listed their region completely, in an account the scan reached, and not merely failed.
 */
async function deletedFunctions(
  db: Sql,
  scan: RecordableScan,
  seen: { audited: ReadonlySet<string>; accounts: ReadonlySet<string> },
): Promise<string[]> {
  const regions = new Set(scan.summary.regions);
  const listingFailed = new Set(scan.summary.failed.filter((f) => f.function === '*').map((f) => f.region));
  const failed = new Set(scan.summary.failed.map((f) => f.function));
  const { audited, accounts } = seen;
  const known = await db.all<{ function_arn: string; account_id: string; region: string }>(
    'SELECT DISTINCT function_arn, account_id, region FROM finding_functions',
  );
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
export async function applyScan(
  ctx: RecordContext,
  scan: RecordableScan,
  options: RecordScanOptions,
): Promise<RecordedScan> {
  const { db, now } = ctx;
  const scanId = await insertScan(ctx, scan, options);
  const sql = statements(ctx);
  const unlink = (fingerprint: string, arn: string) =>
    db.run('DELETE FROM finding_functions WHERE fingerprint = ? AND function_arn = ?', [fingerprint, arn]);
  const opened: string[] = [];
  const unlinked = new Set<string>();
  // What deletedFunctions needs of the functions, gathered as they go by (ARNs, not reports).
  const seen = { audited: new Set<string>(), accounts: new Set<string>() };

  for await (const page of functionsOf(scan))
    for (const report of page) {
      seen.audited.add(report.function.arn);
      seen.accounts.add(report.function.accountId);
      const current = new Map(report.findings.map((f) => [f.fingerprint, f]));
      const links = await db.all<{ fingerprint: string; check_id: string }>(
        `SELECT ff.fingerprint, f.check_id FROM finding_functions ff JOIN findings f USING (fingerprint)
       WHERE ff.function_arn = ?`,
        [report.function.arn],
      );
      // A function stops reporting a finding only if this scan could have seen it.
      for (const link of links) {
        if (current.has(link.fingerprint) || !ctx.covers(link.check_id, report.unverified)) continue;
        await unlink(link.fingerprint, report.function.arn);
        unlinked.add(link.fingerprint);
      }
      for (const finding of current.values()) {
        const existing = await sql.state(finding.fingerprint);
        if (!existing) {
          await sql.insert(finding, report, scanId);
          opened.push(finding.fingerprint);
        } else {
          await sql.update(finding, scanId);
          if (existing.state === 'fixed') {
            await sql.reopen(finding.fingerprint, scanId);
            opened.push(finding.fingerprint);
          }
        }
        await sql.link(finding.fingerprint, report);
      }
    }

  for (const arn of await deletedFunctions(db, scan, seen)) {
    const byFunction = await db.all<{ fingerprint: string }>(
      'SELECT fingerprint FROM finding_functions WHERE function_arn = ?',
      [arn],
    );
    for (const { fingerprint } of byFunction) {
      await unlink(fingerprint, arn);
      unlinked.add(fingerprint);
    }
  }

  // Fixed: nobody reports it any more. Snooze and acceptance end with it; their history stays.
  const fixed: string[] = [];
  for (const fingerprint of unlinked) {
    const remaining = await db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM finding_functions WHERE fingerprint = ?',
      [fingerprint],
    );
    if ((remaining?.n ?? 0) > 0) continue;
    const closed = await db.run(
      `UPDATE findings SET state = 'fixed', fixed_at = ?, fixed_scan_id = ?, snoozed_until = NULL,
         accepted_reason = NULL, state_by = NULL, state_at = NULL
       WHERE fingerprint = ? AND state <> 'fixed'`,
      [now, scanId, fingerprint],
    );
    if (closed > 0) fixed.push(fingerprint);
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
