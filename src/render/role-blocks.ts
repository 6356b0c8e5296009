/**
 * `role <fn>` in Slack: the role and who shares it, its findings one line each, the escalation
 * paths with their pathfinding.cloud ids, then the proposed least-privilege policy as code with
 * its line breaks (split over a few blocks when long) and the start of the diff; anything longer
 * points to the CLI rather than flooding the channel with a list of 400 unused services.
 */
import type { types } from '@slack/bolt';
import type { AuditReport, Finding } from '../model.js';
import { countBySeverity } from '../model.js';
import { context, divider, header, section } from './block-kit.js';
import {
  type BlockOptions,
  countsLine,
  fallback,
  findingLine,
  identityContext,
  overflow,
  packLines,
  roleText,
  when,
} from './block-parts.js';
import { escapeCode, escapeMrkdwn } from './escape.js';
import { sortFindings } from './json.js';
import { SLACK_LIMITS as L, type SlackMessage } from './limits.js';
import { escalationPaths } from './role-text.js';
import { DOWNLOAD_POLICY_ACTION_ID } from './slack-ids.js';

const FINDINGS_SHOWN = 10;
const PATHS_SHOWN = 10;
const SERVICES_SHOWN = 12;
/** Code blocks the policy may take; past that it is the CLI's (or a file's) job. */
const POLICY_BLOCKS = 3;
const DIFF_LINES = 20;

/** The proposed policy as it is shown and downloaded: indented JSON. */
export function proposalText(policy: unknown): string {
  return JSON.stringify(policy, null, 2);
}

/** Text as a code block, line breaks kept, a ``` inside unable to close it. */
export function codeBlock(text: string): string {
  return `\`\`\`${escapeMrkdwn(text, { keepNewlines: true }).replace(/```/g, 'ˋˋˋ')}\`\`\``;
}

/**
 * The policy in up to POLICY_BLOCKS code sections, each within a section's 3,000 characters;
 * longer, a line saying so and, when the answer is cached under `key`, a "Download policy" button.
 */
export function policyBlocks(policy: string, cli: string, key?: string): types.KnownBlock[] {
  const chunks = packLines(policy.split('\n'), L.sectionText - 200);
  if (chunks.length <= POLICY_BLOCKS) return chunks.map((chunk) => section(codeBlock(chunk)));
  const size = `The policy is ${policy.length.toLocaleString('en')} characters, too long to read here`;
  const note = context(
    `${size}; ${key ? 'download it as a file, or ' : ''}\`${escapeCode(cli)}\` prints it.`,
  );
  if (!key) return [note];
  const download: types.Button = {
    type: 'button',
    action_id: DOWNLOAD_POLICY_ACTION_ID,
    text: { type: 'plain_text', text: 'Download policy' },
    value: key,
  };
  return [note, { type: 'actions', block_id: 'lambda_audit_policy_actions', elements: [download] }];
}

function proposalBlocks(report: AuditReport, key: string | undefined): types.KnownBlock[] {
  const proposal = report.role.proposal;
  if (!proposal)
    return [section('*Proposed policy*: none, the role or its last-accessed data could not be read.')];
  const removed = proposal.removedServices.map((r) => `\`${escapeCode(r.service)}\``);
  const removes = removed.length
    ? `Removes ${removed.length} unused service${removed.length === 1 ? '' : 's'}: ${removed.slice(0, SERVICES_SHOWN).join(', ')}${removed.length > SERVICES_SHOWN ? ` and ${removed.length - SERVICES_SHOWN} more` : ''}`
    : 'Removes nothing: every granted service was used.';
  const cli = `lambda-audit role ${report.function.arn} --format json`;
  const diff = proposal.diff.split('\n');
  const diffShown = diff.slice(0, DIFF_LINES).join('\n');
  return [
    section(
      `*Proposed least-privilege policy* (confidence ${proposal.confidence}, ${proposal.windowDays}-day window)\n${removes}`,
    ),
    ...policyBlocks(proposalText(proposal.policy), cli, key),
    ...(diffShown.trim() ? [section(`*What changes*\n${codeBlock(diffShown)}`)] : []),
    ...(diff.length > DIFF_LINES
      ? [context(`…and ${diff.length - DIFF_LINES} more lines of the diff: \`${escapeCode(cli)}\`.`)]
      : []),
  ];
}

/**
 * The escalation paths, each with pathfinding.cloud's id so a reader can look it up; the first
 * few, the CLI lists them all (AdministratorAccess completes dozens).
 */
function pathBlocks(findings: readonly Finding[], cli: string): types.KnownBlock[] {
  const paths = findings
    .filter((f) => f.check === 'role-privilege-escalation')
    .flatMap((f) => escalationPaths(f));
  if (paths.length === 0) return [];
  const lines = paths
    .slice(0, PATHS_SHOWN)
    .map((p) => `• ${escapeMrkdwn(p.name)}${p.id ? ` (pathfinding.cloud \`${escapeCode(p.id)}\`)` : ''}`);
  const more = paths.length - PATHS_SHOWN;
  return [
    ...packLines([`*Escalation paths* (${paths.length})`, ...lines]).map(section),
    ...(more > 0 ? [context(`…and ${more} more: \`${escapeCode(cli)}\` lists them with their steps.`)] : []),
  ];
}

/** `role <fn>`: the role's findings, escalation paths first, and the least-privilege proposal. */
export function renderRoleBlocks(report: AuditReport, options: BlockOptions = {}): SlackMessage {
  const findings = sortFindings(report.findings.filter((f) => f.categories.includes('role')));
  const shown = findings.slice(0, options.firstPage ?? FINDINGS_SHOWN);
  const blocks: types.KnownBlock[] = [
    header(`Execution role: ${report.function.name}`),
    section(`${roleText(report)}\n${countsLine(countBySeverity(findings))}`),
    ...packLines(shown.map(findingLine)).slice(0, 3).map(section),
    ...overflow(
      shown.length,
      findings.length,
      'findings',
      options,
      `lambda-audit role ${report.function.arn}`,
    ),
    ...pathBlocks(findings, `lambda-audit role ${report.function.arn}`),
    divider,
    ...proposalBlocks(report, options.actions?.key || options.moreKey),
    identityContext(report),
    context(`Analysed ${when(report.generatedAt)}`),
  ];
  return { text: fallback(report, 'lambda-audit role'), blocks };
}
