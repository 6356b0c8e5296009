/**
 * Accepted slash commands over either engine. Taking a command over is one conditional UPDATE
 * per row (lease ended, not answered): of two replicas sweeping at once, one gets each command.
 */
import type { Sql } from './sql.js';
import type { AcceptedCommand, CommandLedger } from './store.js';

interface CommandRow {
  id: string;
  payload: string;
  owner: string;
  accepted_at: number;
  expires_at: number;
  handovers: number;
}

function toCommand(row: CommandRow): AcceptedCommand {
  return {
    id: row.id,
    payload: row.payload,
    owner: row.owner,
    acceptedAt: new Date(row.accepted_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    handovers: row.handovers,
  };
}

export function commandLedgerOver(db: Sql, now: () => Date): CommandLedger {
  const ms = () => now().getTime();
  return {
    async acceptCommand(command) {
      const at = ms();
      await db.run(
        `INSERT INTO commands (id, payload, owner, lease_until, accepted_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [command.id, command.payload, command.owner, at + command.leaseMs, at, at + command.ttlMs],
      );
    },

    async renewCommands(owner, leaseMs) {
      return db.run('UPDATE commands SET lease_until = ? WHERE owner = ? AND answered_at IS NULL', [
        ms() + leaseMs,
        owner,
      ]);
    },

    async finishCommand(id, owner) {
      const at = ms();
      const changed = await db.run(
        `UPDATE commands SET answered_at = ?
         WHERE id = ? AND owner = ? AND answered_at IS NULL AND lease_until > ?`,
        [at, id, owner, at],
      );
      // Answered rows are kept a little for the record, then swept by whoever finishes next.
      if (changed === 1) await db.run('DELETE FROM commands WHERE expires_at <= ?', [at]);
      return changed === 1;
    },

    async handOverCommands(owner) {
      const rows = await db.all<CommandRow>(
        'SELECT * FROM commands WHERE owner = ? AND answered_at IS NULL ORDER BY accepted_at',
        [owner],
      );
      await db.run('UPDATE commands SET lease_until = 0 WHERE owner = ? AND answered_at IS NULL', [owner]);
      return rows.map(toCommand);
    },

    async takeOrphanCommands(owner, leaseMs, limit, options = {}) {
      const at = ms();
      // Without ownToo no row can match `owner = ''`: owners are never empty.
      const own = options.ownToo ? owner : '';
      const candidates = await db.all<CommandRow>(
        `SELECT * FROM commands WHERE answered_at IS NULL AND (lease_until <= ? OR owner = ?) AND expires_at > ?
         ORDER BY accepted_at LIMIT ?`,
        [at, own, at, limit],
      );
      const taken: AcceptedCommand[] = [];
      for (const row of candidates) {
        const won = await db.run(
          `UPDATE commands SET owner = ?, lease_until = ?, handovers = handovers + 1
           WHERE id = ? AND answered_at IS NULL AND (lease_until <= ? OR owner = ?)`,
          [owner, at + leaseMs, row.id, at, own],
        );
        if (won === 1) taken.push(toCommand({ ...row, owner, handovers: row.handovers + 1 }));
      }
      return taken;
    },
  };
}
