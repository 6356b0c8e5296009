/**
 * What `lambda-audit scan` adds around the engine's scan on the command line: its units kept in
 * DATABASE_URL's store (replicas on PostgreSQL share the scan; a scan run again resumes), and its
 * progress on stderr (on a terminal, or with --progress; never on stdout).
 */
import type { Config } from '../src/config.js';
import type { ScanRequest } from '../src/engine-contract.js';
import { progressLine } from '../src/render/progress.js';
import { type UnitProgress, watchFinish } from '../src/scan-units.js';
import { openStore } from '../src/store/open.js';
import { processOwner } from '../src/store/sql-store.js';
import type { Store } from '../src/store/store.js';

export interface CliScan {
  request: ScanRequest;
  /** The function progress callback, when progress is shown. */
  onProgress?: (done: number, total: number) => void;
  /** True unless another replica finished (and recorded) the shared scan. */
  finisher(): boolean;
  /** Ends the progress line (before the report goes out). */
  done(): void;
  close(): Promise<void>;
}

/** `show`: a terminal (redrawn in place) or --progress (a line per unit); `write` is stderr. */
export async function cliScan(
  config: Config,
  progress: { show: boolean; inPlace: boolean; write: (text: string) => void },
  /** The store to keep units in; null: none (the demo's scans stay out of the user's store). */
  open: (databaseUrl: string) => Promise<Store | null> = openStore,
): Promise<CliScan> {
  // Without a store the scan runs in memory: storing it afterwards says why it could not.
  const store = await open(config.databaseUrl).catch(() => null);
  const request: ScanRequest = { owner: config.replicaId ?? processOwner() };
  const watched = store ? watchFinish(store.unitLedger) : null;
  if (watched) request.ledger = watched.ledger;
  let units: UnitProgress | null = null;
  let functions = { done: 0, total: 0 };
  const draw = (final: boolean) => {
    if (progress.inPlace) progress.write(`\r${progressLine(units, functions)}`);
    else if (final) progress.write(`${progressLine(units, functions)}\n`);
  };
  const scan: CliScan = {
    request,
    finisher: () => watched?.finisher() ?? true,
    done: () => {
      if (progress.show && progress.inPlace) progress.write('\n');
    },
    close: async () => {
      await store?.close();
    },
  };
  if (progress.show) {
    request.onUnits = (p) => {
      const changed = p.units.done !== units?.units.done;
      units = p;
      draw(changed);
    };
    scan.onProgress = (done, total) => {
      functions = { done, total };
      draw(false);
    };
  }
  return scan;
}
