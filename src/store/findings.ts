/** Scans, findings and people's decisions about them, over either engine (see sql.ts). */
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
import type { Sql, SqlValue } from './sql.js';
import type { FindingRecord, FindingStore } from './store.js';

/** Scans are recorded one at a time across replicas, so two never interleave their transitions. */
const SCAN_LOCK = 'lambda-audit:record-scan';

export function findingsOver(db: Sql, now: () => Date): FindingStore {
  const withFunctions = async (rows: FindingRow[]): Promise<FindingRecord[]> => {
    if (rows.length === 0) return [];
    const links = new Map<string, FindingFunctionRow[]>();
    const all = await db.all<FindingFunctionRow>('SELECT * FROM finding_functions ORDER BY function_arn');
    for (const link of all) {
      const list = links.get(link.fingerprint) ?? [];
      list.push(link);
      links.set(link.fingerprint, list);
    }
    const at = now().getTime();
    return rows.map((row) => toFinding(row, (links.get(row.fingerprint) ?? []).map(toFunction), at));
  };

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
      const where: string[] = [];
      const params: number[] = [];
      if (query.openedAfterScan != null) {
        where.push('opened_scan_id > ?');
        params.push(query.openedAfterScan);
      }
      if (query.fixedAfterScan != null) {
        where.push('fixed_scan_id > ?');
        params.push(query.fixedAfterScan);
      }
      const rows = await db.all<FindingRow>(
        `SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY fingerprint`,
        params,
      );
      const records = await withFunctions(rows);
      // State is filtered after mapping: an expired snooze is open, which SQL alone would not know.
      return query.states ? records.filter((r) => query.states?.includes(r.state)) : records;
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
