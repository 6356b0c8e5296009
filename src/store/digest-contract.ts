/**
 * The digest outbox's contract (one of the store's concerns, see store.ts): an entry per
 * schedule slot, its claims while it is built and while it is posted, part by part.
 */

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
  /** The replica posting it now, and until when its claim holds. */
  postOwner: string | null;
  postLeaseUntil: string | null;
  /**
   * A part whose post started and was never recorded as taken: it may be in Slack already, so
   * whoever posts next looks for it first. Null when no post is in doubt.
   */
  postingPart: number | null;
}

export interface DigestClaim {
  slotKey: string;
  channel: string;
  owner: string;
  leaseMs: number;
}

/** A pending digest's posting claim: one replica posts it; a dead one's claim lapses. */
export interface DigestPostClaim {
  slotKey: string;
  owner: string;
  leaseMs: number;
}

/**
 * The digest outbox: one entry per schedule slot, claimed while it is built, then claimed again
 * by whoever posts it, part by part, each part recorded before and after its post.
 */
export interface DigestOutbox {
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
  /**
   * Claims a pending entry for posting: no one else holds it, or their lease ran out, or it is
   * this owner's already (renewed). Returns the entry as claimed, or null.
   */
  claimDigestPost(claim: DigestPostClaim): Promise<DigestEntry | null>;
  /**
   * Records, before posting it, that part `part` is about to go out, and renews the claim for
   * `leaseMs`. False when this owner no longer holds the claim (it lapsed and someone else took
   * it): then it must not post.
   */
  digestPartStarting(slotKey: string, owner: string, part: number, leaseMs: number): Promise<boolean>;
  /** Records that Slack took part `partsPosted - 1` of the payload (the main message has the ts). */
  digestProgress(slotKey: string, partsPosted: number, postedTs: string): Promise<void>;
  markDigestPosted(slotKey: string): Promise<void>;
  /** Schedules the next attempt and lets go of the posting claim. */
  markDigestFailed(slotKey: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** Lets go of a posting claim without an attempt (a stopping replica). */
  releaseDigestPost(slotKey: string, owner: string): Promise<void>;
  /** The scan id the latest digest before this slot described (what "new since" compares with). */
  previousDigestScanId(slotKey: string): Promise<number | null>;
}
