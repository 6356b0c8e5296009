/**
 * A batch of a scan's functions recorded in a few multi-row statements (chunks of sql.ts's
 * ROWS_PER_STATEMENT): on PostgreSQL each statement is a round trip, and one per finding made a
 * scan of 200,000 findings take minutes. Runs inside record-scan.ts's transaction.
 */
import type { AuditReport, Finding, Unverified } from '../model.js';
import { allIn, chunks, insertRows, marks, rowMarks, type Sql } from './sql.js';

/** What recording a scan works with: its transaction, its time, and the coverage rule. */
export interface RecordContext {
  db: Sql;
  now: number;
  covers: (check: string, gaps: readonly Unverified[]) => boolean;
}

/** One finding of one function in this scan. */
interface Sighting {
  finding: Finding;
  report: AuditReport;
}

/** What a scan's recording gathers as its pages go by. */
export interface Outcome {
  opened: string[];
  unlinked: Set<string>;
}

/** Drops the links of (fingerprint, function ARN) pairs, a chunk per statement. */
export async function unlink(db: Sql, pairs: readonly [string, string][]): Promise<void> {
  for (const part of chunks(pairs, 2))
    await db.run(
      `DELETE FROM finding_functions WHERE (fingerprint, function_arn) IN (VALUES ${rowMarks(part.length, 2)})`,
      part.flat(),
    );
}

/**
 * Consecutive reports with distinct function ARNs: a batch reads its functions' links once, up
 * front, which equals reading them function by function only when no function comes twice.
 */
export function batchesOf(page: readonly AuditReport[]): AuditReport[][] {
  const batches: AuditReport[][] = [];
  let arns = new Set<string>();
  let batch: AuditReport[] = [];
  for (const report of page) {
    if (arns.has(report.function.arn)) {
      batches.push(batch);
      batch = [];
      arns = new Set();
    }
    arns.add(report.function.arn);
    batch.push(report);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Records a batch of functions' findings, a few statements per ROWS_PER_STATEMENT findings
 * (one round trip each on PostgreSQL), with the effect of recording them one function after
 * another: links this scan could have seen and did not are dropped; a new finding opens with its
 * first function; one seen again takes its last sighting's text, and opens afresh if it was
 * fixed (a regression is news, so a past snooze no longer applies).
 */
export async function recordBatch(
  { db, now, covers }: RecordContext,
  reports: readonly AuditReport[],
  scanId: number,
  outcome: Outcome,
): Promise<void> {
  const links = await allIn<{ fingerprint: string; function_arn: string; check_id: string }>(
    db,
    (list) => `SELECT ff.fingerprint, ff.function_arn, f.check_id FROM finding_functions ff
       JOIN findings f USING (fingerprint) WHERE ff.function_arn IN (${list})`,
    reports.map((r) => r.function.arn),
  );
  const linksOf = new Map<string, typeof links>();
  for (const link of links) {
    const list = linksOf.get(link.function_arn);
    if (list) list.push(link);
    else linksOf.set(link.function_arn, [link]);
  }
  const gone: [string, string][] = [];
  const sightings: Sighting[] = [];
  for (const report of reports) {
    const current = new Map(report.findings.map((f) => [f.fingerprint, f]));
    // A function stops reporting a finding only if this scan could have seen it.
    for (const link of linksOf.get(report.function.arn) ?? []) {
      if (current.has(link.fingerprint) || !covers(link.check_id, report.unverified)) continue;
      gone.push([link.fingerprint, report.function.arn]);
      outcome.unlinked.add(link.fingerprint);
    }
    for (const finding of current.values()) sightings.push({ finding, report });
  }
  await unlink(db, gone);

  const fingerprints = [...new Set(sightings.map((s) => s.finding.fingerprint))];
  const states = new Map(
    (
      await allIn<{ fingerprint: string; state: string }>(
        db,
        (list) => `SELECT fingerprint, state FROM findings WHERE fingerprint IN (${list})`,
        fingerprints,
      )
    ).map((row) => [row.fingerprint, row.state]),
  );
  const upserts = new Map<string, Sighting>();
  const reopened: string[] = [];
  for (const { finding, report } of sightings) {
    const first = upserts.get(finding.fingerprint);
    upserts.set(finding.fingerprint, { finding, report: first?.report ?? report });
    if (first) continue;
    const state = states.get(finding.fingerprint);
    if (state === 'fixed') reopened.push(finding.fingerprint);
    if (state === undefined || state === 'fixed') outcome.opened.push(finding.fingerprint);
  }
  await insertRows(
    db,
    `INSERT INTO findings (fingerprint, check_id, function_arn, resource, account_id, region, severity, title,
       detail, remediation, first_seen, last_seen, last_scan_id, opened_at, opened_scan_id, state)`,
    [...upserts.values()].map(({ finding: f, report: r }) => [
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
      'open',
    ]),
    `ON CONFLICT (fingerprint) DO UPDATE SET severity = excluded.severity, title = excluded.title,
       detail = excluded.detail, remediation = excluded.remediation, resource = excluded.resource,
       last_seen = excluded.last_seen, last_scan_id = excluded.last_scan_id`,
  );
  for (const part of chunks(reopened))
    await db.run(
      `UPDATE findings SET state = 'open', opened_at = ?, opened_scan_id = ?, fixed_at = NULL, fixed_scan_id = NULL,
         snoozed_until = NULL, accepted_reason = NULL, state_by = NULL, state_at = NULL
       WHERE fingerprint IN (${marks(part.length)})`,
      [now, scanId, ...part],
    );
  await insertRows(
    db,
    'INSERT INTO finding_functions (fingerprint, function_arn, function_name, account_id, region)',
    sightings.map(({ finding, report: { function: fn } }) => [
      finding.fingerprint,
      fn.arn,
      fn.name,
      fn.accountId,
      fn.region,
    ]),
    'ON CONFLICT DO NOTHING',
  );
}
