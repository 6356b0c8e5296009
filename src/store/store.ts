/**
 * What lambda-audit remembers between scans: scan history, every finding by fingerprint with its
 * state, the digest outbox, ticket intents, snoozes and acceptances.
 *
 * The interface is async and speaks plain data (ISO times, JSON-able records), never a driver's
 * types, so a PostgreSQL implementation can sit behind it for several replicas. What such an
 * implementation needs beyond SQLite's single writer:
 * - `recordScan`: one transaction, serialised across replicas with `pg_advisory_xact_lock` so two
 *   scans never interleave their open/fixed transitions.
 * - the digest slot: the unique `slot_key` already makes the claim atomic
 *   (`INSERT ... ON CONFLICT DO NOTHING`); posting a pending entry takes `pg_try_advisory_lock`
 *   on the slot (or `SELECT ... FOR UPDATE SKIP LOCKED`) so only one replica posts it.
 * - ticket intents: `SELECT ... FROM tickets WHERE fingerprint = $1 FOR UPDATE` inside the
 *   transaction that inserts the 'opening' row, so two clicks on two replicas open one ticket.
 * - `preview`: a transaction that is always rolled back.
 */
import type { ScanReport, Severity, Unverified } from '../model.js';

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

export type DigestStatus = 'claimed' | 'pending' | 'posted';

/** One schedule slot's digest. `claimed`: being built; `pending`: written, not yet accepted by Slack. */
export interface DigestEntry {
  slotKey: string;
  channel: string;
  status: DigestStatus;
  owner: string;
  leaseUntil: string;
  /** The scan the digest describes; null when the scan itself failed. */
  scanId: number | null;
  /** JSON written by the digest job; null while claimed. */
  payload: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** Messages of the payload Slack has taken (the main one, then thread replies). */
  partsPosted: number;
  /** The main message's ts, once posted; thread replies hang off it. */
  postedTs: string | null;
  createdAt: string;
  postedAt: string | null;
}

export interface DigestClaim {
  slotKey: string;
  channel: string;
  owner: string;
  leaseMs: number;
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
}

export interface Store {
  /**
   * Stores a scan and moves findings between states, all in one transaction: if anything fails
   * midway the previous state stays exactly as it was. A finding is fixed only when every
   * function that reported it was read this time, with the data its check needs, and no longer
   * reports it.
   */
  recordScan(scan: ScanReport, options?: RecordScanOptions): Promise<RecordedScan>;
  latestScan(): Promise<ScanRecord | null>;
  scanGaps(scanId: number): Promise<ScanGap[]>;
  findings(query?: FindingQuery): Promise<FindingRecord[]>;
  finding(fingerprint: string): Promise<FindingRecord | null>;

  /** Stops the finding from counting as open until `until`; returns null for an unknown fingerprint. */
  snooze(fingerprint: string, until: Date, by: string, reason?: string): Promise<FindingRecord | null>;
  /** Records that `by` accepts the risk, and why. */
  accept(fingerprint: string, by: string, reason: string): Promise<FindingRecord | null>;
  /** Undoes a snooze or an acceptance. */
  reopen(fingerprint: string, by: string): Promise<FindingRecord | null>;

  /**
   * Claims a schedule slot for this owner: creates it, or takes over a `claimed` one whose lease
   * has run out (its builder died). Returns null when the slot is someone else's or already built.
   */
  claimDigestSlot(claim: DigestClaim): Promise<DigestEntry | null>;
  digest(slotKey: string): Promise<DigestEntry | null>;
  /** Writes the built digest: `claimed` -> `pending`. False when the claim was lost meanwhile. */
  writeDigest(slotKey: string, owner: string, scanId: number | null, payload: string): Promise<boolean>;
  /** `pending` entries due now (next attempt unset or past; any, with `all`), oldest first. */
  dueDigests(options?: { all?: boolean }): Promise<DigestEntry[]>;
  /** `claimed` entries whose lease has run out, oldest first. */
  abandonedDigests(): Promise<DigestEntry[]>;
  /**
   * When the outbox next needs attention: the earliest retry of a pending entry or lease end of
   * a claimed one; null when nothing waits.
   */
  nextDigestAttempt(): Promise<string | null>;
  /** Records that Slack took part `partsPosted - 1` of the payload (the main message has the ts). */
  digestProgress(slotKey: string, partsPosted: number, postedTs: string): Promise<void>;
  markDigestPosted(slotKey: string): Promise<void>;
  markDigestFailed(slotKey: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** The scan id the latest digest before this slot described (what "new since" compares with). */
  previousDigestScanId(slotKey: string): Promise<number | null>;

  /**
   * Records the intent to open a ticket before calling the sink, so two clicks open one.
   * `created: false` means a ticket (or intent) already exists and is returned instead.
   */
  beginTicket(
    fingerprint: string,
    by: string,
    sink: string,
  ): Promise<{ created: boolean; ticket: TicketRecord }>;
  completeTicket(fingerprint: string, ticket: { url: string; key: string }): Promise<TicketRecord | null>;
  /** Drops an `opening` intent whose sink call failed, so the button works again. */
  abandonTicket(fingerprint: string): Promise<void>;
  ticket(fingerprint: string): Promise<TicketRecord | null>;

  /** Runs `work` on a throwaway copy: nothing it writes is kept (`digest --dry-run`). */
  preview<T>(work: (scratch: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
