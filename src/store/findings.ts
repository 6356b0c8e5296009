/** Scans, findings and people's decisions about them, over either engine (see sql.ts). */

import { SEVERITIES, type Severity } from '../model.js';
import { defaultCoverage } from './coverage.js';
import { applyScan } from './record-scan.js';
import {
  type FindingFunctionRow,
  type FindingRow,
  type GapRow,
  type ScanRow,
  toFinding,
  toFunction,
  toGap,
  toScan,
} from './rows.js';
import { allIn, type Sql, type SqlValue } from './sql.js';
import type { FindingQuery, FindingRecord, FindingStore } from './store.js';

/** A function's open findings counted by severity, as openCountsByFunction reads them. */
type FunctionCountsRow = Omit<FindingFunctionRow, 'fingerprint'> &
  Partial<Record<Severity, number | string | null>>;

/** Scans are recorded one at a time across replicas, so two never interleave their transitions. */
const SCAN_LOCK = 'lambda-audit:record-scan';

/** Findings (and functions with open findings) read back at a time. */
const PAGE = 500;

export function findingsOver(db: Sql, now: () => Date): FindingStore {
  /** The rows as records, each with the functions it is on (its links only, in ARN order). */
  const withFunctions = async (rows: FindingRow[]): Promise<FindingRecord[]> => {
    if (rows.length === 0) return [];
    const links = new Map<string, FindingFunctionRow[]>();
    const all = await allIn<FindingFunctionRow>(
      db,
      (list) => `SELECT * FROM finding_functions WHERE fingerprint IN (${list}) ORDER BY function_arn`,
      rows.map((r) => r.fingerprint),
    );
    for (const link of all) {
      const list = links.get(link.fingerprint) ?? [];
      list.push(link);
      links.set(link.fingerprint, list);
    }
    const at = now().getTime();
    return rows.map((row) => toFinding(row, (links.get(row.fingerprint) ?? []).map(toFunction), at));
  };

  /** Findings a page at a time in fingerprint order, each page with its own functions' links. */
  async function* findingPages(query: FindingQuery = {}): AsyncGenerator<FindingRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.openedAfterScan != null) {
      where.push('opened_scan_id > ?');
      params.push(query.openedAfterScan);
    }
    if (query.fixedAfterScan != null) {
      where.push('fixed_scan_id > ?');
      params.push(query.fixedAfterScan);
    }
    let after: string | null = null;
    for (;;) {
      const clauses = after === null ? where : [...where, 'fingerprint > ?'];
      const rows: FindingRow[] = await db.all<FindingRow>(
        `SELECT * FROM findings ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
         ORDER BY fingerprint LIMIT ${PAGE}`,
        after === null ? params : [...params, after],
      );
      const records = await withFunctions(rows);
      // State is filtered after mapping: an expired snooze is open, which SQL alone would not know.
      const kept = query.states ? records.filter((r) => query.states?.includes(r.state)) : records;
      if (kept.length > 0) yield kept;
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = last.fingerprint;
    }
  }

  const finding = async (fingerprint: string): Promise<FindingRecord | null> => {
    const row = await db.get<FindingRow>('SELECT * FROM findings WHERE fingerprint = ?', [fingerprint]);
    return row ? ((await withFunctions([row]))[0] ?? null) : null;
  };

  /** One decision: the finding row and its history row together, or neither. */
  const decide = async (
    fingerprint: string,
    update: [string, SqlValue[]],
    history: [string, SqlValue[]] | null,
  ): Promise<FindingRecord | null> => {
    const changed = await db.tx(async (q) => {
      if ((await q.run(...update)) === 0) return false;
      if (history) await q.run(...history);
      return true;
    });
    return changed ? finding(fingerprint) : null;
  };

  return {
    async recordScan(scan, options = {}) {
      return db.tx(
        (q) =>
          applyScan(
            { db: q, now: now().getTime(), covers: options.covers ?? defaultCoverage },
            scan,
            options,
          ),
        { serialize: SCAN_LOCK },
      );
    },

    async latestScan() {
      // A scan of no region is the one-function record a Slack decision makes for a finding no
      // scan stored yet (see slack/actions/reports.ts): not a scan the digest should describe.
      const row = await db.get<ScanRow>("SELECT * FROM scans WHERE regions <> '[]' ORDER BY id DESC LIMIT 1");
      return row ? toScan(row) : null;
    },

    async scanGaps(scanId) {
      return (await db.all<GapRow>('SELECT * FROM scan_gaps WHERE scan_id = ? ORDER BY seq', [scanId])).map(
        toGap,
      );
    },

    async findings(query = {}) {
      const all: FindingRecord[] = [];
      for await (const page of findingPages(query)) all.push(...page);
      return all;
    },

    findingPages,

    async *openCountsByFunction() {
      const counts = SEVERITIES.map(
        (s) => `SUM(CASE WHEN f.severity = '${s}' THEN 1 ELSE 0 END) AS ${s}`,
      ).join(', ');
      let after: string | null = null;
      for (;;) {
        // Open as toFinding reads it (a snooze that ran out is open); account and region
        // findings, kept under the account's pseudo-function, are not any function's.
        const rows: FunctionCountsRow[] = await db.all<FunctionCountsRow>(
          `SELECT l.function_arn, MIN(l.function_name) AS function_name, MIN(l.account_id) AS account_id,
             MIN(l.region) AS region, ${counts}
           FROM finding_functions l JOIN findings f ON f.fingerprint = l.fingerprint
           WHERE (f.state = 'open' OR (f.state = 'snoozed' AND COALESCE(f.snoozed_until, 0) <= ?))
             AND f.function_arn <> 'arn:aws::' || f.region || ':' || f.account_id || ':account'
             ${after === null ? '' : 'AND l.function_arn > ?'}
           GROUP BY l.function_arn ORDER BY l.function_arn LIMIT ${PAGE}`,
          after === null ? [now().getTime()] : [now().getTime(), after],
        );
        if (rows.length > 0)
          yield rows.map((r) => ({
            ...toFunction(r),
            counts: Object.fromEntries(SEVERITIES.map((s) => [s, Number(r[s] ?? 0)])) as Record<
              Severity,
              number
            >,
          }));
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) return;
        after = last.function_arn;
      }
    },

    finding,

    async snooze(fingerprint, until, by, reason) {
      const at = now().getTime();
      return decide(
        fingerprint,
        [
          `UPDATE findings SET state = 'snoozed', snoozed_until = ?, accepted_reason = NULL, state_by = ?, state_at = ?
           WHERE fingerprint = ? AND state <> 'fixed'`,
          [until.getTime(), by, at, fingerprint],
        ],
        [
          'INSERT INTO snoozes (fingerprint, until, by_user, reason, at) VALUES (?, ?, ?, ?, ?)',
          [fingerprint, until.getTime(), by, reason ?? null, at],
        ],
      );
    },

    async accept(fingerprint, by, reason) {
      const at = now().getTime();
      return decide(
        fingerprint,
        [
          `UPDATE findings SET state = 'accepted', snoozed_until = NULL, accepted_reason = ?, state_by = ?, state_at = ?
           WHERE fingerprint = ? AND state <> 'fixed'`,
          [reason, by, at, fingerprint],
        ],
        [
          'INSERT INTO acceptances (fingerprint, by_user, reason, at) VALUES (?, ?, ?, ?)',
          [fingerprint, by, reason, at],
        ],
      );
    },

    async reopen(fingerprint, by) {
      return decide(
        fingerprint,
        [
          `UPDATE findings SET state = 'open', snoozed_until = NULL, accepted_reason = NULL, state_by = ?, state_at = ?
           WHERE fingerprint = ? AND state IN ('snoozed', 'accepted')`,
          [by, now().getTime(), fingerprint],
        ],
        null,
      );
    },
  };
}
