/**
 * What the buttons need beyond every listener's deps: the store (decisions, ticket intents),
 * the ticket sink (null: no "Open ticket"), who may accept a risk, and a cached view of the
 * store's decisions for rendering. Built in app.ts only when a store is given; without one the
 * app renders no buttons.
 */
import { jsonLogger, type LogSink } from '../../log.js';
import type { FindingMark } from '../../render/finding-actions.js';
import { FixedTicketNotes } from '../../schedule/fixed-tickets.js';
import type { Store } from '../../store/store.js';
import type { TicketSink } from '../../tickets/sink.js';
import type { PostOptions } from '../deliver.js';
import { MessageMemo } from './message-memo.js';

export interface InteractiveOptions {
  store: Store;
  tickets?: TicketSink | null;
  /** APPROVER_USER_IDS: who may accept a risk (empty: anyone). */
  approvers?: readonly string[];
  now?: () => Date;
  /** For response_url posts (replacing an ephemeral answer); the global fetch by default. */
  fetch?: typeof fetch;
  log?: LogSink;
}

export interface Interactive {
  store: Store;
  tickets: TicketSink | null;
  approvers: readonly string[];
  now: () => Date;
  /** Decisions and tickets for these findings; those nobody decided anything about are absent. */
  findingStates(fingerprints: readonly string[]): Promise<Map<string, FindingMark>>;
  /** Drops the cached decisions after this process changed one. */
  invalidate(): void;
  post: PostOptions;
  /** Blocks of channel messages clicked recently (the digest), to update them after a modal. */
  messages: MessageMemo;
  /** Comments on the tickets of findings a scan run from Slack fixed, as the scheduled scan does; null without a sink. */
  fixedTickets: FixedTicketNotes | null;
}

/**
 * How long the list of snoozed and accepted findings is reused: a burst of joined commands
 * renders once per command, and each lookup reads every decision from the store.
 */
const MUTED_TTL_MS = 1000;

export function createInteractive(options: InteractiveOptions): Interactive {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  let muted: { at: number; byFp: Promise<Map<string, FindingMark>> } | null = null;

  const mutedFindings = (): Promise<Map<string, FindingMark>> => {
    const at = now().getTime();
    if (muted && at - muted.at < MUTED_TTL_MS) return muted.byFp;
    const byFp = store.findings({ states: ['snoozed', 'accepted'] }).then(
      (records) =>
        new Map(
          records.map((r): [string, FindingMark] => [
            r.fingerprint,
            {
              state: r.state,
              by: r.stateBy,
              at: r.stateAt,
              until: r.snoozedUntil,
              reason: r.acceptedReason,
              ticket: null,
            },
          ]),
        ),
    );
    muted = { at, byFp };
    // A failed read is not cached: the next render tries again.
    byFp.catch(() => {
      muted = null;
    });
    return byFp;
  };

  return {
    store,
    tickets: options.tickets ?? null,
    approvers: options.approvers ?? [],
    now,
    invalidate: () => {
      muted = null;
    },
    async findingStates(fingerprints) {
      const out = new Map<string, FindingMark>();
      if (fingerprints.length === 0) return out;
      const unique = [...new Set(fingerprints)];
      // Each finding's ticket is one store read: on PostgreSQL a round trip, so they overlap
      // (the first answer waits for them, one after the other they were ~20 round trips).
      const [decided, tickets] = await Promise.all([
        mutedFindings(),
        Promise.all(unique.map((fp) => store.ticket(fp))),
      ]);
      for (const [i, fp] of unique.entries()) {
        const ticket = tickets[i];
        const link =
          ticket?.state === 'open' && ticket.url && ticket.key ? { key: ticket.key, url: ticket.url } : null;
        const mark = decided.get(fp);
        if (mark) out.set(fp, { ...mark, ticket: link });
        else if (link)
          out.set(fp, { state: 'open', by: null, at: null, until: null, reason: null, ticket: link });
      }
      return out;
    },
    post: {
      fetch: options.fetch ?? globalThis.fetch,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      maxWaitMs: 60_000,
    },
    messages: new MessageMemo(),
    fixedTickets: options.tickets
      ? new FixedTicketNotes(store, options.tickets, options.log ?? jsonLogger('info'))
      : null,
  };
}
