/**
 * One audit per function at a time. Slack users retype a slow command; each copy would cost the
 * same dozen AWS calls and race the first for the rate limit. The second caller joins the
 * running audit instead and gets the same answer.
 */
import type { AuditOptions, Engine, FunctionRef, ScanRequest } from '../engine-contract.js';
import type { ScanReport, ScanResult } from '../model.js';
import { reportOf, resultOf } from '../scan-result.js';
import type { Limiter } from './limiter.js';

export class InFlight {
  private readonly running = new Map<string, Promise<unknown>>();

  /** Runs `work` under `key` unless that key is running already, in which case it joins it. */
  run<T>(key: string, work: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const existing = this.running.get(key) as Promise<T> | undefined;
    if (existing) return { promise: existing, joined: true };
    const promise = work().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return { promise, joined: false };
  }

  get size(): number {
    return this.running.size;
  }
}

/** What a joined caller is told: the function (or the scan) someone else is already auditing. */
export type Joined = { kind: 'audit'; ref: FunctionRef } | { kind: 'scan'; regions: readonly string[] };

/** Runs the scan asked for, with what the runner adds to its request (where its units are kept). */
export type ScanRunner = (extra: ScanRequest) => Promise<ScanResult>;

/**
 * The engine as one Slack command sees it: identical calls that are already running (or queued
 * for the limiter) are joined, and `onJoin` hears about it synchronously, before the shared
 * result arrives. `keepScan` runs each scan (once, however many callers joined it) and makes
 * the report its callers share of the scan's result.
 */
export function sharedEngine(
  engine: Engine,
  inflight: InFlight,
  limiter: Limiter,
  onJoin: (joined: Joined) => void,
  keepScan: (scan: ScanRunner) => Promise<ScanReport> = async (scan) => reportOf(await scan({})),
): Engine {
  /** Runs an audit of `ref` unless the same one is running or queued; a joiner gets its result. */
  const joining = <T>(
    kind: string,
    ref: FunctionRef,
    options: AuditOptions | undefined,
    work: () => Promise<T>,
  ) => {
    // NUL cannot occur in a function name, an ARN or a region, so keys cannot collide.
    const key = [
      kind,
      ref.region,
      ref.function,
      options?.logsSinceMs ?? '',
      options?.roleProposal ? 'p' : '',
    ].join('\u0000');
    const { promise, joined } = inflight.run(key, () => limiter.run(work));
    if (joined) onJoin({ kind: 'audit', ref });
    return promise;
  };
  const early = engine.auditEarly?.bind(engine);
  const scanResult: NonNullable<Engine['scanResult']> =
    engine.scanResult?.bind(engine) ??
    (async (regions, onProgress, request) => resultOf(await engine.scan(regions, onProgress, request)));
  return {
    regions: engine.regions,
    audit: (ref, options) => joining('audit', ref, options, () => engine.audit(ref, options)),
    // The limiter's slot is free once the early report is in; the job's wait holds none.
    ...(early
      ? { auditEarly: (ref, options) => joining('early', ref, options, () => early(ref, options)) }
      : {}),
    scan(regions, onProgress, request) {
      const key = ['scan', ...[...regions].sort()].join('\u0000');
      const { promise, joined } = inflight.run(key, () =>
        keepScan((extra) => limiter.run(() => scanResult(regions, onProgress, { ...request, ...extra }))),
      );
      if (joined) onJoin({ kind: 'scan', regions });
      return promise;
    },
    triage(ref, alarmTime) {
      const key = ['triage', ref.region, ref.function, alarmTime.getTime()].join('\u0000');
      return inflight.run(key, () => limiter.run(() => engine.triage(ref, alarmTime))).promise;
    },
  };
}
