/**
 * What lambda-audit remembers between scans: scan history, every finding by fingerprint with its
 * state, the digest outbox, ticket intents, snoozes and acceptances, and the keys handled once.
 *
 * Four concerns, each its own interface, all async and in plain data (ISO times, JSON-able
 * records), never a driver's types. Two backends implement them over the same SQL (sql-store.ts):
 * SQLite, one process; PostgreSQL, several replicas. What makes replicas safe is in the
 * statements, not in process memory: scans are recorded one at a time (an advisory lock),
 * every claim is a conditional update that only one writer can win, and a claim carries an
 * owner and a lease, so a dead owner's work is taken over when its lease runs out.
 */
import type { ScanReport, ScanResult, Severity, Unverified } from '../model.js';
import type { DigestOutbox } from './digest-contract.js';
import type { ScanUnitStore } from './scan-units.js';

// The store's types are read from here; the digest outbox's live in their own module.
export type {
  DigestClaim,
  DigestEntry,
  DigestOutbox,
  DigestPostClaim,
  DigestStatus,
} from './digest-contract.js';

/** `snoozed` and `accepted` are open findings a person has decided to stop hearing about. */
export type FindingState = 'open' | 'fixed' | 'snoozed' | 'accepted';

export interface ScanRecord {
  id: number;
  startedAt: string;
  finishedAt: string;
  regions: string[];
  functions: number;
  incomplete: number;
  failed: number;
  bySeverity: Record<Severity, number>;
}

/** Something a scan could not see: a whole function (`failed`) or part of one (`unverified`). */
export interface ScanGap {
  kind: 'failed' | 'unverified';
  /** The function's ARN; `*` when a whole region's listing failed. */
  functionArn: string;
  functionName: string;
  accountId: string | null;
  region: string;
  /** For `unverified`: the area and API that could not be read. */
  area: string | null;
  api: string | null;
  reason: string;
}

/** A function that sees a finding (a shared role's finding is seen by every function using it). */
export interface FindingFunction {
  functionArn: string;
  functionName: string;
  accountId: string;
  region: string;
}

/** A function and its open findings by severity. */
export interface FunctionFindingCounts extends FindingFunction {
  counts: Record<Severity, number>;
}

export interface FindingRecord {
  fingerprint: string;
  check: string;
  severity: Severity;
  title: string;
  detail: string;
  resource: string;
  remediation: string;
  /** The function that first reported it; `functions` lists every one that currently does. */
  functionArn: string;
  accountId: string;
  region: string;
  firstSeen: string;
  lastSeen: string;
  lastScanId: number;
  /** When it last became open (first seen, or seen again after being fixed). */
  openedAt: string;
  openedScanId: number;
  /** The state now: a snooze whose time has passed reads as `open`. */
  state: FindingState;
  fixedAt: string | null;
  fixedScanId: number | null;
  snoozedUntil: string | null;
  acceptedReason: string | null;
  /** Who snoozed or accepted it, and when. */
  stateBy: string | null;
  stateAt: string | null;
  functions: FindingFunction[];
}

export interface FindingQuery {
  states?: readonly FindingState[];
  /** Only findings that became open in a scan after this one (null: any). */
  openedAfterScan?: number | null;
  /** Only findings fixed in a scan after this one (null: any). */
  fixedAfterScan?: number | null;
}

export interface RecordScanOptions {
  startedAt?: Date;
  finishedAt?: Date;
  /**
   * Whether this scan may close a finding of `check` on a function with these gaps. The default
   * (coverage.ts) says no when the gaps touch the check's APIs or data areas.
   */
  covers?: (check: string, gaps: readonly Unverified[]) => boolean;
}

export interface RecordedScan {
  scan: ScanRecord;
  /** Fingerprints that became open (new or seen again after a fix) in this scan. */
  opened: string[];
  /** Fingerprints this scan closed. */
  fixed: string[];
}

export interface TicketRecord {
  fingerprint: string;
  /** `opening`: the intent is recorded, the sink has not answered yet. */
  state: 'opening' | 'open';
  sink: string | null;
  url: string | null;
  key: string | null;
  createdBy: string;
  createdAt: string;
  openedAt: string | null;
  /** The tracker call timed out: it may have made the ticket, so the next try searches first. */
  uncertain: boolean;
}

export interface TicketBegun {
  /** False: a ticket exists, or another click is opening one right now; `ticket` is it. */
  created: boolean;
  ticket: TicketRecord;
  /**
   * This intent took over one that was never completed (its opener timed out or died): the
   * tracker may have the ticket, so look it up by the finding's label before creating.
   */
  lookupFirst: boolean;
}

/** Scans and the findings they move between states, and people's decisions about findings. */
export interface FindingStore {
  /**
   * Stores a scan and moves findings between states, all in one transaction: if anything fails
   * midway the previous state stays exactly as it was. A finding is fixed only when every
   * function that reported it was read this time, with the data its check needs, and no longer
   * reports it. A ScanResult is read page by page (a scan kept in the store is never one array).
   */
  recordScan(scan: ScanReport | ScanResult, options?: RecordScanOptions): Promise<RecordedScan>;
  latestScan(): Promise<ScanRecord | null>;
  scanGaps(scanId: number): Promise<ScanGap[]>;
  findings(query?: FindingQuery): Promise<FindingRecord[]>;
  /** findings() a page at a time (fingerprint order): for readers of every finding, never one array. */
  findingPages(query?: FindingQuery): AsyncIterable<FindingRecord[]>;
  /**
   * Every function's open findings (account and region findings left out) counted by severity,
   * a page of functions at a time: what the digest ranks as riskiest.
   */
  openCountsByFunction(): AsyncIterable<FunctionFindingCounts[]>;
  finding(fingerprint: string): Promise<FindingRecord | null>;

  /** Stops the finding from counting as open until `until`; returns null for an unknown fingerprint. */
  snooze(fingerprint: string, until: Date, by: string, reason?: string): Promise<FindingRecord | null>;
  /** Records that `by` accepts the risk, and why. */
  accept(fingerprint: string, by: string, reason: string): Promise<FindingRecord | null>;
  /** Undoes a snooze or an acceptance. */
  reopen(fingerprint: string, by: string): Promise<FindingRecord | null>;
}

/** Ticket intents: recorded before the tracker is called, so two clicks on two replicas open one. */
export interface TicketIntents {
  /**
   * Records the intent to open a ticket, held by `by` for `leaseMs` (longer than the tracker's
   * timeout). An intent whose lease ran out is taken over, with `lookupFirst`.
   */
  beginTicket(fingerprint: string, by: string, sink: string, leaseMs?: number): Promise<TicketBegun>;
  completeTicket(fingerprint: string, ticket: { url: string; key: string }): Promise<TicketRecord | null>;
  /** Drops an `opening` intent whose sink call failed, so the button works again. */
  abandonTicket(fingerprint: string): Promise<void>;
  /** Keeps an intent whose tracker call timed out, marked so the next try searches first. */
  uncertainTicket(fingerprint: string): Promise<void>;
  ticket(fingerprint: string): Promise<TicketRecord | null>;
}

/**
 * Keys handled once across replicas and retries: an Events API event id, a thread's reply. The
 * first caller to claim a key gets true; everyone else false until the claim expires.
 */
export interface Claims {
  claimOnce(scope: string, key: string, ttlMs: number, owner?: string): Promise<boolean>;
  /** Gives a key up (its work failed and a redelivery should be handled). */
  releaseClaim(scope: string, key: string): Promise<void>;
}

/** A slash command as accepted: enough to answer it later, from any replica. */
export interface AcceptedCommand {
  id: string;
  /** The command's fields as JSON (text, response_url, user, channel, team). */
  payload: string;
  owner: string;
  acceptedAt: string;
  /** Slack's response_url stops working 30 minutes after the command. */
  expiresAt: string;
  /** How many times it was handed over (or taken from a dead replica). */
  handovers: number;
}

/**
 * Accepted slash commands, so that a stopping or dead replica loses none: each is written
 * before it is acknowledged and answered exactly once, by its owner or by whoever takes it over.
 */
export interface CommandLedger {
  /** Records a command before its ack, held by `owner` for `leaseMs`. */
  acceptCommand(command: {
    id: string;
    payload: string;
    owner: string;
    leaseMs: number;
    ttlMs: number;
  }): Promise<void>;
  /** Renews the leases of every unanswered command `owner` holds (its heartbeat). */
  renewCommands(owner: string, leaseMs: number): Promise<number>;
  /**
   * Marks the command answered, just before its answer goes out. False when `owner` no longer
   * holds it (it was handed over, or taken after a lapse): then it must not answer.
   */
  finishCommand(id: string, owner: string): Promise<boolean>;
  /** Hands `owner`'s unanswered commands over at once (a stopping replica); returns them. */
  handOverCommands(owner: string): Promise<AcceptedCommand[]>;
  /**
   * Takes unanswered, unexpired commands whose lease ended (at most `limit`), for `owner`;
   * with `ownToo`, also those `owner` still holds (a restarted replica, before it takes any work).
   */
  takeOrphanCommands(
    owner: string,
    leaseMs: number,
    limit: number,
    options?: { ownToo?: boolean },
  ): Promise<AcceptedCommand[]>;
}

export interface Store
  extends FindingStore,
    DigestOutbox,
    TicketIntents,
    Claims,
    CommandLedger,
    ScanUnitStore {
  /** Runs `work` on a throwaway copy: nothing it writes is kept (`digest --dry-run`). */
  preview<T>(work: (scratch: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
