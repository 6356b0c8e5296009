/**
 * The app's triage state and the one path every thread reply takes: which deliveries were seen,
 * which threads and functions were answered lately, which alarm started each thread, the audit
 * pool, and the per-channel posting queue. Built once in app.ts; the message and app_mention
 * listeners only decide *whether* to answer and hand the rest to this desk.
 */
import { randomBytes } from 'node:crypto';
import type { Engine } from '../../engine-contract.js';
import { AwsError, LambdaAuditError } from '../../errors.js';
import { errorFields, type LogSink } from '../../log.js';
import type { SlackMessage } from '../../render/limits.js';
import type { Claims } from '../../store/store.js';
import type { AlarmRef, SlackMessageLike } from '../../triage/parse.js';
import { parseAlarm } from '../../triage/parse.js';
import { renderTriageFailure, renderTriageReply, type TriageMessage } from '../../triage/reply.js';
import { type InFlight, sharedEngine } from '../inflight.js';
import { Limiter } from '../limiter.js';
import type { ChannelPacer, PostResult } from './pacer.js';
import { Recent } from './recent.js';
import { triageTarget } from './target.js';

/** Replies per thread, and per function in a channel, at most one per this long: flapping alarms. */
export const TRIAGE_QUIET_MS = 10 * 60_000;
/**
 * Triages at once. Each is an audit plus a log search (~20 AWS calls); alarm storms get their own
 * small pool so that they cannot queue slash commands behind them (those use the app's limiter).
 */
export const MAX_CONCURRENT_TRIAGES = 2;
/** Slack retries a delivery for about five minutes; an hour covers any retry with room to spare. */
const DELIVERY_MEMORY_MS = 60 * 60_000;
/** A mention in an alarm's thread a day later still finds the alarm without asking Slack. */
const THREAD_MEMORY_MS = 24 * 60 * 60_000;

export interface TriageOptions {
  /** Spacing of posts per channel; Slack's one per second by default (tests lower it). */
  postIntervalMs?: number;
  maxConcurrent?: number;
  quietMs?: number;
}

/** Where a reply goes: the channel, and the ts of the message that starts its thread. */
export interface Where {
  channel: string;
  threadTs: string;
}

/** The first message of a thread, or null when there is none (or it cannot be read). */
export type ThreadReader = (channel: string, threadTs: string) => Promise<SlackMessageLike | null>;

export interface DeskDeps {
  engine: Engine;
  inflight: InFlight;
  pacer: ChannelPacer;
  readThread: ThreadReader;
  log: LogSink;
  /** TRIAGE_CHANNELS; empty means every channel the bot is in. */
  triageChannels: readonly string[];
  options?: TriageOptions;
  now?: () => Date;
  /**
   * The store's once-only keys: with several replicas behind one Request URL, a redelivery
   * may reach another replica than the first delivery did, so "seen" must be shared. Without a
   * store, each process remembers only what it received.
   */
  claims?: Claims | undefined;
}

/** What the thread is told when the engine failed: our errors speak for themselves, bugs do not. */
function failureReason(error: unknown, ref: string): string {
  // A thread is public: AWS's own AccessDenied text names the bot's role, session and account,
  // so a refusal says only which call was refused; the log has the rest under the ref.
  if (error instanceof AwsError && error.code === 'aws_access_denied') {
    return `AWS refused ${error.api} (ref ${ref}); the bot's IAM role needs that permission`;
  }
  if (error instanceof LambdaAuditError) return error.message;
  return `an internal error; the bot's log has it under ref ${ref}`;
}

export class TriageDesk {
  private readonly deliveries = new Recent(DELIVERY_MEMORY_MS);
  private readonly sources = new Recent(DELIVERY_MEMORY_MS);
  private readonly threads: Recent;
  private readonly functions: Recent;
  private readonly alarms = new Recent<AlarmRef>(THREAD_MEMORY_MS, 5_000);
  private readonly engine: Engine;
  private readonly channels: ReadonlySet<string>;
  private readonly now: () => Date;
  private readonly quietMs: number;

  constructor(private readonly deps: DeskDeps) {
    const quiet = deps.options?.quietMs ?? TRIAGE_QUIET_MS;
    this.quietMs = quiet;
    this.threads = new Recent(quiet);
    this.functions = new Recent(quiet);
    this.channels = new Set(deps.triageChannels);
    this.now = deps.now ?? (() => new Date());
    // Identical triages (one alarm posted in two channels at once) share one audit.
    const limiter = new Limiter(deps.options?.maxConcurrent ?? MAX_CONCURRENT_TRIAGES);
    this.engine = sharedEngine(deps.engine, deps.inflight, limiter, () => {});
  }

  /** Whether alarms posted in `channel` get a reply (TRIAGE_CHANNELS). Mentions are answered anywhere. */
  watches(channel: string): boolean {
    return this.channels.size === 0 || this.channels.has(channel);
  }

  /**
   * Claims a key in the store, shared by every replica. A store that cannot answer does not
   * silence the bot: this replica's own memory has already ruled out its repeats.
   */
  private async claimShared(scope: string, key: string, ttlMs: number): Promise<boolean> {
    const claims = this.deps.claims;
    if (!claims) return true;
    try {
      const won = await claims.claimOnce(scope, key, ttlMs);
      if (!won) this.deps.log.log('info', 'claimed by another replica', { scope, key });
      return won;
    } catch (error) {
      this.deps.log.log('warn', 'claim store unavailable; deciding on this replica alone', {
        scope,
        ...errorFields(error),
      });
      return true;
    }
  }

  /**
   * True the first time this event, and this message, come to be answered, on any replica. A
   * retry repeats the event id; a message that reaches us twice (as `message` and as
   * `app_mention`) repeats its ts.
   */
  async firstDelivery(eventId: string | undefined, channel: string, ts: string): Promise<boolean> {
    const source = `${channel}\u0000${ts}`;
    if (eventId && !this.deliveries.claim(eventId, true)) return false;
    if (!this.sources.claim(source, true)) return false;
    if (eventId && !(await this.claimShared('slack-event', eventId, DELIVERY_MEMORY_MS))) return false;
    return this.claimShared('slack-message', source, DELIVERY_MEMORY_MS);
  }

  /**
   * Null when an alarm may be answered now (and starts the quiet period), else what keeps it
   * quiet: its thread or its function was answered in this channel within the last 10 minutes,
   * by this replica or another.
   */
  async quiet(alarm: AlarmRef, where: Where): Promise<'thread' | 'function' | null> {
    const thread = `${where.channel}\u0000${where.threadTs}`;
    const fn = [where.channel, alarm.region ?? '', alarm.accountId ?? '', alarm.functionName].join('\u0000');
    if (this.threads.has(thread)) return 'thread';
    if (this.functions.has(fn)) return 'function';
    this.threads.set(thread, true);
    this.functions.set(fn, true);
    if (!(await this.claimShared('triage-thread', thread, this.quietMs))) return 'thread';
    if (!(await this.claimShared('triage-function', fn, this.quietMs))) {
      // The thread was not answered after all: a later alarm in it may be.
      await this.deps.claims?.releaseClaim('triage-thread', thread).catch(() => undefined);
      return 'function';
    }
    return null;
  }

  /** Notes the alarm a thread starts with, so a mention in it needs no conversations.replies. */
  remember(where: Where, alarm: AlarmRef): void {
    this.alarms.set(`${where.channel}\u0000${where.threadTs}`, alarm);
  }

  /** The alarm (or function ARN) the thread's first message names, or null. */
  async threadAlarm(where: Where): Promise<AlarmRef | null> {
    const known = this.alarms.get(`${where.channel}\u0000${where.threadTs}`);
    if (known) return known;
    try {
      const first = await this.deps.readThread(where.channel, where.threadTs);
      const alarm = first ? parseAlarm(first) : null;
      if (alarm) this.remember(where, alarm);
      return alarm;
    } catch (error) {
      // Missing scope (groups:history for a private channel) or a deleted thread: answer without it.
      this.deps.log.log('warn', 'could not read the thread', { ...where, ...errorFields(error) });
      return null;
    }
  }

  /** Audits the alarm's function, searches its logs around the alarm, and answers in the thread. */
  async answerAlarm(alarm: AlarmRef, where: Where, messageTime: Date | null): Promise<PostResult> {
    const started = performance.now();
    this.remember(where, alarm);
    const message = await this.reply(alarm, messageTime ?? this.now());
    const delivered = await this.post(where, message);
    this.deps.log.log('info', 'alarm triaged', {
      ...where,
      function: alarm.functionName,
      alarm: alarm.alarmName,
      source: alarm.source,
      ms: Math.round(performance.now() - started),
      delivered,
    });
    return delivered;
  }

  /** Queues a message for the thread, paced per channel. */
  post(where: Where, message: TriageMessage | SlackMessage): Promise<PostResult> {
    return this.deps.pacer.post({
      channel: where.channel,
      thread_ts: where.threadTs,
      text: message.text,
      blocks: message.blocks,
    });
  }

  private async reply(alarm: AlarmRef, fallback: Date): Promise<TriageMessage> {
    const target = triageTarget(alarm, this.engine.regions, fallback);
    if ('problem' in target) return renderTriageFailure(alarm, target.problem);
    try {
      const { report, logs, lastModified } = await this.engine.triage(target.ref, target.alarmTime);
      return renderTriageReply(alarm, report, logs, this.now(), { lastModified });
    } catch (error) {
      const ref = randomBytes(4).toString('hex');
      const level = error instanceof LambdaAuditError ? 'warn' : 'error';
      this.deps.log.log(level, 'triage failed', {
        ref,
        function: target.ref.function,
        region: target.ref.region,
        ...errorFields(error),
      });
      return renderTriageFailure(alarm, failureReason(error, ref));
    }
  }
}
