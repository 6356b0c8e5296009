/**
 * The digest's channel message. It opens with the headline: what is new and open to the
 * internet (function, source, why), then what was fixed, then the counts (with why they differ
 * from the scan's), the account and region findings once each, and what could not be checked.
 * It always fits Slack's limits (50 blocks, 3,000 characters a section, 150 a header) however
 * many findings there are; the full lists follow in its thread (render-thread.ts).
 */
import type { types } from '@slack/bolt';
import { SEVERITIES, type Severity } from '../model.js';
import { context, header, section, slackDate } from '../render/block-kit.js';
import { plainCounts } from '../render/block-parts.js';
import { escapeMrkdwn, truncate } from '../render/escape.js';
import { type FindingActions, findingsSelect } from '../render/finding-actions.js';
import { SLACK_LIMITS as L, type SlackMessage } from '../render/limits.js';
import { type Digest, type DigestFinding, gapsByRead, hasBlindSpots, isAccountEntry } from './digest.js';
import {
  accountLine,
  code,
  findingLines,
  gapGroupLine,
  HEADLINE,
  openPathLines,
  PREVIEW,
  plural,
  reconciliationText,
  totalsLine,
} from './render-lines.js';
import { threadMessages } from './render-thread.js';

export { renderDigestText } from './render-text.js';

export interface DigestMessages {
  /** The channel message. */
  main: SlackMessage;
  /** Replies in its thread, in order: the full lists. */
  thread: SlackMessage[];
}

/** New findings the channel message offers actions for (Open ticket, Snooze, Accept risk). */
const MENU_FINDINGS = 5;

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Up to `shown` lines under a bold title, then how many more the thread has. */
function listSection(
  title: string,
  lines: readonly string[],
  empty: string,
  shown = PREVIEW,
): types.SectionBlock {
  if (lines.length === 0) return section(`*${title}*\n${empty}`);
  const rest = lines.length > shown ? `\n…and ${lines.length - shown} more in the thread` : '';
  // Keep the tail note even when the lines are long.
  const budget = L.sectionText - title.length - rest.length - 10;
  return section(`*${title}*\n${truncate(lines.slice(0, shown).join('\n'), budget)}${rest}`);
}

/** Functions (not the account and region entries) with at least one gap. */
function incompleteFunctions(digest: Digest): number {
  return new Set(digest.unverified.filter((g) => !isAccountEntry(g)).map((g) => g.functionArn)).size;
}

/** The headline: new ways in from the internet, or that there are none (among what was read). */
function headline(digest: Digest): types.SectionBlock {
  const open = digest.newFindings.filter((f) => f.openPath);
  const before = digest.openPaths - open.length;
  const beforeNote =
    before > 0 ? `\n_${plural(before, 'more way', 'more ways')} in from before, still open._` : '';
  const blind = hasBlindSpots(digest)
    ? '\n:warning: _Among what could be read: see what could not be checked below._'
    : '';
  if (open.length === 0)
    return section(`:white_check_mark: *Nothing new is open to the internet.*${beforeNote}${blind}`);
  const lines = openPathLines(open);
  const first = digest.sinceScanId === null ? ' (first digest)' : '';
  return listSection(
    `:rotating_light: New and open to the internet${first}: ${plural(lines.length, 'function')}`,
    lines,
    '',
    HEADLINE,
  );
}

function countsSection(digest: Digest): types.SectionBlock {
  const scanned = digest.scan
    ? `${plural(digest.scan.functions, 'function')} scanned in ${escapeMrkdwn(digest.scan.regions.join(', '))}`
    : 'nothing scanned yet';
  const why = reconciliationText(digest.counted);
  return section(
    `*Open now* ${totalsLine(digest.totals)}\n${scanned} · ${digest.snoozed} snoozed · ${digest.accepted} accepted${why ? `\n_${why}_` : ''}`,
  );
}

/** Account and region findings, once each: never per function, never among function findings. */
function accountSection(digest: Digest): types.SectionBlock | null {
  const lines = [
    ...digest.accountFindings.map((f) => accountLine(f)),
    ...digest.fixedAccountFindings.map((f) => accountLine(f, true)),
  ];
  if (lines.length === 0) return null;
  return section(truncate(`*Account and region*\n${lines.join('\n')}`, L.sectionText));
}

/** Said loudly whenever the digest cannot vouch for everything; every read that failed once. */
function blindSpotText(digest: Digest): string {
  const lines: string[] = [':rotating_light: *Not everything could be checked.*'];
  if (digest.scanError)
    lines.push(`The scan failed: ${escapeMrkdwn(digest.scanError)}. Figures are from the previous scan.`);
  if (!digest.scan) lines.push('No scan has completed yet.');
  const failedFns = digest.failed.filter((g) => g.functionArn !== '*').length;
  if (failedFns > 0) lines.push(`*${plural(failedFns, 'function')} could not be read at all.*`);
  const incomplete = incompleteFunctions(digest);
  if (incomplete > 0) {
    lines.push(
      `*${plural(incomplete, 'function')} ${incomplete === 1 ? 'was' : 'were'} read with gaps*; findings there may be missing, and none of them is marked fixed:`,
    );
  }
  const reads = gapsByRead([...digest.failed, ...digest.unverified]);
  lines.push(...reads.slice(0, PREVIEW).map((read) => gapGroupLine(read, true)));
  if (reads.length > PREVIEW)
    lines.push(`…and ${plural(reads.length - PREVIEW, 'more failed read')} in the thread`);
  return truncate(lines.join('\n'), L.sectionText);
}

function fallbackText(digest: Digest): string {
  const open = SEVERITIES.map((s) => digest.totals[s]).reduce((a, b) => a + b, 0);
  const paths = digest.newFindings.filter((f) => f.openPath).length;
  const parts = [
    `Lambda audit digest: ${paths ? `${paths} new open to the internet · ` : ''}${plural(open, 'open finding')}`,
    `${digest.newFindings.length} new`,
    `${digest.fixedFindings.length} fixed`,
  ];
  const blind = new Set(
    [...digest.failed, ...digest.unverified].filter((g) => !isAccountEntry(g)).map((g) => g.functionArn),
  ).size;
  if (digest.scanError) parts.push('the scan failed');
  else if (blind > 0) parts.push(`${plural(blind, 'function')} not fully checked`);
  return parts.join(' · ');
}

function riskiestLines(digest: Digest): string[] {
  return digest.riskiest.map(
    (fn) =>
      `• ${code(fn.functionName)} (${escapeMrkdwn(fn.region)}, ${escapeMrkdwn(fn.accountId)}): ${plainCounts(fn.counts)}`,
  );
}

/** What the menu offers first: new ways in, new account findings, then the most severe. */
function menuFindings(digest: Digest): DigestFinding[] {
  return [
    ...digest.newFindings.filter((f) => f.openPath),
    ...digest.accountFindings.filter((f) => f.isNew),
    ...digest.newFindings.filter((f) => !f.openPath),
  ].slice(0, MENU_FINDINGS);
}

function mainMessage(digest: Digest, hasThread: boolean, actions?: FindingActions): SlackMessage {
  const blocks: types.KnownBlock[] = [header(`Lambda audit digest · ${day(digest.generatedAt)}`)];
  // Without a fresh scan there is no headline to give: what went wrong comes first.
  const stale = digest.scanError !== null || digest.scan === null;
  if (stale) blocks.push(section(blindSpotText(digest)));
  blocks.push(headline(digest));
  if (digest.sinceScanId !== null) {
    blocks.push(
      listSection(
        `Fixed since the last digest (${digest.fixedFindings.length})`,
        findingLines(digest.fixedFindings),
        'Nothing fixed.',
      ),
    );
  }
  blocks.push(countsSection(digest));
  const accounts = accountSection(digest);
  if (accounts) blocks.push(accounts);
  if (!stale && hasBlindSpots(digest)) blocks.push(section(blindSpotText(digest)));
  const others = digest.newFindings.filter((f) => !f.openPath);
  const title = digest.sinceScanId === null ? 'Other open findings (first digest)' : 'Other new findings';
  blocks.push(listSection(`${title} (${others.length})`, findingLines(others), 'Nothing else new.'));
  // One select for the first new findings: a menu each would cost a block per finding.
  const menu = menuFindings(digest);
  if (actions && menu.length > 0) blocks.push(findingsSelect(menu, actions));
  if (digest.riskiest.length > 0)
    blocks.push(section(`*Riskiest functions*\n${riskiestLines(digest).join('\n')}`));
  const scanNote = digest.scan
    ? `Scan #${digest.scan.id}, finished ${slackDate(digest.scan.finishedAt)}`
    : 'No scan yet';
  blocks.push(context(`${scanNote}${hasThread ? ' · full lists in the thread, per function' : ''}`));
  return { text: truncate(escapeMrkdwn(fallbackText(digest)), L.messageText), blocks };
}

/** The channel message and its thread replies, every one within Slack's limits. */
export function renderDigestBlocks(
  digest: Digest,
  actions?: FindingActions,
  minSeverity: Severity = 'low',
): DigestMessages {
  const thread = threadMessages(digest, minSeverity);
  return { main: mainMessage(digest, thread.length > 0, actions), thread };
}
