/**
 * The engine as Slack's listeners use it: identical calls joined and bounded (inflight.ts), and
 * every scan run from Slack (the slash command, a mention, the Home tab's button) kept in the
 * store as the scheduled one is, so the Home tab and the next digest reflect it.
 */
import type { Engine } from '../engine-contract.js';
import { errorFields } from '../log.js';
import type { ScanReport } from '../model.js';
import { type Joined, sharedEngine } from './inflight.js';
import type { ListenerDeps } from './listeners/deps.js';

/**
 * Records the scan in the store and tells the tickets of what it fixed, as the scheduled scan
 * does. Never throws: the answer still goes out, and the Home tab and the digest then show the
 * previous scan.
 */
async function recordScan(deps: ListenerDeps, report: ScanReport, startedAt: Date): Promise<void> {
  const interactive = deps.interactive;
  if (!interactive) return;
  try {
    const recorded = await interactive.store.recordScan(report, { startedAt, finishedAt: interactive.now() });
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

/** The shared engine of one Slack request; `onJoin` hears when it joins a call already running. */
export function slackEngine(deps: ListenerDeps, onJoin: (joined: Joined) => void = () => {}): Engine {
  return sharedEngine(deps.engine, deps.inflight, deps.limiter, onJoin, async (run) => {
    const startedAt = deps.interactive?.now() ?? new Date();
    const report = await run();
    await recordScan(deps, report, startedAt);
    return report;
  });
}
