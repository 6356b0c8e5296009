/**
 * Keys handled once, over either engine. The claim is one upsert: the row is inserted, or an
 * expired one is overwritten; a live one is left alone and the statement changes nothing. So
 * whichever replica's statement lands first owns the key.
 */
import type { Sql } from './sql.js';
import type { Claims } from './store.js';

/** Expired keys are swept by every this-many-th successful claim. */
const SWEEP_EVERY = 100;

export function claimsOver(db: Sql, now: () => Date, defaultOwner: string): Claims {
  let claimed = 0;
  return {
    async claimOnce(scope, key, ttlMs, owner = defaultOwner) {
      const at = now().getTime();
      const changed = await db.run(
        `INSERT INTO claims (scope, key, owner, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope, key) DO UPDATE
           SET owner = excluded.owner, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
           WHERE claims.expires_at <= ?`,
        [scope, key, owner, at, at + ttlMs, at],
      );
      if (changed === 1 && ++claimed % SWEEP_EVERY === 0)
        await db.run('DELETE FROM claims WHERE expires_at <= ?', [at]);
      return changed === 1;
    },

    async releaseClaim(scope, key) {
      await db.run('DELETE FROM claims WHERE scope = ? AND key = ?', [scope, key]);
    },
  };
}
