/**
 * An exposure change, for people and for pipes: Block Kit for the alert channel (with the usual
 * per-finding menus and Re-audit), plain text and one JSON object per line for `watch`. Every
 * AWS- or CloudTrail-sourced string is escaped for Slack or stripped of control characters for
 * the terminal: an event's fields are whatever the caller of the AWS API chose to send.
 */
import type { types } from '@slack/bolt';
import type { EventSummary, ExposureChange } from '../changes/diff.js';
import { context, divider, header, SEVERITY_EMOJI, section } from './block-kit.js';
import { findingText } from './block-parts.js';
import { escapeCode, escapeMrkdwn, truncate } from './escape.js';
import { type FindingActions, findingMenu, reauditBlock } from './finding-actions.js';
import { SLACK_LIMITS, type SlackMessage } from './limits.js';
import { stripControl } from './terminal.js';

/** Events named in one alert; a burst on one function lists the first few and counts the rest. */
const EVENTS_SHOWN = 3;
/** Findings spelled out (each a block with its menu); the rest are counted. */
const OPENED_SHOWN = 10;
const CLOSED_SHOWN = 10;

/** `exposure account -> internet-open`, or the finding counts when the exposure did not move. */
function verdict(change: ExposureChange): string {
  const { before, after } = change.exposure;
  const counts = [
    ...(change.opened.length ? [`${change.opened.length} new`] : []),
    ...(change.closed.length ? [`${change.closed.length} resolved`] : []),
  ];
  const findings = counts.length
    ? `${counts.join(', ')} finding${change.opened.length + change.closed.length === 1 ? '' : 's'}`
    : '';
  if (before !== null && before !== after)
    return [`exposure ${before} -> ${after}`, findings].filter(Boolean).join('; ');
  return [findings, `exposure ${after}`].filter(Boolean).join('; ');
}

function eventMrkdwn(e: EventSummary): string {
  const from = e.sourceIp ? ` from \`${escapeCode(truncate(e.sourceIp, 100))}\`` : '';
  return `\`${escapeCode(truncate(e.name, 100))}\` at ${escapeMrkdwn(e.time)} by \`${escapeCode(truncate(e.actor, 300))}\`${from}`;
}

/** The alert for the channel. `actions` adds the finding menus and Re-audit (serve with a store). */
export function renderChangeBlocks(change: ExposureChange, actions?: FindingActions): SlackMessage {
  const fn = change.function;
  const events = change.events.slice(0, EVENTS_SHOWN).map(eventMrkdwn);
  if (change.events.length > EVENTS_SHOWN) events.push(`…and ${change.events.length - EVENTS_SHOWN} more`);
  const closed = change.closed
    .slice(0, CLOSED_SHOWN)
    .map(
      (f) =>
        `:white_check_mark: ~${f.severity.toUpperCase()}~ \`${escapeCode(f.check)}\` ${escapeMrkdwn(truncate(f.title, 300))}`,
    );
  if (change.closed.length > CLOSED_SHOWN) closed.push(`_…and ${change.closed.length - CLOSED_SHOWN} more._`);
  const blocks: types.KnownBlock[] = [
    header(`Exposure change: ${fn.name}`),
    section(
      `*${escapeMrkdwn(fn.name)}* (${escapeMrkdwn(fn.region)}, account ${escapeMrkdwn(fn.accountId)}): ${verdict(change)}`,
    ),
    context(...events.map((e, i) => (i === 0 ? `:rotating_light: ${e}` : e))),
    ...(change.opened.length ? [divider, section('*Opened*')] : []),
    ...change.opened.slice(0, OPENED_SHOWN).map((f) => {
      const block = section(findingText(f, fn.arn, true));
      return actions ? { ...block, accessory: findingMenu(f, actions) } : block;
    }),
    ...(change.opened.length > OPENED_SHOWN
      ? [context(`…and ${change.opened.length - OPENED_SHOWN} more new findings`)]
      : []),
    ...(closed.length ? [divider, section(`*Resolved*\n${closed.join('\n')}`)] : []),
    context(`\`${escapeCode(fn.arn)}\``),
    ...(actions ? [reauditBlock(change)] : []),
  ];
  const worst = change.opened[0];
  const lead = worst ? `${SEVERITY_EMOJI[worst.severity]} ` : '';
  const text = truncate(
    `${lead}Exposure change: ${escapeMrkdwn(fn.name)}: ${verdict(change)} after ${escapeMrkdwn(change.events[0]?.name ?? 'a change')} by ${escapeMrkdwn(change.events[0]?.actor ?? 'unknown')}`,
    SLACK_LIMITS.messageText,
  );
  return { text, blocks };
}

/** Lines for a terminal: what changed, on what, after which calls by whom. */
export function renderChangeText(change: ExposureChange): string {
  const fn = change.function;
  const lines = [`${stripControl(fn.name)} (${fn.region}, ${fn.accountId}): ${verdict(change)}`];
  for (const e of change.events) {
    const from = e.sourceIp ? ` from ${stripControl(e.sourceIp)}` : '';
    lines.push(
      `  after ${stripControl(e.name)} at ${stripControl(e.time)} by ${stripControl(e.actor)}${from}`,
    );
  }
  for (const f of change.opened)
    lines.push(`  + ${f.severity.toUpperCase()} ${f.check}: ${stripControl(f.title)}`);
  for (const f of change.closed)
    lines.push(`  - ${f.severity.toUpperCase()} ${f.check}: ${stripControl(f.title)} (resolved)`);
  return lines.join('\n');
}

/** One JSON object, on one line (JSON Lines), for `watch --format json`. */
export function renderChangeJson(change: ExposureChange): string {
  return JSON.stringify({
    function: change.function,
    events: change.events,
    opened: change.opened.map((f) => ({
      check: f.check,
      severity: f.severity,
      title: f.title,
      resource: f.resource,
      fingerprint: f.fingerprint,
    })),
    closed: change.closed,
    exposure: change.exposure,
  });
}
