/**
 * The one error a ticket sink throws. It does not extend LambdaAuditError because tracker
 * failures are not part of the audit's error codes (errors.ts stays as it is); the Slack layer
 * shows `message` to the person who clicked and offers a Retry.
 */
import { redact } from '../secrets.js';

export type SinkKind = 'jira' | 'github' | 'webhook';

export const SINK_NAMES: Record<SinkKind, string> = {
  jira: 'Jira',
  github: 'GitHub',
  webhook: 'The ticket webhook',
};

export class TicketError extends Error {
  readonly code = 'ticket_failed' as const;
  readonly sink: SinkKind;
  /** The tracker's HTTP status; null when it could not be reached or answered nonsense. */
  readonly status: number | null;
  /**
   * The request may have created the ticket (it timed out after being sent, or the answer could
   * not be read): retrying could open a second one.
   */
  readonly mayExist: boolean;
  constructor(
    sink: SinkKind,
    status: number | null,
    message: string,
    options?: { cause?: unknown; mayExist?: boolean },
  ) {
    // Trackers echo request fragments in their errors; the message ends up in Slack and logs.
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TicketError';
    this.sink = sink;
    this.status = status;
    this.mayExist = options?.mayExist ?? false;
  }
}

export type TicketAction = 'open' | 'comment' | 'search';

const CONSEQUENCE: Record<TicketAction, string> = {
  open: 'no ticket was created',
  comment: 'the comment was not posted',
  search: 'could not check for an existing ticket',
};

/** A timed-out create may well have reached the tracker: never tell the person it did not. */
const UNKNOWN_CONSEQUENCE: Record<TicketAction, string> = {
  open: 'the ticket may have been created',
  comment: 'the comment may have been posted',
  search: 'could not check for an existing ticket',
};

/** Keeps a tracker's own explanation short enough for a Slack line. */
function clip(text: string, max = 300): string {
  // Trailing full stops would double up with the "; no ticket was created" that follows.
  const flat = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// What an operator should look at when the tracker refuses us, by status.
const HINTS: Record<SinkKind, Record<number, string>> = {
  jira: {
    401: 'check JIRA_EMAIL and JIRA_API_TOKEN',
    403: 'the Jira account may not create issues in JIRA_PROJECT',
    404: 'check JIRA_BASE_URL and JIRA_PROJECT',
  },
  github: {
    401: 'check GITHUB_TOKEN',
    403: 'the token may lack the issues permission, or GitHub is rate-limiting it',
    404: 'check GITHUB_REPO, and that the token can see it',
  },
  webhook: {
    401: 'check TICKET_WEBHOOK_SECRET on both sides',
    403: 'check TICKET_WEBHOOK_SECRET on both sides',
  },
};

/** "Jira answered 500: Internal error; no ticket was created". */
export function answeredError(
  sink: SinkKind,
  action: TicketAction,
  status: number,
  detail: string,
  cause: unknown,
): TicketError {
  const hint = HINTS[sink][status];
  const why = [clip(detail) || 'no explanation', hint ? `(${hint})` : ''].filter(Boolean).join(' ');
  return new TicketError(
    sink,
    status,
    `${SINK_NAMES[sink]} answered ${status}: ${why}; ${CONSEQUENCE[action]}`,
    {
      cause,
    },
  );
}

/** "Could not reach Jira (connect ECONNREFUSED ...); no ticket was created". */
export function unreachableError(sink: SinkKind, action: TicketAction, cause: unknown): TicketError {
  const why = cause instanceof Error ? clip(cause.message) : 'unknown error';
  // A refused connection sent nothing; a timeout may have reached the tracker.
  const timedOut =
    cause instanceof Error &&
    (/Timeout|Abort/.test(cause.name) || /time(d)? ?out|ETIMEDOUT|ECONNRESET/i.test(cause.message));
  const consequence = (timedOut ? UNKNOWN_CONSEQUENCE : CONSEQUENCE)[action];
  return new TicketError(sink, null, `Could not reach ${SINK_NAMES[sink]} (${why}); ${consequence}`, {
    cause,
    mayExist: timedOut,
  });
}

/** The tracker said yes but its answer lacks what we need to link the ticket. */
export function malformedAnswer(sink: SinkKind, what: string, cause?: unknown): TicketError {
  return new TicketError(
    sink,
    null,
    `${SINK_NAMES[sink]} answered without ${what}; the ticket may exist but could not be linked`,
    { cause, mayExist: true },
  );
}
