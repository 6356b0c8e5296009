/**
 * The interactive parts of audit replies and digests: a per-finding overflow menu (Open ticket,
 * Snooze, Accept risk), a message-level Re-audit button, and how a finding someone snoozed,
 * accepted or ticketed is shown. Values carry a fingerprint and a short cache key, never the
 * finding: option values may hold 150 characters, button values 2,000.
 */
import type { types } from '@slack/bolt';
import type { AuditReport, Finding, Severity } from '../model.js';
import { escapeCode, escapeMrkdwn, plainText, truncate } from './escape.js';
import { DIGEST_MENU_ACTION_ID, FINDING_MENU_ACTION_ID, REAUDIT_ACTION_ID } from './slack-ids.js';

/** Slack's limits for menu options (the 75 and 150 are the option object's). */
export const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 150;

export type FindingVerb = 'ticket' | 'snooze' | 'accept';

/** What the buttons may offer; absent in BlockOptions means "no buttons" (CLI, no store). */
export interface FindingActions {
  /** A ticket sink is configured: offer "Open ticket". */
  ticket: boolean;
  /** The cache key of the report the message shows (empty: rebuild from the store). */
  key?: string;
}

/** A person's decision about a finding, as the store has it, for display. */
export interface FindingMark {
  state: 'open' | 'snoozed' | 'accepted' | 'fixed';
  /** Slack user id of who snoozed or accepted it. */
  by: string | null;
  at: string | null;
  until: string | null;
  reason: string | null;
  ticket: { key: string; url: string } | null;
}

export type FindingMarks = ReadonlyMap<string, FindingMark>;

const VERB_CODES: Record<FindingVerb, string> = { ticket: 't', snooze: 's', accept: 'a' };

/** `s|<key>|<fingerprint>`: one menu option's value. */
export function encodeFindingValue(verb: FindingVerb, key: string, fingerprint: string): string {
  return `${VERB_CODES[verb]}|${key}|${fingerprint}`;
}

export function decodeFindingValue(
  value: string,
): { verb: FindingVerb; key: string; fingerprint: string } | null {
  const [code, key, fingerprint, ...rest] = value.split('|');
  const verb = (Object.keys(VERB_CODES) as FindingVerb[]).find((v) => VERB_CODES[v] === code);
  if (!verb || key === undefined || !fingerprint || rest.length > 0) return null;
  if (!/^[\w-]{0,64}$/.test(key) || !/^[0-9a-f]{8,64}$/.test(fingerprint)) return null;
  return { verb, key, fingerprint };
}

/** A snoozed or accepted finding leaves the headline counts (it is still listed, marked). */
export function isMuted(mark: FindingMark | undefined): boolean {
  return mark?.state === 'snoozed' || mark?.state === 'accepted';
}

/** `<@U123>` for a Slack user id; anything else (never expected) shown escaped, never as a mention. */
export function mention(user: string | null): string {
  if (!user) return 'someone';
  return /^[UW][A-Z0-9]{2,20}$/.test(user) ? `<@${user}>` : escapeMrkdwn(user);
}

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : 'an unknown date';
}

/** The line under a finding that says what people decided about it; empty when nothing. */
export function markLine(mark: FindingMark | undefined): string {
  if (!mark) return '';
  const parts: string[] = [];
  if (mark.state === 'snoozed') parts.push(`:zzz: _Snoozed until ${day(mark.until)} by ${mention(mark.by)}_`);
  if (mark.state === 'accepted') {
    const why = mark.reason ? `: ${escapeMrkdwn(truncate(mark.reason, 300))}` : '';
    parts.push(`:white_check_mark: _Risk accepted by ${mention(mark.by)} on ${day(mark.at)}_${why}`);
  }
  if (mark.ticket) parts.push(`:ticket: ${ticketLink(mark.ticket)}`);
  return parts.join('  ·  ');
}

/** A ticket link whose label and URL cannot break out of the `<url|label>` syntax. */
export function ticketLink(ticket: { key: string; url: string }): string {
  const url = /^https?:\/\/[^\s<>|]+$/.test(ticket.url) ? ticket.url : null;
  const label = escapeMrkdwn(truncate(ticket.key, 80)).replace(/\|/g, '¦');
  return url ? `<${url}|${label}>` : `\`${escapeCode(ticket.key)}\``;
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: { type: 'plain_text', text: truncate(plainText(text), OPTION_TEXT_MAX) }, value };
}

function verbOptions(fingerprint: string, actions: FindingActions): types.PlainTextOption[] {
  const key = actions.key ?? '';
  return [
    ...(actions.ticket ? [option('Open ticket', encodeFindingValue('ticket', key, fingerprint))] : []),
    option('Snooze…', encodeFindingValue('snooze', key, fingerprint)),
    option('Accept risk…', encodeFindingValue('accept', key, fingerprint)),
  ];
}

/** The "…" menu beside one finding. */
export function findingMenu(finding: Finding, actions: FindingActions): types.Overflow {
  return {
    type: 'overflow',
    action_id: FINDING_MENU_ACTION_ID,
    options: verbOptions(finding.fingerprint, actions),
  };
}

/** A finding of the digest, as much as its menu needs. */
export interface MenuFinding {
  fingerprint: string;
  severity: Severity;
  check: string;
  functionName: string;
}

/**
 * One select for several findings (the digest's new ones): a group per finding, its verbs as
 * options. One block, however many findings, so the channel message keeps its shape.
 */
export function findingsSelect(
  findings: readonly MenuFinding[],
  actions: FindingActions,
): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'lambda_audit_digest_actions',
    elements: [
      {
        type: 'static_select',
        action_id: DIGEST_MENU_ACTION_ID,
        placeholder: { type: 'plain_text', text: 'Manage a new finding…' },
        option_groups: findings.map((f) => ({
          label: {
            type: 'plain_text',
            // Slack never parses plain_text, but a raw `<!channel>` should not reach it either.
            text: truncate(
              plainText(`${f.severity} ${f.check} on ${f.functionName}`)
                .replace(/</g, '‹')
                .replace(/>/g, '›'),
              OPTION_TEXT_MAX,
            ),
          },
          options: verbOptions(f.fingerprint, actions),
        })),
      },
    ],
  };
}

/** `<region>|<function ARN>`: what Re-audit needs, and all it carries. */
export function encodeReauditValue(report: Pick<AuditReport, 'function'>): string {
  return `${report.function.region}|${report.function.arn}`;
}

export function decodeReauditValue(value: string): { region: string; function: string } | null {
  const bar = value.indexOf('|');
  if (bar <= 0) return null;
  const region = value.slice(0, bar);
  const fn = value.slice(bar + 1);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region) || !fn.startsWith('arn:')) return null;
  return { region, function: fn };
}

/** The message-level actions of an audit reply. */
export function reauditBlock(report: Pick<AuditReport, 'function'>): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'lambda_audit_message_actions',
    elements: [
      {
        type: 'button',
        action_id: REAUDIT_ACTION_ID,
        text: { type: 'plain_text', text: 'Re-audit' },
        value: encodeReauditValue(report),
      },
    ],
  };
}

/** "2 snoozed · 1 accepted (not counted above)"; empty when none. */
export function mutedSummary(findings: readonly Finding[], marks: FindingMarks | undefined): string {
  if (!marks) return '';
  let snoozed = 0;
  let accepted = 0;
  for (const f of findings) {
    const state = marks.get(f.fingerprint)?.state;
    if (state === 'snoozed') snoozed += 1;
    if (state === 'accepted') accepted += 1;
  }
  const parts = [
    ...(snoozed ? [`:zzz: ${snoozed} snoozed`] : []),
    ...(accepted ? [`:white_check_mark: ${accepted} accepted`] : []),
  ];
  return parts.length ? `  ·  ${parts.join(' · ')} _(not counted)_` : '';
}
