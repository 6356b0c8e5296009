/**
 * What a ticket is about, as plain data. The Slack layer builds one from an audit report (the
 * finding or findings the button was under) and, for role findings, the least-privilege proposal.
 * Nothing here is formatted or redacted yet: content.ts does both, once, for every sink.
 */
import type { AuditReport, Finding, PolicyDocument } from '../model.js';

export interface TicketFunction {
  name: string;
  arn: string;
  accountId: string;
  region: string;
  /** The execution role's ARN; null when unknown (the ticket then has no role link). */
  roleArn: string | null;
}

/**
 * The proposed least-privilege policy for the execution role and its human-readable diff.
 * From src/iam/least-privilege.ts: `{ policy: p.policy, diffText: p.diff, caveats: p.caveats,
 * confidence: p.confidence }` (see `ticketProposal`).
 */
export interface TicketProposal {
  policy: PolicyDocument;
  diffText: string;
  /** Caveats a reviewer should read first (e.g. last-accessed data missing). */
  caveats?: readonly string[];
  confidence?: 'high' | 'low';
}

export interface Ticket {
  function: TicketFunction;
  /** At least one; several when the button covers a role's findings together. */
  findings: readonly Finding[];
  proposal?: TicketProposal;
  /** Who asked, as shown in the ticket ("Slack user U123 in #security"); optional. */
  requestedBy?: string;
}

/** The structural part of the IAM proposal a ticket needs; src/iam's `Proposal` satisfies it. */
export interface ProposalLike {
  policy: PolicyDocument;
  diff: string;
  caveats?: readonly string[];
  confidence?: 'high' | 'low';
}

/** Maps the execution-role analysis' proposal to what a ticket carries. */
export function ticketProposal(proposal: ProposalLike): TicketProposal {
  return {
    policy: proposal.policy,
    diffText: proposal.diff,
    ...(proposal.caveats ? { caveats: proposal.caveats } : {}),
    ...(proposal.confidence ? { confidence: proposal.confidence } : {}),
  };
}

/** A ticket for some findings of one audit report (the function and role come from the report). */
export function ticketFromReport(
  report: Pick<AuditReport, 'function' | 'role'>,
  findings: readonly Finding[],
  extra: { proposal?: TicketProposal; requestedBy?: string } = {},
): Ticket {
  if (findings.length === 0) throw new RangeError('a ticket needs at least one finding');
  return {
    function: {
      name: report.function.name,
      arn: report.function.arn,
      accountId: report.function.accountId,
      region: report.function.region,
      roleArn: report.role.arn || null,
    },
    findings,
    ...extra,
  };
}
