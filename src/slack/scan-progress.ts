/**
 * The one message a scan run from Slack keeps up to date while it runs: posted in the channel
 * with chat.postMessage when the scan starts, edited with chat.update as each account (each
 * region, for one account) finishes, and ended with the result.
 *
 * Why not the response_url: it takes five messages within 30 minutes, and an organization's scan
 * outlasts both (100 accounts, and the answer still needs one). chat.update edits a message any
 * number of times for as long as it exists. It is Tier 3 (about 50 a minute per workspace), so
 * the edits of one message are paced (SCAN_PROGRESS_INTERVAL_MS apart) and coalesced: a change
 * that arrives while one waits replaces it, and the next edit shows the latest state.
 */
import type { webApi } from '@slack/bolt';
import type { RunContext } from '../../commands/command.js';
import type { ScanProgress } from '../engine-contract.js';
import { errorFields, type LogSink } from '../log.js';
import type { SlackMessage } from '../render/limits.js';
import {
  renderScanProgress,
  type ScanOutcome,
  type ScanProgressView,
} from '../render/scan-progress-blocks.js';

/** One edit per 1.2 s at most: 50 a minute, Tier 3's rate, for the busiest scan. */
export const SCAN_PROGRESS_INTERVAL_MS = 1200;

export interface ScanProgressWiring {
  client: webApi.WebClient;
  log: LogSink;
  intervalMs: number;
  /** Milliseconds, for the pacing; tests pass a fake clock whose sleep advances it. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Where the message goes: a channel (a DM's id for the App Home), in a thread when asked from one. */
export interface ProgressPlace {
  channel: string;
  threadTs?: string;
}

export class ScanProgressMessage {
  private readonly view: ScanProgressView;
  private posted: Promise<{ channel: string; ts: string } | null> = Promise.resolve(null);
  /** A state not yet shown waits to be sent. */
  private dirty = false;
  private draining: Promise<void> | null = null;
  private lastEditAt = Number.NEGATIVE_INFINITY;
  private shown = { accounts: -1, units: -1, gaps: 0 };

  constructor(
    private readonly wiring: ScanProgressWiring,
    private readonly place: ProgressPlace,
    asked: { by: string },
  ) {
    this.view = { ...asked, progress: null, functions: { done: 0, total: 0 }, outcome: null };
  }

  /** The message as it stands: where it cannot be posted, a notice through response_url shows it once. */
  notice(): SlackMessage {
    return renderScanProgress(this.view);
  }

  /** What runCommand passes to the engine's scan, so that its progress reaches this message. */
  runContext(): RunContext {
    return { onProgress: this.onFunctions, scan: { onUnits: this.onUnits } };
  }

  /** Posts the message; false when Slack refused it (the bot is not in the channel, a DM between people). */
  async start(): Promise<boolean> {
    const message = renderScanProgress(this.view);
    const { client, log } = this.wiring;
    this.posted = client.chat
      .postMessage({
        channel: this.place.channel,
        ...(this.place.threadTs ? { thread_ts: this.place.threadTs } : {}),
        text: message.text,
        blocks: message.blocks,
      })
      .then((answer) => {
        this.lastEditAt = this.wiring.now();
        return answer.ts ? { channel: answer.channel ?? this.place.channel, ts: answer.ts } : null;
      })
      .catch((error: unknown) => {
        log.log('warn', 'scan progress not posted', { channel: this.place.channel, ...errorFields(error) });
        return null;
      });
    return (await this.posted) !== null;
  }

  /** The engine's unit progress: an edit when an account (for one account: a region) is done, or a gap appears. */
  readonly onUnits = (progress: ScanProgress): void => {
    if (this.view.outcome) return;
    this.view.progress = progress;
    const perAccount = progress.accounts.total > 1;
    const changed =
      progress.unreachable.length !== this.shown.gaps ||
      (perAccount
        ? progress.accounts.done !== this.shown.accounts
        : progress.units.done !== this.shown.units);
    this.shown = {
      accounts: progress.accounts.done,
      units: progress.units.done,
      gaps: progress.unreachable.length,
    };
    if (changed) this.schedule();
  };

  /** Functions audited so far: shown with the next edit, never a reason for one. */
  readonly onFunctions = (done: number, total: number): void => {
    if (!this.view.outcome) this.view.functions = { done, total };
  };

  /** Ends the message with the result; resolves once Slack has it (or refused it). */
  async finish(outcome: ScanOutcome): Promise<void> {
    this.view.outcome = outcome;
    this.schedule();
    while (this.draining) await this.draining;
  }

  private schedule(): void {
    this.dirty = true;
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.dirty) this.schedule();
    });
  }

  private async drain(): Promise<void> {
    const at = await this.posted;
    if (!at) {
      this.dirty = false;
      return;
    }
    const { client, log, intervalMs, now, sleep } = this.wiring;
    while (this.dirty) {
      const wait = this.lastEditAt + intervalMs - now();
      if (wait > 0) await sleep(wait);
      // Cleared before rendering: a change during the call below is sent by the next turn.
      this.dirty = false;
      const message = renderScanProgress(this.view);
      try {
        await client.chat.update({
          channel: at.channel,
          ts: at.ts,
          text: message.text,
          blocks: message.blocks,
        });
      } catch (error) {
        log.log('warn', 'scan progress not updated', {
          channel: at.channel,
          ts: at.ts,
          ...errorFields(error),
        });
      }
      this.lastEditAt = now();
    }
  }
}
