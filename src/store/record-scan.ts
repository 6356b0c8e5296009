/**
 * The heart of the store: one scan's effect on finding state. Runs inside the caller's
 * transaction, so it may throw at any point and leave nothing behind.
 */

import { accountReport } from '../account-audit.js';
import { parseArn, parseFunctionArn } from '../arn.js';
import type { AuditReport, ScanReport, ScanResult } from '../model.js';
import { batchesOf, type Outcome, type RecordContext, recordBatch, unlink } from './record-batch.js';
import { allIn, insertRows, type Sql, type SqlValue } from './sql.js';
import type { RecordedScan, RecordScanOptions } from './store.js';

function accountOf(arn: string): string | null {
  return parseArn(arn)?.account || null;
}

function nameOf(arn: string): string {
  return arn === '*' ? '*' : (parseFunctionArn(arn)?.name ?? arn);
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
  // A page's gaps at a time: a paged scan is never held whole.
  let seq = 0;
  const insertGaps = (gaps: readonly SqlValue[][]) =>
    insertRows(
      db,
      'INSERT INTO scan_gaps (scan_id, seq, kind, function_arn, function_name, account_id, region, area, api, reason)',
      gaps.map((values) => [scanId, seq++, ...values]),
    );
  for await (const page of functionsOf(scan, true))
    await insertGaps(
      page.flatMap(({ function: fn, unverified }) =>
        unverified.map((u) => [
          'unverified',
          fn.arn,
          fn.name,
          fn.accountId,
          fn.region,
          u.area,
          u.api,
          u.reason,
        ]),
      ),
    );
  await insertGaps(
    summary.failed.map((f) => [
      'failed',
      f.function,
      nameOf(f.function),
      accountOf(f.function),
      f.region,
      null,
      null,
      f.reason,
    ]),
  );
  return scanId;
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
  const outcome: Outcome = { opened: [], unlinked: new Set() };
  // What deletedFunctions needs of the functions, gathered as they go by (ARNs, not reports).
  const seen = { audited: new Set<string>(), accounts: new Set<string>() };
  for await (const page of functionsOf(scan)) {
    for (const { function: fn } of page) {
      seen.audited.add(fn.arn);
      seen.accounts.add(fn.accountId);
    }
    for (const batch of batchesOf(page)) await recordBatch(ctx, batch, scanId, outcome);
  }

  const deleted = await allIn<{ fingerprint: string; function_arn: string }>(
    db,
    (list) => `SELECT fingerprint, function_arn FROM finding_functions WHERE function_arn IN (${list})`,
    await deletedFunctions(db, scan, seen),
  );
  await unlink(
    db,
    deleted.map((link) => [link.fingerprint, link.function_arn]),
  );
  for (const link of deleted) outcome.unlinked.add(link.fingerprint);

  // Fixed: nobody reports it any more. Snooze and acceptance end with it; their history stays.
  const unlinked = [...outcome.unlinked];
  const remaining = new Set(
    (
      await allIn<{ fingerprint: string }>(
        db,
        (list) => `SELECT DISTINCT fingerprint FROM finding_functions WHERE fingerprint IN (${list})`,
        unlinked,
      )
    ).map((row) => row.fingerprint),
  );
  const closed = new Set(
    (
      await allIn<{ fingerprint: string }>(
        db,
        (list) => `UPDATE findings SET state = 'fixed', fixed_at = ?, fixed_scan_id = ?, snoozed_until = NULL,
           accepted_reason = NULL, state_by = NULL, state_at = NULL
         WHERE fingerprint IN (${list}) AND state <> 'fixed' RETURNING fingerprint`,
        unlinked.filter((fingerprint) => !remaining.has(fingerprint)),
        [now, scanId],
      )
    ).map((row) => row.fingerprint),
  );
  const fixed = unlinked.filter((fingerprint) => closed.has(fingerprint));
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
  return { scan: scanRecord, opened: outcome.opened, fixed };
}
