/**
 * Slash commands survive a stopping or dying replica. Each is written to the store before it
 * is acknowledged (so an acked command is never only in memory), held by this process with a
 * lease it renews while it works, and marked answered just before its answer goes out. On
 * SIGTERM the process stops taking requests, gives the commands in flight a grace period, then
 * hands the rest over (lease ended) and logs each one. Every replica sweeps the store now and
 * then for commands whose lease ended, from a stopped or a dead replica, and answers them
 * through their response_url, which Slack honours for 30 minutes.
 */
import { createHash } from 'node:crypto';
import type { SlashCommand } from '@slack/bolt';
import { errorFields, type LogSink } from '../log.js';
import { stripControl, truncate } from '../render/escape.js';
import type { CommandLedger } from '../store/store.js';

/** How long a command's holder may go silent before another replica takes it (renewed at a third). */
export const COMMAND_LEASE_MS = 30_000;
/** How often each replica looks for commands nobody holds. */
export const SWEEP_INTERVAL_MS = 5_000;
/** Slack's response_url works for 30 minutes after the command. */
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const SWEEP_BATCH = 20;

/** The fields of a command that answering it needs. */
type Accepted = Pick<SlashCommand, 'text' | 'response_url' | 'user_id' | 'channel_id' | 'team_id'> &
  Partial<SlashCommand>;

export interface HandoverOptions {
  ledger: CommandLedger;
  /** This process's name on the commands it holds. */
  owner: string;
  log: LogSink;
  /** Answers a command taken over from another replica; `finish` gates its answer. */
  answer: (command: SlashCommand, finish: () => Promise<boolean>) => Promise<unknown>;
  leaseMs?: number;
  sweepMs?: number;
}

/** The id a command is recorded under: its response_url is unique per invocation. */
export function commandId(command: Pick<SlashCommand, 'response_url'>): string {
  return createHash('sha256').update(command.response_url).digest('hex').slice(0, 32);
}

export class CommandHandover {
  private readonly running = new Set<Promise<unknown>>();
  private timers: NodeJS.Timeout[] = [];
  private sweeping: Promise<void> | null = null;
  private readonly leaseMs: number;

  constructor(private readonly options: HandoverOptions) {
    this.leaseMs = options.leaseMs ?? COMMAND_LEASE_MS;
  }

  /** Starts the heartbeat and the sweep (and sweeps at once: a predecessor may have left work). */
  start(): void {
    const quietly = (what: string, work: Promise<unknown>) =>
      void work.catch((error: unknown) =>
        this.options.log.log('warn', `command ${what} failed`, errorFields(error)),
      );
    const every = (ms: number, what: string, fn: () => Promise<unknown>) => {
      const timer = setInterval(() => quietly(what, fn()), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.leaseMs / 3, 'lease renewal', () =>
      this.options.ledger.renewCommands(this.options.owner, this.leaseMs),
    );
    every(this.options.sweepMs ?? SWEEP_INTERVAL_MS, 'sweep', () => this.sweep());
    // Before any work of its own: what this replica's name still holds is a previous life's.
    quietly('sweep', this.sweep({ ownToo: true }));
  }

  /**
   * Records the command before its ack; returns the gate its answer must pass. A store that
   * cannot take it does not stop the command: it is answered from memory, as before.
   */
  async accept(command: SlashCommand): Promise<(() => Promise<boolean>) | undefined> {
    const id = commandId(command);
    try {
      const payload: Accepted = {
        text: command.text,
        response_url: command.response_url,
        user_id: command.user_id,
        channel_id: command.channel_id,
        team_id: command.team_id,
        command: command.command,
      };
      await this.options.ledger.acceptCommand({
        id,
        payload: JSON.stringify(payload),
        owner: this.options.owner,
        leaseMs: this.leaseMs,
        ttlMs: RESPONSE_URL_TTL_MS,
      });
    } catch (error) {
      this.options.log.log('warn', 'command not recorded; answering from memory only', errorFields(error));
      return undefined;
    }
    return () => this.finish(id);
  }

  /** Keeps `work` in the set a stopping process waits for. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }

  private async finish(id: string): Promise<boolean> {
    const mine = await this.options.ledger.finishCommand(id, this.options.owner);
    if (!mine) this.options.log.log('warn', 'command answered elsewhere; not answering it again', { id });
    return mine;
  }

  /** Takes commands whose holder stopped or died, and answers them. */
  sweep(options: { ownToo?: boolean } = {}): Promise<void> {
    this.sweeping ??= this.sweepOnce(options).finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async sweepOnce(options: { ownToo?: boolean }): Promise<void> {
    const { ledger, owner, log } = this.options;
    const taken = await ledger.takeOrphanCommands(owner, this.leaseMs, SWEEP_BATCH, options);
    for (const command of taken) {
      const payload = JSON.parse(command.payload) as SlashCommand;
      log.log('info', 'command taken over', {
        id: command.id,
        user: payload.user_id,
        channel: payload.channel_id,
        acceptedAt: command.acceptedAt,
        handovers: command.handovers,
      });
      this.track(this.options.answer(payload, () => this.finish(command.id)));
    }
  }

  /**
   * Waits up to `graceMs` for the commands in flight, then hands the unanswered ones over to
   * whichever replica sweeps next, logging each. Call after the receiver stopped taking requests.
   */
  async stop(graceMs: number): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.sweeping;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), grace]);
    clearTimeout(timer);
    const left = await this.options.ledger.handOverCommands(this.options.owner);
    for (const command of left) {
      const payload = JSON.parse(command.payload) as Accepted;
      this.options.log.log('warn', 'command handed over unanswered', {
        id: command.id,
        user: payload.user_id,
        channel: payload.channel_id,
        text: truncate(stripControl(payload.text), 200),
        acceptedAt: command.acceptedAt,
      });
    }
    this.options.log.log('info', 'stopped taking commands', {
      handedOver: left.length,
      answered: 'the rest',
    });
  }
}
