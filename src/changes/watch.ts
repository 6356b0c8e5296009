/**
 * The change-events loop behind `serve` and `watch`: long-poll the queue, coalesce a burst,
 * map each CloudTrail event to the functions it can affect, re-audit each function once, compare
 * with the store and emit a change only when exposure changed. A message is deleted only once
 * its event is handled (the change emitted and recorded, or the event judged irrelevant); one
 * that fails is made visible again later and, after the queue's maxReceiveCount, the redrive
 * policy moves it to the dead-letter queue. Duplicates are handled once across replicas through
 * the store's claims: an event id once, and the same change of one function posted once.
 * Over 300 lines as one class: a burst's steps (read, claim, resolve, re-audit, emit, record,
 * settle, delete) share the burst's state, and split apart they would pass it all around.
 */
import { parseArn } from '../arn.js';
import type { ChangeQueue, QueueMessage } from '../collect/change-queue.js';
import { mapBounded } from '../concurrency.js';
import type { Engine } from '../engine-contract.js';
import { AwsError } from '../errors.js';
import { errorFields, type LogSink } from '../log.js';
import {
  type AuditReport,
  countBySeverity,
  type Exposure,
  type Severity,
  type Unverified,
} from '../model.js';
import { defaultCoverage } from '../store/coverage.js';
import type { Store } from '../store/store.js';
import { type ExposureChange, exposureChange, storedFor, summarise } from './diff.js';
import { type ChangeEvent, ChangeEventError, parseChangeEvent } from './event.js';
import { type ChangeLookup, InventoryGatherer } from './gather.js';
import { functionsFor } from './resolve.js';
import { type ChangeTarget, targetsOf } from './targets.js';

/** Where changes go: Slack for `serve`, stdout for `watch`. Throws when it could not deliver. */
export interface ChangeSink {
  emit(change: ExposureChange): Promise<void>;
}

export interface WatchOptions {
  queue: ChangeQueue;
  engine: Pick<Engine, 'audit' | 'scan' | 'regions'>;
  lookup: ChangeLookup;
  store: Store;
  sink: ChangeSink;
  log: LogSink;
  /** ALERT_MIN_SEVERITY. */
  minSeverity: Severity;
  /** Long-poll wait per receive (SQS allows 0-20 s). */
  waitSeconds?: number;
  /** How long a burst is gathered after its first message before it is handled. */
  coalesceMs?: number;
  /** Seconds before a failed message is tried again, by how often it was received. */
  retrySeconds?: (receiveCount: number) => number;
  covers?: (check: string, gaps: readonly Unverified[]) => boolean;
}

/** What the loop has done so far (the benchmark and the logs read it). */
export interface WatchStats {
  messages: number;
  events: number;
  duplicates: number;
  unreadable: number;
  irrelevant: number;
  reaudits: number;
  changes: number;
  failed: number;
}

/**
 * The most messages one burst takes (100 receives of 10). Handling them must fit in the queue's
 * visibility timeout (120 s in the template) or they come back, as duplicates then.
 */
const MAX_BURST = 1_000;
const AUDIT_CONCURRENCY = 8;
/** CloudTrail's repeats and SQS's redeliveries arrive within minutes; an hour is ample. */
const EVENT_CLAIM_MS = 3_600_000;
/** Two replicas that saw the same change within this long post it once. */
const CHANGE_CLAIM_MS = 600_000;
const EVENT_SCOPE = 'change-event';
const CHANGE_SCOPE = 'exposure-change';

interface Pending {
  message: QueueMessage;
  event: ChangeEvent;
  functions: string[];
}

export class ChangeWatcher {
  readonly stats: WatchStats = {
    messages: 0,
    events: 0,
    duplicates: 0,
    unreadable: 0,
    irrelevant: 0,
    reaudits: 0,
    changes: 0,
    failed: 0,
  };
  private readonly gatherer: InventoryGatherer;
  /** Each function's exposure at its last audit here (the store does not keep exposure). */
  private readonly exposures = new Map<string, Exposure>();
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  /** Messages handled in the burst at hand, deleted together at its end. */
  private handled: QueueMessage[] = [];

  constructor(private readonly options: WatchOptions) {
    this.gatherer = new InventoryGatherer(options.lookup, options.engine);
  }

  /** Starts polling; resolves at once. `stop()` ends it. */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops polling, waits for the burst in hand to finish, and closes the queue's client. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.options.queue.close();
  }

  private async loop(): Promise<void> {
    const { queue, log } = this.options;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        const first = await queue.receive(this.options.waitSeconds ?? 20, this.abort.signal);
        failures = 0;
        if (first.length === 0) continue;
        await this.handle(await this.drain(first));
      } catch (error) {
        // The queue itself failed (denied, missing, unreachable): say so, back off, keep trying.
        failures += 1;
        log.log('error', 'change events: cannot read the queue', { queue: queue.url, ...errorFields(error) });
        await this.sleep(Math.min(60_000, 1_000 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /** Waits out the coalescing window, then takes what else arrived meanwhile. */
  private async drain(first: QueueMessage[]): Promise<QueueMessage[]> {
    const burst = [...first];
    await this.sleep(this.options.coalesceMs ?? 3_000);
    while (burst.length < MAX_BURST && !this.abort.signal.aborted) {
      const more = await this.options.queue.receive(0, this.abort.signal);
      if (more.length === 0) break;
      burst.push(...more);
    }
    return burst;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  /** One burst, start to end. Exposed for tests and the benchmark, which drive it directly. */
  async handle(messages: readonly QueueMessage[]): Promise<void> {
    this.stats.messages += messages.length;
    const pending: Pending[] = [];
    const targets = new Map<Pending, ChangeTarget[]>();
    for (const message of messages) {
      const event = await this.read(message);
      if (!event) continue;
      const found = targetsOf(event);
      if (found.length === 0) {
        this.stats.irrelevant += 1;
        await this.settle(message, event, 'done');
        continue;
      }
      const item = { message, event, functions: [] };
      pending.push(item);
      targets.set(item, found);
    }
    if (pending.length === 0) return this.deleteHandled();
    try {
      const inventory = await this.gatherer.gather([...targets.values()].flat());
      for (const item of pending) item.functions = functionsFor(targets.get(item) ?? [], inventory);
    } catch (error) {
      this.options.log.log('warn', 'change events: cannot tell which functions changed', errorFields(error));
      for (const item of pending) await this.settle(item.message, item.event, 'retry');
      return this.deleteHandled();
    }
    const failed = await this.reaudit(pending);
    for (const item of pending) {
      if (item.functions.length === 0) this.stats.irrelevant += 1;
      const ok = !item.functions.some((arn) => failed.has(arn));
      await this.settle(item.message, item.event, ok ? 'done' : 'retry');
    }
    await this.deleteHandled();
  }

  /** The message's event, claimed; null when unreadable (left for the redrive) or a duplicate. */
  private async read(message: QueueMessage): Promise<ChangeEvent | null> {
    let event: ChangeEvent;
    try {
      event = parseChangeEvent(message.body);
    } catch (error) {
      if (!(error instanceof ChangeEventError)) throw error;
      this.stats.unreadable += 1;
      // Never deleted: after the queue's maxReceiveCount the redrive policy moves it to the DLQ.
      this.options.log.log('error', 'change events: unreadable message left for the dead-letter queue', {
        messageId: message.messageId,
        receiveCount: message.receiveCount,
        reason: error.message,
      });
      await this.retryLater(message);
      return null;
    }
    this.stats.events += 1;
    if (await this.options.store.claimOnce(EVENT_SCOPE, event.id, EVENT_CLAIM_MS)) return event;
    this.stats.duplicates += 1;
    this.handled.push(message);
    return null;
  }

  /** Re-audits each function once, emits and records its change; returns the ARNs that failed. */
  private async reaudit(pending: readonly Pending[]): Promise<Set<string>> {
    const byFunction = new Map<string, ChangeEvent[]>();
    for (const item of pending)
      for (const arn of item.functions) byFunction.set(arn, [...(byFunction.get(arn) ?? []), item.event]);
    const failed = new Set<string>();
    if (byFunction.size === 0) return failed;
    const stored = await this.options.store.findings({ states: ['open', 'snoozed', 'accepted'] });
    // Roles and policies the engine cached before this burst may be what just changed.
    const freshAfter = new Date();
    const reports: AuditReport[] = [];
    await mapBounded([...byFunction], AUDIT_CONCURRENCY, async ([arn, events]) => {
      try {
        const report = await this.audit(arn, freshAfter);
        if (!report) return;
        const change = exposureChange(storedFor(stored, report.function.arn), report, events.map(summarise), {
          minSeverity: this.options.minSeverity,
          covers: this.options.covers ?? defaultCoverage,
          exposureBefore: this.exposures.get(report.function.arn) ?? null,
        });
        if (change) await this.emitOnce(change);
        reports.push(report);
        this.exposures.set(report.function.arn, report.exposure);
        this.gatherer.remember(report);
      } catch (error) {
        failed.add(arn);
        this.options.log.log('warn', 'change events: re-audit failed', {
          function: arn,
          ...errorFields(error),
        });
      }
    });
    if (reports.length > 0) await this.record(reports, failed);
    return failed;
  }

  /** Emits a change unless another replica already has; gives the claim back if emitting fails. */
  private async emitOnce(change: ExposureChange): Promise<void> {
    const key = changeKey(change);
    if (!(await this.options.store.claimOnce(CHANGE_SCOPE, key, CHANGE_CLAIM_MS))) return;
    try {
      await this.options.sink.emit(change);
      this.stats.changes += 1;
    } catch (error) {
      await this.options.store.releaseClaim(CHANGE_SCOPE, key);
      throw error;
    }
  }

  /** The function's fresh report; null when it no longer exists (nothing left to expose). */
  private async audit(arn: string, freshAfter: Date): Promise<AuditReport | null> {
    this.stats.reaudits += 1;
    try {
      return await this.options.engine.audit(
        { function: arn, region: parseArn(arn)?.region ?? '' },
        { freshAfter },
      );
    } catch (error) {
      if (error instanceof AwsError && error.code === 'aws_not_found') return null;
      throw error;
    }
  }

  /** Stores the fresh reports as a scan of just these functions: the next change compares with them. */
  private async record(reports: AuditReport[], failed: Set<string>): Promise<void> {
    try {
      await this.options.store.recordScan({
        functions: reports,
        summary: {
          functions: reports.length,
          incomplete: reports.filter((r) => r.unverified.length > 0).length,
          bySeverity: countBySeverity(reports.flatMap((r) => r.findings)),
          // No regions: a partial scan must not close other functions' findings.
          regions: [],
          failed: [],
        },
      });
    } catch (error) {
      this.options.log.log('error', 'change events: cannot store the re-audits', errorFields(error));
      for (const report of reports) failed.add(report.function.arn);
    }
  }

  /** Deletes a handled message; gives a failed one's claim back and retries it later. */
  private async settle(message: QueueMessage, event: ChangeEvent, outcome: 'done' | 'retry'): Promise<void> {
    if (outcome === 'done') {
      this.handled.push(message);
      return;
    }
    this.stats.failed += 1;
    await this.options.store.releaseClaim(EVENT_SCOPE, event.id);
    await this.retryLater(message);
  }

  /** A handled message SQS did not delete comes back after its visibility timeout: a duplicate then. */
  private async deleteHandled(): Promise<void> {
    const messages = this.handled.splice(0);
    if (messages.length === 0) return;
    try {
      const left = await this.options.queue.delete(messages);
      if (left.length > 0)
        this.options.log.log('warn', 'change events: SQS did not delete some handled messages', {
          messageIds: left.map((m) => m.messageId),
        });
    } catch (error) {
      this.options.log.log('warn', 'change events: cannot delete handled messages', errorFields(error));
    }
  }

  private async retryLater(message: QueueMessage): Promise<void> {
    const seconds = (this.options.retrySeconds ?? defaultRetry)(message.receiveCount);
    try {
      await this.options.queue.retryLater(message, seconds);
    } catch (error) {
      this.options.log.log('warn', 'change events: cannot reschedule a message', errorFields(error));
    }
  }
}

/** The same change of the same function, whichever event and replica saw it. */
function changeKey(change: ExposureChange): string {
  const opened = change.opened.map((f) => f.fingerprint).sort();
  const closed = change.closed.map((f) => f.fingerprint).sort();
  return JSON.stringify([change.function.arn, opened, closed, change.exposure.after]);
}

/** 30 s, 60 s, 120 s ... up to 15 minutes: a transient failure passes; a persistent one reaches the DLQ. */
function defaultRetry(receiveCount: number): number {
  return Math.min(900, 30 * 2 ** Math.max(0, receiveCount - 1));
}
