/**
 * The ticket's title and body, written once and rendered for each tracker: Markdown (GitHub,
 * webhook) and ADF (Jira). Every string from the ticket goes through `scrub` here, so no sink can
 * forget to redact. Bodies that would pass a tracker's size limit are rebuilt with less detail
 * (evidence clipped, then dropped), never with a cut-off policy: a truncated policy document is
 * worse than none, so a policy that does not fit is left out with a note saying where it is.
 */
import { type Finding, severityRank } from '../model.js';
import { type AdfDoc, toAdf } from './adf.js';
import { functionConsoleUrl, roleConsoleUrl, roleNameFromArn } from './console-urls.js';
import {
  type Block,
  code,
  codeBlock,
  heading,
  type Inline,
  link,
  list,
  paragraph,
  strong,
  text,
} from './doc.js';
import { toMarkdown } from './markdown.js';
import { memoScrub, safeEvidence, scrub } from './redact.js';
import type { Ticket } from './ticket.js';

type Scrub = (text: string) => string;

export interface TicketContent {
  title: string;
  /** GitHub-flavoured Markdown. */
  markdown: string;
  /** Atlassian Document Format, for Jira's description. */
  adf: AdfDoc;
  /** `lambda-audit` and each finding's check id. */
  labels: string[];
  links: { function: string; role: string | null };
  /** The findings' fingerprints: the keys the store de-duplicates tickets on. */
  fingerprints: string[];
}

export interface ContentLimits {
  /** GitHub refuses issue bodies over 65,536 characters. */
  markdown: number;
  /** Jira Cloud refuses descriptions over 32,767 characters (of the stored document). */
  adf: number;
}

export const DEFAULT_LIMITS: ContentLimits = { markdown: 60_000, adf: 30_000 };

interface Detail {
  evidenceChars: number | null;
  diffChars: number;
  policyChars: number;
  /** Findings shown in full; the rest get one line each. */
  fullFindings: number;
}

// From most to least detailed; the first that fits wins.
const DETAIL_LEVELS: readonly Detail[] = [
  { evidenceChars: 4_000, diffChars: 20_000, policyChars: 40_000, fullFindings: 25 },
  { evidenceChars: 600, diffChars: 8_000, policyChars: 12_000, fullFindings: 15 },
  { evidenceChars: null, diffChars: 3_000, policyChars: 6_000, fullFindings: 5 },
];

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}\n… (${value.length - max} more characters)`;
}

function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

function where(ticket: Ticket): string {
  return `${ticket.function.name} (account ${ticket.function.accountId}, ${ticket.function.region})`;
}

/** A title that says what to do and where, within Jira's 255-character summary. */
export function ticketTitle(ticket: Ticket, s: Scrub = scrub): string {
  const sorted = sortFindings(ticket.findings);
  const top = sorted[0];
  const roleName = ticket.function.roleArn ? roleNameFromArn(ticket.function.roleArn) : null;
  let title: string;
  if (ticket.proposal && roleName) title = `Tighten execution role ${roleName} of ${where(ticket)}`;
  else if (sorted.length === 1 && top)
    title = `${capitalise(top.severity)}: ${top.title} on ${where(ticket)}`;
  else title = `${sorted.length} findings on ${where(ticket)}, highest ${top?.severity ?? 'unknown'}`;
  const clean = s(title).replace(/\s+/g, ' ');
  return clean.length > 250 ? `${clean.slice(0, 249)}…` : clean;
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function functionBlocks(ticket: Ticket, s: Scrub): Block[] {
  const fn = ticket.function;
  const items: Inline[][] = [
    [text('Function: '), code(s(fn.arn))],
    [text(`Account: ${s(fn.accountId)}, region: ${s(fn.region)}`)],
  ];
  if (fn.roleArn) items.push([text('Execution role: '), code(s(fn.roleArn))]);
  const links: Inline[] = [link('Function in the AWS console', functionConsoleUrl(fn))];
  const roleUrl = fn.roleArn ? roleConsoleUrl(fn.roleArn) : null;
  if (roleUrl) links.push(text(' · '), link('Role in the IAM console', roleUrl));
  items.push(links);
  const count = ticket.findings.length;
  return [
    paragraph(
      text(`lambda-audit found ${count === 1 ? 'a problem' : `${count} problems`} on Lambda function `),
      code(s(fn.name)),
      text('.'),
    ),
    list(items),
  ];
}

function evidenceText(finding: Finding, max: number, s: Scrub): string {
  return clip(JSON.stringify(safeEvidence(finding.evidence, s), null, 2), max);
}

function findingBlocks(finding: Finding, detail: Detail, s: Scrub): Block[] {
  const blocks: Block[] = [
    heading(3, `${finding.severity.toUpperCase()}: ${s(finding.title)}`),
    paragraph(text(s(finding.detail))),
    list([
      [text('Check: '), code(s(finding.check))],
      [text('Resource: '), code(s(finding.resource))],
      [text('Fingerprint: '), code(s(finding.fingerprint))],
    ]),
  ];
  if (detail.evidenceChars !== null && Object.keys(finding.evidence).length > 0) {
    blocks.push(
      paragraph(strong('Evidence')),
      codeBlock('json', evidenceText(finding, detail.evidenceChars, s)),
    );
  }
  blocks.push(paragraph(strong('Remediation:'), text(` ${s(finding.remediation)}`)));
  return blocks;
}

function findingsBlocks(ticket: Ticket, detail: Detail, s: Scrub): Block[] {
  const sorted = sortFindings(ticket.findings);
  const blocks: Block[] = [heading(2, sorted.length === 1 ? 'Finding' : 'Findings')];
  for (const finding of sorted.slice(0, detail.fullFindings))
    blocks.push(...findingBlocks(finding, detail, s));
  const rest = sorted.slice(detail.fullFindings);
  if (rest.length > 0) {
    blocks.push(
      paragraph(text(`${rest.length} more, in short:`)),
      list(rest.map((f) => [text(`${f.severity}: ${s(f.title)} `), code(s(f.fingerprint))])),
    );
  }
  return blocks;
}

function proposalBlocks(ticket: Ticket, detail: Detail, s: Scrub): Block[] {
  const proposal = ticket.proposal;
  if (!proposal) return [];
  const blocks: Block[] = [heading(2, 'Proposed least-privilege policy')];
  const confidence = proposal.confidence ? ` Confidence: ${proposal.confidence}.` : '';
  blocks.push(
    paragraph(
      text(
        `Derived from IAM last-accessed data and the function's configuration; it never grants more than the role does today. Review it before applying.${confidence}`,
      ),
    ),
  );
  if (proposal.caveats && proposal.caveats.length > 0) {
    blocks.push(list(proposal.caveats.map((caveat) => [strong('Caveat:'), text(` ${s(caveat)}`)])));
  }
  blocks.push(heading(3, 'What changes'), codeBlock('text', clip(s(proposal.diffText), detail.diffChars)));
  const policy = s(JSON.stringify(proposal.policy, null, 2));
  blocks.push(heading(3, 'Policy'));
  if (policy.length <= detail.policyChars) blocks.push(codeBlock('json', policy));
  else {
    blocks.push(
      paragraph(
        text(`The policy (${policy.length} characters) is too long for this ticket; run `),
        code(`/lambda-audit role ${s(ticket.function.name)}`),
        text(' in Slack to see it in full.'),
      ),
    );
  }
  return blocks;
}

function footer(ticket: Ticket, s: Scrub): Block[] {
  const by = ticket.requestedBy ? ` at the request of ${s(ticket.requestedBy)}` : '';
  return [
    paragraph(
      text(
        `Opened by lambda-audit${by}. When a later scan no longer sees the finding, lambda-audit comments here.`,
      ),
    ),
  ];
}

function blocksFor(ticket: Ticket, detail: Detail, s: Scrub): Block[] {
  return [
    ...functionBlocks(ticket, s),
    ...findingsBlocks(ticket, detail, s),
    ...proposalBlocks(ticket, detail, s),
    ...footer(ticket, s),
  ];
}

/** The most detailed rendering that fits `max`; the least detailed one when none does. */
function fittest<T>(
  levels: readonly Block[][],
  render: (blocks: Block[]) => T,
  size: (out: T) => number,
  max: number,
): T {
  let out = render(levels[0] ?? []);
  for (const blocks of levels) {
    out = render(blocks);
    if (size(out) <= max) return out;
  }
  // Even the shortest form is too long (hundreds of findings): send it and let the tracker say so.
  return out;
}

/**
 * The label that finds a finding's ticket in the tracker (Jira JQL, GitHub's label filter) when
 * lambda-audit does not know whether its own create call went through. 36 characters: within
 * GitHub's 50, and no spaces for Jira.
 */
export function fingerprintLabel(fingerprint: string): string {
  return `lambda-audit-fp-${fingerprint.replace(/[^a-z0-9]/gi, '')}`;
}

function labelsFor(ticket: Ticket, s: Scrub): string[] {
  // Jira labels cannot contain spaces; GitHub's may, but one spelling keeps filters alike.
  const checks = ticket.findings.map((f) => s(f.check).replace(/\s+/g, '-'));
  const fingerprints = ticket.findings.map((f) => fingerprintLabel(f.fingerprint));
  return [...new Set(['lambda-audit', ...checks, ...fingerprints])];
}

/** Builds the ticket's title and body (Markdown and ADF), redacted and within the trackers' limits. */
export function ticketContent(ticket: Ticket, limits: ContentLimits = DEFAULT_LIMITS): TicketContent {
  if (ticket.findings.length === 0) throw new RangeError('a ticket needs at least one finding');
  const s = memoScrub();
  const levels = DETAIL_LEVELS.map((detail) => blocksFor(ticket, detail, s));
  return {
    title: ticketTitle(ticket, s),
    markdown: fittest(levels, toMarkdown, (md) => md.length, limits.markdown),
    adf: fittest(levels, toAdf, (doc) => JSON.stringify(doc).length, limits.adf),
    labels: labelsFor(ticket, s),
    links: {
      function: functionConsoleUrl(ticket.function),
      role: ticket.function.roleArn ? roleConsoleUrl(ticket.function.roleArn) : null,
    },
    fingerprints: ticket.findings.map((f) => f.fingerprint),
  };
}
