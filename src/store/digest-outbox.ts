/**
 * The digest outbox over either engine. Every claim is one conditional UPDATE (or an INSERT
 * that conflicts): of two replicas racing for a slot or a post, exactly one changes the row,
 * and the other reads that it lost.
 */

import type { DigestEntry, DigestOutbox } from './digest-contract.js';
import { type DigestRow, toDigest } from './rows.js';
import type { Sql } from './sql.js';

export function digestOutboxOver(db: Sql, now: () => Date): DigestOutbox {
  const ms = () => now().getTime();
  const row = (slotKey: string) =>
    db.get<DigestRow>('SELECT * FROM digest_outbox WHERE slot_key = ?', [slotKey]);
  const entry = async (slotKey: string): Promise<DigestEntry | null> => {
    const found = await row(slotKey);
    return found ? toDigest(found) : null;
  };

  return {
    async claimDigestSlot(claim) {
      const at = ms();
      const lease = at + claim.leaseMs;
      const inserted = await db.run(
        `INSERT INTO digest_outbox (slot_key, channel, status, owner, lease_until, created_at)
         VALUES (?, ?, 'claimed', ?, ?, ?) ON CONFLICT (slot_key) DO NOTHING`,
        [claim.slotKey, claim.channel, claim.owner, lease, at],
      );
      // Taken over only while still being built, and only from its owner or a lapsed lease.
      const won =
        inserted === 1 ||
        (await db.run(
          `UPDATE digest_outbox SET owner = ?, lease_until = ?
           WHERE slot_key = ? AND status = 'claimed' AND (owner = ? OR lease_until <= ?)`,
          [claim.owner, lease, claim.slotKey, claim.owner, at],
        )) === 1;
      return won ? entry(claim.slotKey) : null;
    },

    digest: entry,

    async writeDigest(slotKey, owner, scanId, payload) {
      const changed = await db.run(
        `UPDATE digest_outbox SET status = 'pending', scan_id = ?, payload = ?, next_attempt_at = NULL
         WHERE slot_key = ? AND status = 'claimed' AND owner = ?`,
        [scanId, payload, slotKey, owner],
      );
      return changed === 1;
    },

    async dueDigests(options = {}) {
      const until = options.all ? Number.MAX_SAFE_INTEGER : ms();
      const rows = await db.all<DigestRow>(
        `SELECT * FROM digest_outbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY slot_key`,
        [until],
      );
      return rows.map(toDigest);
    },

    async abandonedDigests() {
      const rows = await db.all<DigestRow>(
        "SELECT * FROM digest_outbox WHERE status = 'claimed' AND lease_until <= ? ORDER BY slot_key",
        [ms()],
      );
      return rows.map(toDigest);
    },

    async nextDigestAttempt() {
      // A pending entry's next try (or its poster's lease end: it may have died), or a claim's
      // lease end (its builder may have died).
      const found = await db.get<{ at: number | null }>(
        `SELECT MIN(CASE status
           WHEN 'pending' THEN COALESCE(post_lease_until, next_attempt_at, 0)
           ELSE lease_until END) AS at
         FROM digest_outbox WHERE status IN ('pending', 'claimed')`,
      );
      return found?.at == null ? null : new Date(found.at).toISOString();
    },

    async claimDigestPost(claim) {
      const at = ms();
      const changed = await db.run(
        `UPDATE digest_outbox SET post_owner = ?, post_lease_until = ?
         WHERE slot_key = ? AND status = 'pending'
           AND (post_owner IS NULL OR post_owner = ? OR post_lease_until <= ?)`,
        [claim.owner, at + claim.leaseMs, claim.slotKey, claim.owner, at],
      );
      return changed === 1 ? entry(claim.slotKey) : null;
    },

    async digestPartStarting(slotKey, owner, part, leaseMs) {
      const at = ms();
      const changed = await db.run(
        `UPDATE digest_outbox SET posting_part = ?, post_lease_until = ?
         WHERE slot_key = ? AND status = 'pending' AND post_owner = ? AND post_lease_until > ?`,
        [part, at + leaseMs, slotKey, owner, at],
      );
      return changed === 1;
    },

    async digestProgress(slotKey, partsPosted, postedTs) {
      await db.run(
        `UPDATE digest_outbox SET parts_posted = ?, posted_ts = COALESCE(posted_ts, ?), posting_part = NULL
         WHERE slot_key = ?`,
        [partsPosted, postedTs, slotKey],
      );
    },

    async markDigestPosted(slotKey) {
      await db.run(
        `UPDATE digest_outbox SET status = 'posted', posted_at = ?, next_attempt_at = NULL, last_error = NULL,
           post_owner = NULL, post_lease_until = NULL, posting_part = NULL
         WHERE slot_key = ?`,
        [ms(), slotKey],
      );
    },

    async markDigestFailed(slotKey, error, nextAttemptAt) {
      await db.run(
        `UPDATE digest_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           post_owner = NULL, post_lease_until = NULL
         WHERE slot_key = ?`,
        [error.slice(0, 1000), nextAttemptAt.getTime(), slotKey],
      );
    },

    async releaseDigestPost(slotKey, owner) {
      await db.run(
        'UPDATE digest_outbox SET post_owner = NULL, post_lease_until = NULL WHERE slot_key = ? AND post_owner = ?',
        [slotKey, owner],
      );
    },

    async previousDigestScanId(slotKey) {
      const found = await db.get<{ scan_id: number }>(
        `SELECT scan_id FROM digest_outbox
         WHERE slot_key < ? AND status IN ('pending', 'posted') AND scan_id IS NOT NULL
         ORDER BY slot_key DESC LIMIT 1`,
        [slotKey],
      );
      return found?.scan_id ?? null;
    },
  };
}
