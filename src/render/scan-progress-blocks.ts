/**
 * The one channel message a scan run from Slack keeps up to date: accounts and account-regions
 * done of all, the slowest unit, and (loudly, from the start) the accounts it could not enter;
 * at the end, the result. The message is public, so a failure's reason is cut to its first
 * sentence (AWS's own text names the bot's role and session) and a failed scan shows only its ref.
 */
import type { types } from '@slack/bolt';
import type { ScanProgress } from '../engine-contract.js';
import type { ScanSummary } from '../model.js';
import { context, section } from './block-kit.js';
import { countsLine, plural } from './block-parts.js';
import { escapeCode, escapeMrkdwn, firstSentence, truncate } from './escape.js';
import { mention } from './finding-actions.js';
import type { SlackMessage } from './limits.js';

/** Regions named in the message; beyond these, a count. */
const REGIONS_NAMED = 6;
/** Unreachable accounts spelled out; beyond these, a count (the answer and the digest list all). */
const GAPS_NAMED = 10;
const BAR_WIDTH = 10;

export type ScanOutcome =
  | { kind: 'done'; summary: ScanSummary }
  /** `ref`: where the log has the cause; the asker's own answer says what went wrong. */
  | { kind: 'failed'; ref: string }
  /** This replica stopped; another one runs the scan again and posts its own message. */
  | { kind: 'handed over' };

export interface ScanProgressView {
  /** Slack user id of who asked. */
  by: string;
  /** The engine's latest progress; null until the scan has planned its units. */
  progress: ScanProgress | null;
  functions: { done: number; total: number };
  outcome: ScanOutcome | null;
}

const code = (text: string) => `\`${escapeCode(text)}\``;

function regionList(regions: readonly string[]): string {
  if (regions.length > REGIONS_NAMED) return plural(regions.length, 'region');
  return regions.map(code).join(', ') || '_no region_';
}

/** `▰▰▰▱▱▱▱▱▱▱`: a bar reads at a glance where "37 of 100" needs reading. */
function bar(done: number, total: number): string {
  const full = total > 0 ? Math.min(BAR_WIDTH, Math.floor((done / total) * BAR_WIDTH)) : 0;
  return `${'▰'.repeat(full)}${'▱'.repeat(BAR_WIDTH - full)}`;
}

function countsText(progress: ScanProgress, functions: ScanProgressView['functions']): string {
  const { accounts, units } = progress;
  // An account that could not be entered is done at once: say so next to the count it joins.
  const gaps = progress.unreachable.length ? ` (${progress.unreachable.length} not scanned)` : '';
  const main =
    accounts.total > 1
      ? `${bar(accounts.done, accounts.total)} *${accounts.done} of ${plural(accounts.total, 'account')}*${gaps} · ${units.done} of ${units.total} account-regions`
      : `${bar(units.done, units.total)} *${units.done} of ${plural(units.total, 'region')}*`;
  return `${main} · ${plural(functions.done, 'function')} audited`;
}

function gapsText(progress: ScanProgress): string | null {
  const gaps = progress.unreachable;
  if (!gaps.length) return null;
  const lines = gaps
    .slice(0, GAPS_NAMED)
    .map(
      (g) => `• ${code(g.accountId)} ${code(g.api)}: ${escapeMrkdwn(truncate(firstSentence(g.reason), 200))}`,
    );
  if (gaps.length > GAPS_NAMED) lines.push(`_…and ${gaps.length - GAPS_NAMED} more._`);
  const what =
    gaps.length === 1 ? '1 account could not be scanned' : `${gaps.length} accounts could not be scanned`;
  return `:rotating_light: *${what}*: none of ${gaps.length === 1 ? 'its' : 'their'} functions are in this scan.\n${lines.join('\n')}`;
}

function slowestText(progress: ScanProgress): string | null {
  const slowest = progress.slowest;
  // Under a second, no unit is holding anything up.
  return slowest && slowest.ms >= 1000
    ? `Slowest so far: ${code(slowest.unit)}, ${Math.round(slowest.ms / 1000)} s`
    : null;
}

/**
 * Units another replica did: the scan joined a run of the same units already under way (theirs,
 * shared through the store), so part of what it shows was scanned elsewhere; the replica that
 * finishes the run records it.
 */
function elsewhereText(progress: ScanProgress): string | null {
  const { units, accounts } = progress;
  if (units.elsewhere === 0) return null;
  const what = accounts.total > 1 ? 'account-regions' : 'regions';
  return `:arrows_counterclockwise: ${units.elsewhere} of ${units.total} ${what} of this scan were scanned by another replica of lambda-audit (the scan is shared through the store).`;
}

/** What the message says at the top, and as the notification's text. */
function headline(view: ScanProgressView): string {
  const who = mention(view.by);
  const outcome = view.outcome;
  // Not the regions asked: with AUDIT_REGIONS=all each account has its own; the end names them.
  if (!outcome) return `:mag: *Scanning Lambda functions* for ${who}…`;
  if (outcome.kind === 'handed over')
    return `:arrows_counterclockwise: *This scan moved to another replica* of lambda-audit; its own message follows.`;
  if (outcome.kind === 'failed')
    return `:x: *The scan failed* (ref ${code(outcome.ref)}); ${who} has the details.`;
  return `:white_check_mark: *Scan finished* for ${who}: ${plural(outcome.summary.functions, 'function')} in ${regionList(outcome.summary.regions)}`;
}

export function renderScanProgress(view: ScanProgressView): SlackMessage {
  const { progress, outcome } = view;
  const blocks: types.KnownBlock[] = [section(headline(view))];
  if (outcome?.kind === 'done') {
    const { summary } = outcome;
    const incomplete = summary.incomplete ? `  ·  :warning: *${summary.incomplete} incomplete*` : '';
    blocks.push(section(`${countsLine(summary.bySeverity)}${incomplete}`));
  }
  if (progress && (!outcome || outcome.kind === 'done'))
    blocks.push(section(countsText(progress, view.functions)));
  const gaps = progress && gapsText(progress);
  if (gaps) blocks.push(section(gaps));
  const notes = [
    ...(progress && !outcome ? [slowestText(progress)] : []),
    ...(progress && (!outcome || outcome.kind === 'done') ? [elsewhereText(progress)] : []),
    outcome?.kind === 'done'
      ? `Only ${mention(view.by)} sees the findings; \`/lambda-audit scan\` shows them to you.`
      : null,
  ].filter((n): n is string => n !== null);
  if (notes.length) blocks.push(context(...notes));
  // The notification and screen readers get the headline without its emoji and bold.
  const text = headline(view)
    .replace(/^:[a-z_]+: /, '')
    .replace(/\*/g, '');
  return { text: truncate(text, 3000), blocks };
}
