/**
 * The scheduled digest. Each cron slot: claim the slot in the store (one digest per slot, even
 * across restarts), scan, record the scan, build the digest, write it to the outbox, then post
 * it. Posting is retried from the outbox until Slack takes it; on start, whatever an earlier
 * process left pending is posted, and a slot whose builder died is built again.
 *
 * The slot's scan is one run of units in the store's ledger, named for the slot: the replica
 * that claimed the slot scans its share of the units, every other replica helps with the rest
 * (it claims units, never finishes the run nor records it), a builder that died has its units
 * taken over when their leases lapse, and the slot's rebuild resumes the run instead of starting
 * over. The run is read back page by page from the store to be recorded. A scan from Slack or
 * the CLI of the same accounts and regions is a run of its own (it has no slot's name): it does
 * not wait for, nor stand in for, the slot's.
 */

import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Engine, ScanRequest } from '../engine-contract.js';
import { errorFields, type LogSink } from '../log.js';
import type { ScanResult, Severity } from '../model.js';
import type { FindingActions } from '../render/finding-actions.js';
import { resultOf } from '../scan-result.js';
import { watchFinish } from '../scan-units.js';
import type { DigestEntry, Store } from '../store/store.js';
import type { TicketSink } from '../tickets/sink.js';
import { type Clock, systemClock } from './clock.js';
import { buildDigest, digestBaseline } from './digest.js';
import { FixedTicketNotes } from './fixed-tickets.js';
import { type DigestPayload, postEntry } from './outbox.js';
import type { DigestPoster } from './poster.js';
import { renderDigestBlocks } from './render.js';
import { checkSchedule, slotKey } from './slot.js';

export interface DigestJobOptions {
  store: Store;
  /** With scanResult, the slot's scan is kept unit by unit in the store and shared by replicas. */
  engine: Pick<Engine, 'scan' | 'scanResult'>;
  regions: readonly string[];
  poster: DigestPoster;
  /** DIGEST_CHANNEL */
  channel: string;
  /** DIGEST_CRON, DIGEST_TZ */
  cron?: string;
  timezone?: string;
  clock?: Clock;
  log?: LogSink;
  /** Identifies this process's claims (the digest slot's and the scan units'); random by default. */
  owner?: string;
  /** How long a claim holds before another process may rebuild the slot (its builder died). */
  leaseMs?: number;
  /** Where tickets were opened: a ticket whose finding a scan no longer sees gets a comment. */
  tickets?: TicketSink | null;
  /** Menus on the new findings (serve, whose app answers the clicks); none by default. */
  actions?: FindingActions;
  /** DIGEST_MIN_SEVERITY: the thread leaves out findings below it. */
  minSeverity?: Severity;
  /** The scan units' lease and the wait between looks at units other replicas hold (tests shorten them). */
  units?: Pick<ScanRequest, 'unitLeaseMs' | 'pollMs'>;
}

/** A build claim's lease; the builder renews it every third of it while the scan runs. */
const DEFAULT_LEASE_MS = 60_000;
const silent: LogSink = { log: () => undefined };

export class DigestJob {
  private readonly clock: Clock;
  private readonly log: LogSink;
  private readonly owner: string;
  private readonly expression: string;
  private task: ScheduledTask | null = null;
  private cancelRetry: (() => void) | null = null;
  /** Serialises flushes within this process, so one entry is never posted by two loops at once. */
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Slots this process is building now: their lease may run out mid-scan, they are not abandoned. */
  private readonly building = new Set<string>();
  private readonly fixedTickets: FixedTicketNotes | null;

  constructor(private readonly options: DigestJobOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silent;
    this.fixedTickets = options.tickets
      ? new FixedTicketNotes(options.store, options.tickets, this.log)
      : null;
    this.owner = options.owner ?? `job-${randomBytes(6).toString('hex')}`;
    this.expression = options.cron ?? '0 9 * * *';
    checkSchedule(this.expression, options.timezone ?? 'UTC');
  }

  /**
   * Posts what an earlier process left in the outbox, then (unless `schedule: false`, as tests
   * do) starts the cron schedule.
   */
  async start(options: { schedule?: boolean } = {}): Promise<void> {
    this.stopped = false;
    // Whatever an earlier process left pending is tried at once, backoff or not: the restart
    // may well be the fix (a new token, an invited bot). A 429 simply schedules the next try.
    await this.flush({ all: true });
    if (options.schedule === false) return;
    this.task = cron.schedule(
      this.expression,
      async () => {
        await this.runSlot(this.clock.now()).catch((error: unknown) =>
          this.log.log('error', 'digest slot failed', { error: String(error) }),
        );
      },
      { timezone: this.options.timezone ?? 'UTC', name: 'lambda-audit-digest', noOverlap: true },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRetry?.();
    this.cancelRetry = null;
    await this.task?.stop();
    await this.task?.destroy();
    this.task = null;
    await this.flushing;
  }

  /** Runs one schedule slot (cron calls this; tests call it directly with a fake time). */
  async runSlot(at: Date): Promise<DigestEntry | null> {
    const key = slotKey(at, this.expression);
    const claimed = await this.options.store.claimDigestSlot({
      slotKey: key,
      channel: this.options.channel,
      owner: this.owner,
      leaseMs: this.options.leaseMs ?? DEFAULT_LEASE_MS,
    });
    if (claimed) await this.build(key);
    else {
      this.log.log('info', 'digest slot already taken', { slot: key });
      await this.help(key);
    }
    await this.flush();
    return this.options.store.digest(key);
  }

  /** Scans, records and writes the slot's digest; a scan that throws still yields a digest saying so. */
  private async build(key: string): Promise<void> {
    this.building.add(key);
    this.log.log('info', 'digest slot claimed for building', { slot: key, owner: this.owner });
    const stopHeartbeat = this.heartbeat(key);
    try {
      await this.buildOnce(key);
    } finally {
      stopHeartbeat();
      this.building.delete(key);
    }
  }

  /** Renews the build claim while the scan runs, so a live builder keeps it and a dead one loses it soon. */
  private heartbeat(key: string): () => void {
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    let cancel: () => void = () => undefined;
    const beat = () => {
      cancel = this.clock.setTimer(leaseMs / 3, async () => {
        await this.options.store
          .claimDigestSlot({ slotKey: key, channel: this.options.channel, owner: this.owner, leaseMs })
          .catch((error: unknown) =>
            this.log.log('warn', 'digest build lease not renewed', { slot: key, ...errorFields(error) }),
          );
        if (this.building.has(key)) beat();
      });
    };
    beat();
    return () => cancel();
  }

  /** The slot's run in the store's ledger, under this process's name. */
  private slotScan(key: string, helpOnly: boolean): ScanRequest {
    return {
      ...this.options.units,
      ledger: this.options.store.unitLedger,
      owner: this.owner,
      runKey: `digest ${key}`,
      helpOnly,
    };
  }

  /**
   * Another replica builds the slot: scan the units of its run that are free, alongside it (the
   * builder waits for the rest and records the scan). Without a ledger-aware engine (scanResult)
   * there is nothing to share.
   */
  private async help(key: string): Promise<void> {
    const { engine, regions } = this.options;
    if (!engine.scanResult) return;
    try {
      await engine.scanResult(regions, undefined, this.slotScan(key, true));
      this.log.log('info', 'digest scan helped', { slot: key });
    } catch (error) {
      this.log.log('warn', 'digest scan help failed', { slot: key, ...errorFields(error) });
    }
  }

  /** The slot's scan; `finisher` false when another builder of the slot finished (and recorded) it. */
  private async scan(key: string): Promise<{ result: ScanResult; finisher: boolean }> {
    const { engine, regions } = this.options;
    if (!engine.scanResult) return { result: resultOf(await engine.scan(regions)), finisher: true };
    const watched = watchFinish(this.options.store.unitLedger);
    const result = await engine.scanResult(regions, undefined, {
      ...this.slotScan(key, false),
      ledger: watched.ledger,
    });
    return { result, finisher: watched.finisher() !== false };
  }

  private async buildOnce(key: string): Promise<void> {
    const { store } = this.options;
    let scanId: number | null = null;
    let scanError: string | null = null;
    const since = await digestBaseline(store, key);
    const startedAt = this.clock.now();
    try {
      const { result, finisher } = await this.scan(key);
      if (finisher) {
        const recorded = await store.recordScan(result, { startedAt, finishedAt: this.clock.now() });
        scanId = recorded.scan.id;
        this.log.log('info', 'digest scan recorded', {
          slot: key,
          scan: scanId,
          opened: recorded.opened.length,
          fixed: recorded.fixed.length,
        });
        await this.fixedTickets?.afterScan(recorded);
      } else {
        // An earlier builder of this slot finished the run and recorded it: the digest is of that scan.
        scanId = (await store.latestScan())?.id ?? null;
        this.log.log('info', 'digest scan recorded by an earlier builder', { slot: key, scan: scanId });
      }
    } catch (error) {
      scanError = error instanceof Error ? error.message : String(error);
      this.log.log('error', 'digest scan failed', { slot: key, error: scanError });
    }
    const digest = await buildDigest(store, since, { now: this.clock.now(), scanError });
    const payload: DigestPayload = {
      version: 1,
      digest,
      messages: renderDigestBlocks(digest, this.options.actions, this.options.minSeverity),
    };
    if (!(await store.writeDigest(key, this.owner, scanId, JSON.stringify(payload)))) {
      this.log.log('warn', 'digest claim lost while building; another process took the slot', { slot: key });
    }
  }

  /**
   * Rebuilds slots whose builder died, posts every pending entry that is due, and sets a timer
   * for the next retry. Safe to call any time; calls queue behind each other.
   */
  flush(options: { all?: boolean } = {}): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.flushOnce(options))
      .catch((error: unknown) => {
        this.log.log('error', 'digest outbox flush failed', { error: String(error) });
      });
    return this.flushing;
  }

  private async flushOnce(options: { all?: boolean }): Promise<void> {
    const { store, poster } = this.options;
    for (const abandoned of await store.abandonedDigests()) {
      const claim = {
        slotKey: abandoned.slotKey,
        channel: abandoned.channel,
        owner: this.owner,
        leaseMs: this.options.leaseMs ?? DEFAULT_LEASE_MS,
      };
      // Our own slow build outlived its lease: renew it (the store extends a claim for the same
      // owner), or its expired lease would make every retry timer fire at once, in a loop.
      if (this.building.has(abandoned.slotKey)) {
        await store.claimDigestSlot(claim);
        continue;
      }
      if (await store.claimDigestSlot(claim)) await this.build(abandoned.slotKey);
    }
    for (const entry of await store.dueDigests(options)) {
      const outcome = await postEntry(entry, {
        store,
        poster,
        now: () => this.clock.now(),
        owner: this.owner,
        log: this.log,
      });
      if (outcome.posted)
        this.log.log('info', 'digest posted', { slot: entry.slotKey, channel: entry.channel });
    }
    await this.scheduleRetry();
  }

  private async scheduleRetry(): Promise<void> {
    this.cancelRetry?.();
    this.cancelRetry = null;
    if (this.stopped) return;
    const next = await this.options.store.nextDigestAttempt();
    if (next === null) return;
    const delay = Math.max(0, Date.parse(next) - this.clock.now().getTime());
    this.cancelRetry = this.clock.setTimer(delay, () => this.flush());
  }
}
