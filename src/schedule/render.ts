/**
 * The digest as Slack messages and as terminal text. The channel message stays short and always
 * fits Slack's limits (50 blocks, 3,000 characters a section, 150 a header) however many
 * findings there are; the full lists follow as replies in its thread, each reply within the
 * same limits. Every AWS-sourced string is escaped (src/render/escape.ts).
 */
import type { types } from '@slack/bolt';
import { SEVERITIES, type Severity, severityRank } from '../model.js';
import { context, header, SEVERITY_EMOJI, section, slackDate } from '../render/block-kit.js';
import { packLines } from '../render/blocks.js';
import { stripControl as clean, escapeCode, escapeMrkdwn, truncate } from '../render/escape.js';
import { type FindingActions, findingsSelect } from '../render/finding-actions.js';
import { SLACK_LIMITS as L, type SlackMessage } from '../render/limits.js';
import type { ScanGap } from '../store/store.js';
import { type Digest, type DigestFinding, gapsByApi, hasBlindSpots } from './digest.js';

export interface DigestMessages {
  /** The channel message. */
  main: SlackMessage;
  /** Replies in its thread, in order: the full lists. */
  thread: SlackMessage[];
}

/** Lines of each list shown in the channel message; the rest is in the thread. */
const PREVIEW = 5;
/** Replies at most; past that the last one says how to see the rest. */
const MAX_REPLIES = 10;
const BLOCKS_PER_REPLY = L.blocksPerMessage - 2;
/** New findings the channel message offers actions for (Open ticket, Snooze, Accept risk). */
const MENU_FINDINGS = 5;

/** Inline code around a foreign string (escapeCode makes it safe inside the backticks). */
const code = (text: string): string => `\`${escapeCode(text)}\``;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function totalsLine(totals: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => totals[s] > 0).map(
    (s) => `${SEVERITY_EMOJI[s]} *${totals[s]} ${s}*`,
  );
  return parts.length ? parts.join('  ·  ') : ':white_check_mark: *No open findings*';
}

function findingLine(f: DigestFinding, times = 1): string {
  const more = f.functions > 1 ? ` (+${f.functions - 1} more)` : '';
  const count = times > 1 ? ` ×${times}` : '';
  return `${SEVERITY_EMOJI[f.severity]} ${code(f.check)}${count} on ${code(f.functionName)}${more} (${escapeMrkdwn(f.region)}): ${escapeMrkdwn(f.title)}`;
}

/** One line per check and function (`env-secrets` ×4 on `billing-export`), in first-seen order. */
function findingLines(findings: readonly DigestFinding[]): string[] {
  const groups = new Map<string, DigestFinding[]>();
  for (const f of findings) {
    const key = `${f.check}\u0000${f.functionArn}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((group) => findingLine(group[0] as DigestFinding, group.length));
}

function gapLine(g: ScanGap): string {
  const what = g.functionArn === '*' ? `every function in ${escapeMrkdwn(g.region)}` : code(g.functionName);
  const api = g.api ? ` ${code(g.api)}` : '';
  return `:warning: ${what}${api}: ${escapeMrkdwn(g.reason)}`;
}

/** "lambda:GetPolicy (triggers) on 3 functions: a, b, c". */
function gapGroupLine(group: ReturnType<typeof gapsByApi>[number]): string {
  const names = group.functions.slice(0, 5).map((g) => code(g.functionName));
  const rest = group.functions.length > 5 ? `, +${group.functions.length - 5} more` : '';
  return `• ${code(group.api)} (${escapeMrkdwn(group.area)}) on ${plural(group.functions.length, 'function')}: ${names.join(', ')}${rest}`;
}

function listSection(title: string, lines: readonly string[], empty: string): types.SectionBlock {
  if (lines.length === 0) return section(`*${title}*\n${empty}`);
  const shown = lines.slice(0, PREVIEW);
  const rest = lines.length > PREVIEW ? `\n…and ${lines.length - PREVIEW} more in the thread` : '';
  // Keep the tail note even when the preview lines are long.
  const budget = L.sectionText - title.length - rest.length - 10;
  return section(`*${title}*\n${truncate(shown.join('\n'), budget)}${rest}`);
}

/** The loud part: said first, in words, whenever the digest cannot vouch for everything. */
function blindSpotText(digest: Digest): string {
  const lines: string[] = [':rotating_light: *Not everything could be checked.*'];
  if (digest.scanError)
    lines.push(`The scan failed: ${escapeMrkdwn(digest.scanError)}. Figures are from the previous scan.`);
  if (!digest.scan) lines.push('No scan has completed yet.');
  const failedFns = digest.failed.filter((g) => g.functionArn !== '*').length;
  const failedRegions = digest.failed.filter((g) => g.functionArn === '*');
  for (const region of failedRegions) lines.push(gapLine(region));
  if (failedFns > 0) lines.push(`*${plural(failedFns, 'function')} could not be read at all.*`);
  const incomplete = new Set(digest.unverified.map((g) => g.functionArn)).size;
  if (incomplete > 0) {
    lines.push(
      `*${plural(incomplete, 'function')} ${incomplete === 1 ? 'was' : 'were'} read with gaps*; findings there may be missing, and none of them is marked fixed:`,
    );
    for (const group of gapsByApi(digest.unverified).slice(0, PREVIEW)) lines.push(gapGroupLine(group));
  }
  return lines.join('\n');
}

function fallbackText(digest: Digest): string {
  const open = SEVERITIES.map((s) => digest.totals[s]).reduce((a, b) => a + b, 0);
  const parts = [
    `Lambda audit digest: ${plural(open, 'open finding')}`,
    `${digest.newFindings.length} new`,
    `${digest.fixedFindings.length} fixed`,
  ];
  const blind = new Set([...digest.failed, ...digest.unverified].map((g) => g.functionArn)).size;
  if (digest.scanError) parts.push('the scan failed');
  else if (blind > 0) parts.push(`${plural(blind, 'function')} not fully checked`);
  return parts.join(' · ');
}

function riskiestLines(digest: Digest): string[] {
  return digest.riskiest.map((fn) => {
    const counts = SEVERITIES.filter((s) => fn.counts[s] > 0)
      .map((s) => `${fn.counts[s]} ${s}`)
      .join(', ');
    return `• ${code(fn.functionName)} (${escapeMrkdwn(fn.region)}, ${escapeMrkdwn(fn.accountId)}): ${counts}`;
  });
}

function mainMessage(digest: Digest, hasThread: boolean, actions?: FindingActions): SlackMessage {
  const blocks: types.KnownBlock[] = [header(`Lambda audit digest · ${day(digest.generatedAt)}`)];
  if (hasBlindSpots(digest)) blocks.push(section(blindSpotText(digest)));
  const scanned = digest.scan
    ? `${plural(digest.scan.functions, 'function')} scanned in ${escapeMrkdwn(digest.scan.regions.join(', '))}`
    : 'nothing scanned yet';
  blocks.push(
    section(
      `${totalsLine(digest.totals)}\n${scanned} · ${digest.snoozed} snoozed · ${digest.accepted} accepted`,
    ),
  );
  const since = digest.sinceScanId === null ? 'open (first digest)' : 'since the last digest';
  blocks.push(
    listSection(
      `New ${since} (${digest.newFindings.length})`,
      findingLines(digest.newFindings),
      'Nothing new.',
    ),
  );
  // One select for the first new findings: a menu each would cost a block per finding.
  if (actions && digest.newFindings.length > 0)
    blocks.push(findingsSelect(digest.newFindings.slice(0, MENU_FINDINGS), actions));
  if (digest.sinceScanId !== null) {
    blocks.push(
      listSection(
        `Fixed since the last digest (${digest.fixedFindings.length})`,
        findingLines(digest.fixedFindings),
        'Nothing fixed.',
      ),
    );
  }
  if (digest.riskiest.length > 0)
    blocks.push(section(`*Riskiest functions*\n${riskiestLines(digest).join('\n')}`));
  const scanNote = digest.scan
    ? `Scan #${digest.scan.id}, finished ${slackDate(digest.scan.finishedAt)}`
    : 'No scan yet';
  blocks.push(context(`${scanNote}${hasThread ? ' · full lists in the thread' : ''}`));
  return { text: truncate(escapeMrkdwn(fallbackText(digest)), L.messageText), blocks };
}

/** Lists as thread replies, each within the block limit; the count of replies is bounded too. */
function threadMessages(digest: Digest, minSeverity: Severity): SlackMessage[] {
  const shown = (f: DigestFinding) => severityRank(f.severity) >= severityRank(minSeverity);
  const left = [...digest.newFindings, ...digest.fixedFindings].filter((f) => !shown(f)).length;
  const leftOut = left
    ? [`_${plural(left, 'finding')} below ${minSeverity} left out of this thread (DIGEST_MIN_SEVERITY)._`]
    : [];
  const newShown = digest.newFindings.filter(shown);
  const fixedShown = digest.fixedFindings.filter(shown);
  const lists: { title: string; lines: string[] }[] = [
    { title: `New (${newShown.length})`, lines: [...findingLines(newShown), ...leftOut] },
    { title: `Fixed (${fixedShown.length})`, lines: findingLines(fixedShown) },
    { title: `Could not be read (${digest.failed.length})`, lines: digest.failed.map(gapLine) },
    { title: `Read with gaps (${digest.unverified.length})`, lines: digest.unverified.map(gapLine) },
    // New and fixed show PREVIEW lines in the channel; the gaps only as a summary there.
  ].filter((list, i) => list.lines.length > (i < 2 ? PREVIEW : 0));
  const blocks: types.KnownBlock[] = [];
  for (const list of lists) {
    blocks.push(section(`*${list.title}*`));
    for (const text of packLines(list.lines)) blocks.push(section(text));
  }
  const replies: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += BLOCKS_PER_REPLY) {
    replies.push({ text: 'Lambda audit digest: details', blocks: blocks.slice(i, i + BLOCKS_PER_REPLY) });
  }
  if (replies.length > MAX_REPLIES) {
    const left = replies.length - MAX_REPLIES + 1;
    replies.length = MAX_REPLIES - 1;
    replies.push({
      text: 'Lambda audit digest: more',
      blocks: [
        section(
          `…and ${plural(left, 'more page')}. Run \`lambda-audit digest --dry-run\` or \`lambda-audit scan --format json\` for everything.`,
        ),
      ],
    });
  }
  return replies;
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

// --- terminal ---------------------------------------------------------------------------------

function textFinding(f: DigestFinding): string {
  const more = f.functions > 1 ? ` (+${f.functions - 1} more)` : '';
  // Names and reasons come from AWS: no terminal control sequences get through.
  return clean(`  ${f.severity.padEnd(8)} ${f.check} on ${f.functionName}${more} (${f.region}): ${f.title}`);
}

function textGap(g: ScanGap): string {
  const what = g.functionArn === '*' ? `every function in ${g.region}` : `${g.functionName} (${g.region})`;
  return clean(`  ${what}${g.api ? ` ${g.api}` : ''}: ${g.reason}`);
}

/** The digest for a terminal: every list in full, blind spots first. */
/** Up to `limit` lines of a list, then how many more there are. */
function listed<T>(items: readonly T[], line: (item: T) => string, limit: number): string[] {
  const shown = items.slice(0, limit).map(line);
  return items.length > limit ? [...shown, `  … and ${items.length - limit} more`] : shown;
}

/** The digest for a terminal; `listLimit` shortens its lists (the demo), the CLI shows them whole. */
export function renderDigestText(digest: Digest, options: { listLimit?: number } = {}): string {
  const limit = options.listLimit ?? Number.POSITIVE_INFINITY;
  const out: string[] = [`Lambda audit digest · ${day(digest.generatedAt)}`, ''];
  if (hasBlindSpots(digest)) {
    out.push('NOT EVERYTHING COULD BE CHECKED');
    if (digest.scanError)
      out.push(clean(`  the scan failed: ${digest.scanError} (figures from the previous scan)`));
    if (!digest.scan) out.push('  no scan has completed yet');
    if (digest.failed.length) out.push('Could not be read:', ...digest.failed.map(textGap));
    if (digest.unverified.length) {
      out.push(
        'Read with gaps (findings may be missing; none marked fixed):',
        ...digest.unverified.map(textGap),
      );
    }
    out.push('');
  }
  const open = SEVERITIES.filter((s) => digest.totals[s] > 0).map((s) => `${digest.totals[s]} ${s}`);
  out.push(
    `Open: ${open.length ? open.join(', ') : 'none'} · ${digest.snoozed} snoozed · ${digest.accepted} accepted`,
    `(each distinct finding once: a shared role's finding counts once, not once per function)`,
  );
  if (digest.scan)
    out.push(
      `Scan #${digest.scan.id}: ${plural(digest.scan.functions, 'function')} in ${digest.scan.regions.join(', ')}`,
    );
  const since = digest.sinceScanId === null ? 'Open (first digest)' : 'New since the last digest';
  out.push('', `${since}: ${digest.newFindings.length}`, ...listed(digest.newFindings, textFinding, limit));
  if (digest.sinceScanId !== null) {
    out.push(
      '',
      `Fixed since the last digest: ${digest.fixedFindings.length}`,
      ...listed(digest.fixedFindings, textFinding, limit),
    );
  }
  if (digest.riskiest.length) {
    out.push('', 'Riskiest functions:');
    for (const fn of digest.riskiest) {
      const counts = SEVERITIES.filter((s) => fn.counts[s] > 0).map((s) => `${fn.counts[s]} ${s}`);
      out.push(clean(`  ${fn.functionName} (${fn.region}, ${fn.accountId}): ${counts.join(', ')}`));
    }
  }
  return out.join('\n');
}
