/**
 * The engine as Slack's listeners use it: identical calls joined and bounded (inflight.ts), and
 * every scan run from Slack (the slash command, a mention, the Home tab's button) kept in the
 * store as the scheduled one is, so the Home tab and the next digest reflect it; scanRun adds
 * the scan's progress message (scan-progress.ts).
 *
 * With a store, a scan's units are claimed in its ledger under this replica's name, as the CLI's
 * are: a scan of the same accounts and regions another replica (or the CLI) is running is joined
 * and shared, each unit scanned once; a scan run again after a replica died resumes. Whoever
 * finishes the run records it (exactly once); the others answer from the same result. The
 * scheduled scan's run is named for its slot, so a Slack scan never joins it (nor it a Slack
 * one): each answers for its own moment. The answer reads the result page by page from the
 * store and keeps only the riskiest functions it lists.
 */
import type { RunContext } from '../../commands/command.js';
import { resolveVerb } from '../../commands/index.js';
import { scan } from '../../commands/scan.js';
import type { Engine } from '../engine-contract.js';
import { errorFields } from '../log.js';
import type { ScanReport, ScanResult } from '../model.js';
import { riskiestOf } from '../scan-result.js';
import { watchFinish } from '../scan-units.js';
import { type Joined, type ScanRunner, sharedEngine } from './inflight.js';
import type { ListenerDeps } from './listeners/deps.js';
import { type ProgressPlace, ScanProgressMessage } from './scan-progress.js';

/**
 * Records the scan in the store and tells the tickets of what it fixed, as the scheduled scan
 * does. Never throws: the answer still goes out, and the Home tab and the digest then show the
 * previous scan.
 */
async function recordScan(deps: ListenerDeps, scan: ScanResult, startedAt: Date): Promise<void> {
  const interactive = deps.interactive;
  if (!interactive) return;
  try {
    const recorded = await interactive.store.recordScan(scan, { startedAt, finishedAt: interactive.now() });
    await interactive.fixedTickets?.afterScan(recorded);
    deps.log.log('info', 'slack scan recorded', {
      scan: recorded.scan.id,
      opened: recorded.opened.length,
      fixed: recorded.fixed.length,
    });
  } catch (error) {
    deps.log.log('error', 'slack scan not recorded', errorFields(error));
  }
}

/**
 * Functions a Slack answer about a scan holds and lists, riskiest first ("Show all" included);
 * `lambda-audit scan --format json` lists every one.
 */
export const ANSWER_FUNCTIONS = 500;

/** Runs a scan from Slack: its units in the store's ledger, recorded by whoever finishes it. */
async function keepScan(deps: ListenerDeps, scan: ScanRunner): Promise<ScanReport> {
  const startedAt = deps.interactive?.now() ?? new Date();
  const units = deps.interactive ? watchFinish(deps.interactive.store.unitLedger) : null;
  const result = await scan(units ? { ...deps.scanUnits, ledger: units.ledger, owner: deps.owner } : {});
  if (units?.finisher() === false) deps.log.log('info', 'slack scan recorded by another replica', {});
  else await recordScan(deps, result, startedAt);
  return riskiestOf(result, ANSWER_FUNCTIONS);
}

/** The shared engine of one Slack request; `onJoin` hears when it joins a call already running. */
export function slackEngine(deps: ListenerDeps, onJoin: (joined: Joined) => void = () => {}): Engine {
  return sharedEngine(deps.engine, deps.inflight, deps.limiter, onJoin, (scan) => keepScan(deps, scan));
}

/** True when `words` are a `scan` that parses (when not, running them says why, and nothing is scanned). */
function isScan(words: readonly string[], engine: Engine): boolean {
  const { verb, args } = resolveVerb(words);
  if (verb.name !== scan.name) return false;
  try {
    scan.parse(args, engine);
    return true;
  } catch {
    return false;
  }
}

/** The engine for running `words` from Slack, and the progress message that goes with a scan. */
export interface ScanRun {
  engine: Engine;
  /** Null unless the words are a scan. */
  progress: ScanProgressMessage | null;
  /** What the run passes to the engine: the progress message's callbacks. */
  context: RunContext;
  /**
   * Call right after starting the run (which reaches engine.scan synchronously, as verbs do):
   * posts the progress message unless the run joined a scan already running (its first asker's
   * message shows it). True when posted, false when Slack refused it, null when there is none.
   */
  start(running: Promise<unknown>): Promise<boolean | null>;
}

/**
 * Prepares to run `words` from Slack: the shared engine, and a scan's progress message in `place`
 * (none when null: the answer's place cannot take one).
 */
export function scanRun(
  deps: ListenerDeps,
  words: readonly string[],
  place: (ProgressPlace & { by: string }) | null,
  onJoin: (joined: Joined) => void = () => {},
): ScanRun {
  let joinedScan = false;
  const engine = slackEngine(deps, (joined) => {
    joinedScan ||= joined.kind === 'scan';
    onJoin(joined);
  });
  const progress =
    place && isScan(words, engine)
      ? new ScanProgressMessage(
          deps.scanProgress,
          { channel: place.channel, ...(place.threadTs ? { threadTs: place.threadTs } : {}) },
          { by: place.by },
        )
      : null;
  return {
    engine,
    progress,
    context: progress?.runContext() ?? {},
    async start(running) {
      // Awaited by the caller; a failure while the message is posted is not unhandled meanwhile.
      running.catch(() => undefined);
      if (!progress || joinedScan) return null;
      return progress.start();
    },
  };
}
