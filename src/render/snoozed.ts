/**
 * `/lambda-audit snoozed`: the findings people decided to stop hearing about, with who decided,
 * until when (snoozes) and why (acceptances). Reasons are typed by people: escaped for Slack,
 * stripped of control characters for terminals.
 */

import type { types } from '@slack/bolt';
import { parseFunctionArn } from '../arn.js';
import type { FindingRecord } from '../store/store.js';
import { escapeCode, escapeMrkdwn, stripControl, truncate } from './escape.js';
import { mention } from './finding-actions.js';
import { SLACK_LIMITS as L, type SlackMessage } from './limits.js';

const SHOWN = 100;

function where(f: FindingRecord): string {
  return f.functions[0]?.functionName ?? parseFunctionArn(f.functionArn)?.name ?? f.functionArn;
}

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '?';
}

function line(f: FindingRecord): string {
  const what = `\`${escapeCode(f.check)}\` on \`${escapeCode(truncate(where(f), 140))}\` (${escapeMrkdwn(f.region)}): ${escapeMrkdwn(truncate(f.title, 200))}`;
  if (f.state === 'snoozed') return `:zzz: ${what} · until *${day(f.snoozedUntil)}* by ${mention(f.stateBy)}`;
  const why = f.acceptedReason ? `: ${escapeMrkdwn(truncate(f.acceptedReason, 500))}` : '';
  return `:white_check_mark: ${what} · accepted by ${mention(f.stateBy)} on ${day(f.stateAt)}${why}`;
}

export function renderSnoozedBlocks(items: readonly FindingRecord[]): SlackMessage {
  const snoozed = items.filter((f) => f.state === 'snoozed').length;
  const title = `${snoozed} snoozed · ${items.length - snoozed} accepted`;
  if (items.length === 0)
    return { text: 'Nothing is snoozed or accepted.', blocks: [section('Nothing is snoozed or accepted.')] };
  const chunks = packLines(items.slice(0, SHOWN).map(line)).slice(0, L.blocksPerMessage - 3);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Snoozed and accepted findings` } },
    section(
      `*${title}* · they are left out of audit counts and the digest's new findings until they expire or are reopened.`,
    ),
    ...chunks.map(section),
  ];
  if (items.length > SHOWN)
    blocks.push(section(`_…and ${items.length - SHOWN} more; \`lambda-audit snoozed\` lists them all._`));
  return { text: title, blocks };
}

/** Lines into sections of at most 3,000 characters (blocks.ts has the general one; no cycle). */
function packLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const text = truncate(raw, L.sectionText);
    const last = out.at(-1);
    if (last !== undefined && last.length + 1 + text.length <= L.sectionText)
      out[out.length - 1] = `${last}\n${text}`;
    else out.push(text);
  }
  return out;
}

function section(mrkdwn: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, L.sectionText) } };
}

/** The same list for a terminal, every item. */
export function renderSnoozedText(items: readonly FindingRecord[]): string {
  if (items.length === 0) return 'Nothing is snoozed or accepted.';
  return items
    .map((f) => {
      const head = `${f.state.padEnd(8)} ${f.severity.padEnd(8)} ${f.check} on ${where(f)} (${f.region}): ${f.title}`;
      const tail =
        f.state === 'snoozed'
          ? `until ${day(f.snoozedUntil)} by ${f.stateBy ?? '?'}`
          : `by ${f.stateBy ?? '?'} on ${day(f.stateAt)}: ${f.acceptedReason ?? ''}`;
      return stripControl(`${head}\n         ${tail}  [${f.fingerprint}]`, { keepNewlines: true });
    })
    .join('\n');
}
