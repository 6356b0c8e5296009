/**
 * Ticket intents over either engine: one row per finding, inserted before the tracker is
 * called. Of two clicks on two replicas, one inserts the row; the other reads it and shows
 * "being opened". An intent whose lease ran out (its opener died, or its tracker call timed out)
 * is taken over by one conditional UPDATE, and the taker looks in the tracker before creating.
 */
import { type TicketRow, toTicket } from './rows.js';
import type { Sql } from './sql.js';
import type { TicketIntents, TicketRecord } from './store.js';

/** Longer than a tracker call may take (the sinks time out after 15 s), with room to spare. */
export const TICKET_LEASE_MS = 60_000;
/** After a timeout, how long a late tracker has to finish before the next click searches it. */
export const UNCERTAIN_GRACE_MS = 30_000;

export function ticketIntentsOver(db: Sql, now: () => Date): TicketIntents {
  const ticket = async (fingerprint: string): Promise<TicketRecord | null> => {
    const row = await db.get<TicketRow>('SELECT * FROM tickets WHERE fingerprint = ?', [fingerprint]);
    return row ? toTicket(row) : null;
  };
  const mustRead = async (fingerprint: string): Promise<TicketRecord> => {
    const found = await ticket(fingerprint);
    if (!found) throw new Error(`ticket intent for ${fingerprint} vanished while it was claimed`);
    return found;
  };

  return {
    async beginTicket(fingerprint, by, sink, leaseMs = TICKET_LEASE_MS) {
      const at = now().getTime();
      const inserted = await db.run(
        `INSERT INTO tickets (fingerprint, state, sink, created_by, created_at, lease_until)
         VALUES (?, 'opening', ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING`,
        [fingerprint, sink, by, at, at + leaseMs],
      );
      if (inserted === 1) return { created: true, ticket: await mustRead(fingerprint), lookupFirst: false };
      // Intents written before leases existed lapse two minutes after they were made.
      const taken = await db.run(
        `UPDATE tickets SET created_by = ?, lease_until = ?, sink = ?
         WHERE fingerprint = ? AND state = 'opening' AND COALESCE(lease_until, created_at + 120000) <= ?`,
        [by, at + leaseMs, sink, fingerprint, at],
      );
      const current = await mustRead(fingerprint);
      return { created: taken === 1, ticket: current, lookupFirst: taken === 1 };
    },

    async completeTicket(fingerprint, done) {
      await db.run(
        `UPDATE tickets SET state = 'open', url = ?, key = ?, opened_at = ?, lease_until = NULL, uncertain = 0
         WHERE fingerprint = ?`,
        [done.url, done.key, now().getTime(), fingerprint],
      );
      return ticket(fingerprint);
    },

    async abandonTicket(fingerprint) {
      await db.run("DELETE FROM tickets WHERE fingerprint = ? AND state = 'opening'", [fingerprint]);
    },

    async uncertainTicket(fingerprint) {
      // After the grace, the next click takes the intent over and searches the tracker first.
      await db.run(
        "UPDATE tickets SET uncertain = 1, lease_until = ? WHERE fingerprint = ? AND state = 'opening'",
        [now().getTime() + UNCERTAIN_GRACE_MS, fingerprint],
      );
    },

    ticket,
  };
}
