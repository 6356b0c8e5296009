/**
 * Tells a ticket when its finding is gone: after a scan closes findings, each one with an open
 * ticket gets `fixedComment` (naming the scan that no longer saw it). A comment that fails is
 * kept and tried again after the next scan, unless the finding has come back meanwhile. The
 * retry list lives in this process: a restart in between loses it (the ticket then simply gets
 * no comment), which is why failures are logged as warnings an operator can act on.
 */
import type { LogSink } from '../log.js';
import type { RecordedScan, Store } from '../store/store.js';
import { fixedComment, type TicketSink } from '../tickets/sink.js';

interface Seen {
  scanId: number;
  at: string;
}

export class FixedTicketNotes {
  /** Fingerprint -> the scan that first saw it fixed, for those whose ticket is not told yet. */
  private readonly pending = new Map<string, Seen>();

  constructor(
    private readonly store: Store,
    private readonly sink: TicketSink,
    private readonly log: LogSink,
  ) {}

  /** Comments on the tickets of what this scan fixed and of what earlier ones could not tell. Never throws. */
  async afterScan(recorded: RecordedScan): Promise<void> {
    for (const fp of recorded.fixed)
      if (!this.pending.has(fp))
        this.pending.set(fp, { scanId: recorded.scan.id, at: recorded.scan.finishedAt });
    for (const [fp, seen] of [...this.pending]) {
      try {
        if (await this.tell(fp, seen)) this.pending.delete(fp);
      } catch (error) {
        this.log.log('warn', 'ticket not told its finding is fixed; will retry after the next scan', {
          fingerprint: fp,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  /** True when done with this fingerprint (commented, or nothing to comment on any more). */
  private async tell(fp: string, seen: Seen): Promise<boolean> {
    const ticket = await this.store.ticket(fp);
    // No ticket, one still being opened (it will describe the finding as it is), or another tracker's.
    if (ticket?.state !== 'open' || !ticket.key || ticket.sink !== this.sink.kind) return true;
    const finding = await this.store.finding(fp);
    if (finding && finding.state !== 'fixed') return true; // came back: the ticket still stands
    await this.sink.comment(
      { key: ticket.key },
      fixedComment({ fingerprints: [fp], scanId: String(seen.scanId), scannedAt: new Date(seen.at) }),
    );
    this.log.log('info', 'ticket told its finding is fixed', { fingerprint: fp, key: ticket.key });
    return true;
  }
}
