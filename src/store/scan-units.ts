/**
 * A scan's units over either engine (the ledger scan-units.ts runs them from). A run is the set
 * of its units; a replica starting the same set joins the unfinished run (within a day) instead
 * of starting over, so replicas share one scan and a restarted scan resumes. A named run (the
 * scheduled scan's, named for its slot) is joined finished or not, and only under its name.
 * A unit is claimed with one conditional UPDATE (owner + lease; on PostgreSQL the row is picked with FOR UPDATE
 * SKIP LOCKED, so replicas claiming at once never wait on each other or take the same unit), its
 * lease renewed while it runs. Each function's result is a row of scan_unit_functions as soon as
 * it is audited; the rest of the unit's result (failures, account sections) is kept on the unit's
 * row as JSON when it finishes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type AuditReport, countBySeverity, type ScanReport, SEVERITIES, type Severity } from '../model.js';
import { type ScanUnit, type UnitLedger, unitKey } from '../scan-units.js';
import type { Sql } from './sql.js';

/**
 * An unfinished run older than this is abandoned: its results are too old to finish it with. A
 * finished run's function results are deleted this long after it finished (twice this after an
 * abandoned run started), when a new run begins.
 */
const RESUME_WITHIN_MS = 24 * 3_600_000;
/** Functions' results read back at a time. */
const FUNCTIONS_PAGE = 200;

/** A kept function's row as a page reads it: its place in the order, and its report. */
interface FunctionRow {
  unit: string;
  name: string;
  function_arn: string;
  report: string;
}

export interface ScanUnitStore {
  /** The store's ledger of scan units: shared by replicas on PostgreSQL, resumable on both. */
  readonly unitLedger: UnitLedger;
}

/** The finished units' functions of `run` (the scan's): `f` joined with its unit `u`. */
const FINISHED = `scan_unit_functions f JOIN scan_units u ON u.run_id = f.run_id AND u.unit = f.unit
    WHERE f.run_id = ? AND u.report IS NOT NULL`;

/**
 * One page of a run's finished functions in compareReports order (parameters: the run, then the
 * last row's unit, name and ARN when `after`): a walk along migration 6's index. compareReports'
 * order is code-unit order: SQLite's default (bytes); PostgreSQL's "C" collation, whatever the
 * database's own (a test EXPLAINs it on a database with a locale collation).
 */
export function functionsPageSql(
  dialect: Sql['dialect'],
  options: { withGaps?: boolean; after: boolean },
): string {
  const binary = dialect === 'postgres' ? ' COLLATE "C"' : '';
  const inOrder = ['f.unit', 'f.name', 'f.function_arn'].map((column) => `${column}${binary}`).join(', ');
  return `SELECT f.unit, f.name, f.function_arn, f.report FROM ${FINISHED} ${options.withGaps ? 'AND f.gaps > 0' : ''}
    ${options.after ? `AND (${inOrder}) > (?, ?, ?)` : ''}
    ORDER BY ${inOrder} LIMIT ${FUNCTIONS_PAGE}`;
}

export function scanUnitsOver(db: Sql, now: () => Date): ScanUnitStore {
  const ms = () => now().getTime();
  // PostgreSQL skips the rows other replicas are claiming; SQLite has one writer at a time.
  const lock = db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const unitLedger: UnitLedger = {
    async begin(units: readonly ScanUnit[], key?: string) {
      const keys = units.map(unitKey).sort();
      // A named run's hash starts with its name (a unit key has no NUL): it joins no other run.
      const named = key === undefined ? [] : [`${key}\u0000`];
      const hash = createHash('sha256')
        .update([...named, ...keys].join('\n'))
        .digest('hex')
        .slice(0, 24);
      return db.tx(
        async (q) => {
          const at = ms();
          const open = await q.get<{ id: string }>(
            `SELECT id FROM scan_runs WHERE units_hash = ? ${key === undefined ? 'AND finished_at IS NULL' : ''}
             AND started_at > ? ORDER BY started_at DESC LIMIT 1`,
            [hash, at - RESUME_WITHIN_MS],
          );
          if (open) return open.id;
          // A new run: the function results of runs long done (or long abandoned) are of no more use.
          await q.run(
            `DELETE FROM scan_unit_functions WHERE run_id IN (SELECT id FROM scan_runs
               WHERE finished_at < ? OR (finished_at IS NULL AND started_at < ?))`,
            [at - RESUME_WITHIN_MS, at - 2 * RESUME_WITHIN_MS],
          );
          const id = `${hash}-${at}-${randomBytes(4).toString('hex')}`;
          await q.run('INSERT INTO scan_runs (id, units_hash, units, started_at) VALUES (?, ?, ?, ?)', [
            id,
            hash,
            keys.length,
            at,
          ]);
          // One statement for all the units (a hundred accounts in every region are thousands).
          for (let i = 0; i < units.length; i += 500) {
            const batch = units.slice(i, i + 500);
            await q.run(
              `INSERT INTO scan_units (run_id, unit, account_id, region) VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`,
              batch.flatMap((unit) => [id, unitKey(unit), unit.account, unit.region]),
            );
          }
          return id;
        },
        { serialize: 'scan_runs' },
      );
    },

    async claim(run, owner, leaseMs) {
      const at = ms();
      const row = await db.get<{ account_id: string; region: string }>(
        `UPDATE scan_units SET owner = ?, lease_until = ?, claims = claims + 1
         WHERE run_id = ? AND unit = (
           SELECT unit FROM scan_units
           WHERE run_id = ? AND report IS NULL AND (owner IS NULL OR lease_until <= ?)
           ORDER BY unit LIMIT 1 ${lock})
         RETURNING account_id, region`,
        [owner, at + leaseMs, run, run, at],
      );
      return row ? { account: row.account_id, region: row.region } : null;
    },

    async renew(run, unit, owner, leaseMs) {
      const changed = await db.run(
        'UPDATE scan_units SET lease_until = ? WHERE run_id = ? AND unit = ? AND owner = ? AND report IS NULL',
        [ms() + leaseMs, run, unitKey(unit), owner],
      );
      return changed === 1;
    },

    async keep(run, unit, report: AuditReport) {
      const counts = countBySeverity(report.findings);
      // Two owners of one unit (one presumed dead) may both audit a function: the first result stands.
      await db.run(
        `INSERT INTO scan_unit_functions
           (run_id, unit, function_arn, name, critical, high, medium, low, info, gaps, report)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          run,
          unitKey(unit),
          report.function.arn,
          report.function.name,
          counts.critical,
          counts.high,
          counts.medium,
          counts.low,
          counts.info,
          report.unverified.length,
          JSON.stringify(report),
        ],
      );
    },

    async kept(run, unit) {
      const rows = await db.all<{ function_arn: string }>(
        'SELECT function_arn FROM scan_unit_functions WHERE run_id = ? AND unit = ?',
        [run, unitKey(unit)],
      );
      return new Set(rows.map((r) => r.function_arn));
    },

    async complete(run, unit, owner, rest: ScanReport, durationMs) {
      const changed = await db.run(
        `UPDATE scan_units SET report = ?, done_at = ?, duration_ms = ?
         WHERE run_id = ? AND unit = ? AND owner = ? AND report IS NULL`,
        [JSON.stringify(rest), ms(), Math.round(durationMs), run, unitKey(unit), owner],
      );
      return changed === 1;
    },

    async remaining(run) {
      const row = await db.get<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM scan_units WHERE run_id = ? AND report IS NULL',
        [run],
      );
      return Number(row?.n ?? 0);
    },

    async rests(run) {
      const rows = await db.all<{ report: string }>(
        'SELECT report FROM scan_units WHERE run_id = ? AND report IS NOT NULL ORDER BY unit',
        [run],
      );
      return rows.map((r) => JSON.parse(r.report) as ScanReport);
    },

    async *functions(run, options) {
      // Page by page, keyset on the index in order: a scan's results are never all in memory.
      // A unit is `account/region` and account ids are twelve digits, so ordering by unit is
      // ordering by account, then region, as compareReports does.
      let after: [string, string, string] | null = null;
      for (;;) {
        const rows: FunctionRow[] = await db.committed(
          functionsPageSql(db.dialect, { withGaps: options?.withGaps ?? false, after: after !== null }),
          after ? [run, ...after] : [run],
        );
        if (rows.length > 0) yield rows.map((r) => JSON.parse(r.report) as AuditReport);
        const last = rows.at(-1);
        if (!last || rows.length < FUNCTIONS_PAGE) return;
        after = [last.unit, last.name, last.function_arn];
      }
    },

    async totals(run) {
      // summarise()'s counts, summed where the rows are.
      const row = await db.get<Record<'n' | 'incomplete' | Severity, number | string | null>>(
        `SELECT COUNT(*) AS n, SUM(CASE WHEN f.gaps > 0 THEN 1 ELSE 0 END) AS incomplete,
           ${SEVERITIES.map((s) => `SUM(f.${s}) AS ${s}`).join(', ')}
         FROM ${FINISHED}`,
        [run],
      );
      const count = (value: number | string | null | undefined) => Number(value ?? 0);
      return {
        functions: count(row?.n),
        incomplete: count(row?.incomplete),
        bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, count(row?.[s])])) as Record<
          Severity,
          number
        >,
      };
    },

    async finish(run) {
      return (
        (await db.run('UPDATE scan_runs SET finished_at = ? WHERE id = ? AND finished_at IS NULL', [
          ms(),
          run,
        ])) === 1
      );
    },
  };
  return { unitLedger };
}
