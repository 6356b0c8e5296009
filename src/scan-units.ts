/**
 * A scan as units of one account in one region, run concurrently up to a bound, each under its
 * own quotas. The units are handed out by a ledger: in memory for one process, or the store's
 * (scan_units, claimed with a lease) so that replicas share one scan, a dead replica's units are
 * taken over when their lease lapses, and a restarted scan resumes where it stopped. Each
 * function's result goes to the ledger as soon as it is audited (not held until its unit ends),
 * so a unit taken over skips the functions already done; the scan's result reads them back page by
 * page (its totals summed by the ledger), never as one array. (Over 300 lines: the ledger's
 * contract, the runner and the memory ledger are read together.)
 */
import { mapBounded } from './concurrency.js';
import {
  type AuditReport,
  compareReports,
  countBySeverity,
  type ScanReport,
  type ScanResult,
  type ScanSummary,
} from './model.js';

/** One account in one region; `region` is `*` for an account that could not be entered at all. */
export interface ScanUnit {
  account: string;
  region: string;
}

export const unitKey = (unit: ScanUnit) => `${unit.account}/${unit.region}`;

/** Where units are claimed and their results kept (store/scan-units.ts over SQL; memoryLedger here). */
export interface UnitLedger {
  /**
   * Joins the unfinished run of exactly these units, or starts one; returns its id. With `key`,
   * the run is the one of these units under that name, finished or not (the scheduled scan of one
   * slot: every replica joins it, and one arriving late reads its result instead of scanning
   * again); runs with and without a key, or with other keys, never join each other.
   */
  begin(units: readonly ScanUnit[], key?: string): Promise<string>;
  /** A unit nobody holds (or whose holder's lease lapsed), now held by `owner`; null when none is left. */
  claim(run: string, owner: string, leaseMs: number): Promise<ScanUnit | null>;
  /** Extends the lease; false when the unit was taken over meanwhile. */
  renew(run: string, unit: ScanUnit, owner: string, leaseMs: number): Promise<boolean>;
  /** Keeps one function's result of the unit; the first kept for a function stands. */
  keep(run: string, unit: ScanUnit, report: AuditReport): Promise<void>;
  /** The ARNs of the unit's functions kept so far. */
  kept(run: string, unit: ScanUnit): Promise<Set<string>>;
  /**
   * Keeps the rest of the unit's result (its failures, regions and account sections; its
   * functions were kept one by one); false when another owner holds it now (it is then theirs).
   */
  complete(run: string, unit: ScanUnit, owner: string, rest: ScanReport, ms: number): Promise<boolean>;
  /** How many units are not done yet. */
  remaining(run: string): Promise<number>;
  /** The rest of every finished unit's result (see `complete`), in unit order. */
  rests(run: string): Promise<ScanReport[]>;
  /**
   * The functions' results kept for finished units, a page at a time, in compareReports order
   * (`withGaps`: only those with a gap).
   */
  functions(run: string, options?: { withGaps?: boolean }): AsyncIterable<AuditReport[]>;
  /** The counts summarise() makes of the functions `functions` reads. */
  totals(run: string): Promise<FunctionTotals>;
  /** Marks the run finished; true for the one caller that did it (it records the scan). */
  finish(run: string): Promise<boolean>;
}

/** A scan's counts of its functions (the rest of its summary comes from the units' rests). */
export type FunctionTotals = Pick<ScanSummary, 'functions' | 'incomplete' | 'bySeverity'>;

export interface UnitProgress {
  accounts: { done: number; total: number };
  /** `elsewhere`: of those done, how many another replica (or an earlier run) did. */
  units: { done: number; total: number; elsewhere: number };
  /** The unit that has taken longest so far (finished, or still running). */
  slowest: { unit: string; ms: number } | null;
}

export interface RunUnitsOptions {
  ledger: UnitLedger;
  owner: string;
  /** Units in flight at once: enough for every account-region to keep its own pace. */
  concurrency: number;
  leaseMs: number;
  now: () => number;
  /** Scans one unit, handing each function's result to `results.keep` as it is audited. */
  scanUnit: (unit: ScanUnit, results: UnitResults) => Promise<ScanReport>;
  onProgress?: (progress: UnitProgress) => void;
  /** How long to wait before looking again for units other replicas hold. */
  pollMs?: number;
  /** The run's name (see UnitLedger.begin): replicas scanning for the same reason join it. */
  key?: string;
  /**
   * Only helps with the run: claims units while any is free, then returns without waiting for
   * those others hold and without finishing the run (`finisher` false): the caller that does
   * not help (the scheduled scan's builder) waits, finishes and records it.
   */
  help?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

/** Where a unit's scan puts its functions' results, and which it need not read again. */
export interface UnitResults {
  /** ARNs of the unit's functions already kept (by an owner that died holding the unit). */
  done: ReadonlySet<string>;
  /** Keeps one function's result now: memory stays flat, and a takeover skips the function. */
  keep: (report: AuditReport) => Promise<void>;
}

/** The run's outcome: its result, and whether this caller finished it (and so records it). */
export interface UnitRun {
  result: ScanResult;
  finisher: boolean;
}

/**
 * The run's result: the units' rests (failures, regions, account sections) merged, the functions
 * counted by the ledger and read from it when asked (runUnits keeps every function there).
 */
async function resultOf(ledger: UnitLedger, run: string): Promise<ScanResult> {
  const parts = await ledger.rests(run);
  const regions = [...new Set(parts.flatMap((p) => p.summary.regions))].filter((r) => r !== '*').sort();
  return {
    accounts: parts.flatMap((p) => p.accounts ?? []),
    summary: { ...(await ledger.totals(run)), regions, failed: parts.flatMap((p) => p.summary.failed) },
    functions: (options) => ledger.functions(run, options),
  };
}

/**
 * Runs every unit of `units` that is not done yet, this replica's share of them: claims one at a
 * time up to `concurrency` in flight, renews each lease while its unit runs, keeps each result in
 * the ledger, then waits for units other replicas hold (taking over any whose lease lapses).
 */
export async function runUnits(units: readonly ScanUnit[], options: RunUnitsOptions): Promise<UnitRun> {
  const { ledger, owner, leaseMs } = options;
  const run = await ledger.begin(units, options.key);
  const accounts = new Set(units.map((u) => u.account));
  const doneByAccount = new Map<string, number>();
  const perAccount = new Map<string, number>();
  for (const u of units) perAccount.set(u.account, (perAccount.get(u.account) ?? 0) + 1);
  const running = new Map<string, number>();
  let done = units.length - (await ledger.remaining(run));
  /** Units this caller finished itself (the rest of `done` another replica did). */
  let mine = 0;
  let slowest: UnitProgress['slowest'] = null;
  const progress = () => {
    if (!options.onProgress) return;
    const at = options.now();
    let worst = slowest;
    for (const [unit, started] of running)
      if (!worst || at - started > worst.ms) worst = { unit, ms: at - started };
    // Every unit done (some by other replicas, whose units this one did not see end): every account.
    const accountsDone =
      done === units.length
        ? accounts.size
        : [...perAccount].filter(([a, n]) => (doneByAccount.get(a) ?? 0) >= n).length;
    options.onProgress({
      accounts: { done: accountsDone, total: accounts.size },
      units: { done, total: units.length, elsewhere: done - mine },
      slowest: worst,
    });
  };
  progress();

  // Claims go to the ledger one at a time: a hundred workers claiming at once would queue on
  // the store's connections for nothing (each claim takes one row, and takes milliseconds).
  let claiming: Promise<unknown> = Promise.resolve();
  const claim = (): Promise<ScanUnit | null> => {
    const next = claiming.then(() => ledger.claim(run, owner, leaseMs));
    claiming = next.catch(() => null);
    return next;
  };

  /** Runs `first`, then claims units until none is left. */
  const work = async (first: ScanUnit | null): Promise<void> => {
    let next = first;
    for (;;) {
      const unit = next ?? (await claim());
      next = null;
      if (!unit) return;
      const key = unitKey(unit);
      const started = options.now();
      running.set(key, started);
      progress();
      // Renews a third of the way into each lease, so a live owner never loses its unit.
      const renewal = setInterval(
        () => void ledger.renew(run, unit, owner, leaseMs).catch(() => false),
        leaseMs / 3,
      );
      try {
        const keep = (report: AuditReport) => ledger.keep(run, unit, report);
        const report = await options.scanUnit(unit, { done: await ledger.kept(run, unit), keep });
        for (const f of report.functions) await keep(f);
        const ms = options.now() - started;
        if (await ledger.complete(run, unit, owner, { ...report, functions: [] }, ms)) mine++;
        if (!slowest || ms > slowest.ms) slowest = { unit: key, ms };
      } finally {
        clearInterval(renewal);
        running.delete(key);
      }
      done++;
      doneByAccount.set(unit.account, (doneByAccount.get(unit.account) ?? 0) + 1);
      progress();
    }
  };

  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (;;) {
    // One claim first: when others hold every unit left, only it asks the ledger.
    const first = await claim();
    if (first) {
      const starts = [first, ...Array.from({ length: options.concurrency - 1 }, () => null)];
      await mapBounded(starts, options.concurrency, work);
    }
    const left = await ledger.remaining(run);
    const changed = units.length - left !== done;
    done = units.length - left;
    if (left === 0 || options.help) {
      // Others finished the last units: the progress ends complete.
      if (changed) progress();
      break;
    }
    // Others hold the rest: wait, then claim any whose holder stopped renewing.
    progress();
    await sleep(options.pollMs ?? Math.min(5_000, leaseMs / 3));
  }
  const result = await resultOf(ledger, run);
  return { result, finisher: !options.help && (await ledger.finish(run)) };
}

/** A ledger whose caller learns whether it finished the run (and so records it), as finishing happens. */
export function watchFinish(ledger: UnitLedger): { ledger: UnitLedger; finisher(): boolean | null } {
  let finished: boolean | null = null;
  return {
    ledger: {
      ...ledger,
      finish: async (run) => {
        finished = await ledger.finish(run);
        return finished;
      },
    },
    finisher: () => finished,
  };
}

/**
 * The ledger of one process with no store: everything in memory, nothing to resume. A finished
 * run stays readable (its result reads from it); the ledger goes with the scan that made it.
 */
export function memoryLedger(): UnitLedger {
  interface Held {
    unit: ScanUnit;
    owner: string | null;
    until: number;
    functions: Map<string, AuditReport>;
    report: ScanReport | null;
  }
  const runs = new Map<string, { units: Held[]; finished: boolean }>();
  let next = 0;
  const held = (run: string) => runs.get(run)?.units ?? [];
  /** The functions kept for the run's finished units. */
  const kept = (run: string) => held(run).flatMap((h) => (h.report ? [...h.functions.values()] : []));
  const find = (run: string, unit: ScanUnit) => held(run).find((h) => unitKey(h.unit) === unitKey(unit));
  return {
    async begin(units) {
      const id = String(++next);
      runs.set(id, {
        units: units.map((unit) => ({ unit, owner: null, until: 0, functions: new Map(), report: null })),
        finished: false,
      });
      return id;
    },
    async claim(run, owner, leaseMs) {
      const now = Date.now();
      const free = held(run).find((h) => h.report === null && (h.owner === null || h.until <= now));
      if (!free) return null;
      free.owner = owner;
      free.until = now + leaseMs;
      return free.unit;
    },
    async renew(run, unit, owner, leaseMs) {
      const h = find(run, unit);
      if (h?.owner !== owner) return false;
      h.until = Date.now() + leaseMs;
      return true;
    },
    async keep(run, unit, report) {
      const functions = find(run, unit)?.functions;
      if (functions && !functions.has(report.function.arn)) functions.set(report.function.arn, report);
    },
    async kept(run, unit) {
      return new Set(find(run, unit)?.functions.keys());
    },
    async complete(run, unit, owner, rest) {
      const h = find(run, unit);
      if (h?.owner !== owner || h.report !== null) return false;
      h.report = rest;
      return true;
    },
    async remaining(run) {
      return held(run).filter((h) => h.report === null).length;
    },
    async rests(run) {
      return held(run).flatMap((h) => (h.report ? [h.report] : []));
    },
    async *functions(run, options) {
      const all = kept(run).filter((r) => !options?.withGaps || r.unverified.length > 0);
      if (all.length > 0) yield all.sort(compareReports);
    },
    async totals(run) {
      const all = kept(run);
      return {
        functions: all.length,
        incomplete: all.filter((r) => r.unverified.length > 0).length,
        bySeverity: countBySeverity(all.flatMap((r) => r.findings)),
      };
    },
    async finish(run) {
      const r = runs.get(run);
      if (!r || r.finished) return false;
      r.finished = true;
      return true;
    },
  };
}
