/**
 * Where tickets go. One implementation per tracker (jira.ts, github.ts, webhook.ts); the Slack
 * layer holds a `TicketSink | null` from `sinkFromEnv` and hides the Open-ticket button on null.
 * Sinks do no de-duplication and no retries: the store records intent before `open()` so a
 * double click opens one ticket, and a failed `open()` is retried by a person (Retry button),
 * because a blind retry after a timeout could create a second ticket.
 */
import type { SinkKind } from './errors.js';
import type { Ticket } from './ticket.js';

export interface TicketRef {
  /** The tracker's id: `SEC-42` (Jira), `owner/repo#42` (GitHub), whatever the webhook receiver says. */
  key: string;
  /** A link a person can open. */
  url: string;
}

export interface TicketSink {
  readonly kind: SinkKind;
  /** For buttons and messages: "Jira", "GitHub", "the ticket webhook". */
  readonly displayName: string;
  /** Creates the ticket. Throws `TicketError` (and then no ticket exists, as far as we can tell). */
  open(ticket: Ticket): Promise<TicketRef>;
  /** Adds a comment (plain text, redacted here) to a ticket `open` returned. Throws `TicketError`. */
  comment(ref: Pick<TicketRef, 'key'>, text: string): Promise<void>;
  /**
   * The ticket opened for this finding, found by its fingerprint label, or null when the tracker
   * has none: asked before creating again after a call whose outcome is unknown (a timeout).
   * Absent when the tracker cannot be searched (the webhook). Throws `TicketError`.
   */
  find?(fingerprint: string): Promise<TicketRef | null>;
}

export interface FixedNotice {
  /** The fingerprints the later scan no longer saw. */
  fingerprints: readonly string[];
  /** The scan that no longer saw them: its id and when it ran. */
  scanId: string;
  scannedAt: Date;
}

/** The comment a ticket gets when a later scan no longer sees its finding(s). */
export function fixedComment(notice: FixedNotice): string {
  const which = notice.fingerprints.length === 1 ? 'this finding' : 'these findings';
  return [
    `Fixed: lambda-audit scan ${notice.scanId} at ${notice.scannedAt.toISOString()} no longer sees ${which}.`,
    `Fingerprint${notice.fingerprints.length === 1 ? '' : 's'}: ${notice.fingerprints.join(', ')}`,
  ].join('\n');
}
