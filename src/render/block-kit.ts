/**
 * The Block Kit pieces every Slack message of ours is built from (audits, digests, triage
 * replies): each cuts its text to Slack's limits, so no caller can produce a payload Slack
 * refuses for length.
 */
import type { types } from '@slack/bolt';
import type { Severity } from '../model.js';
import { escapeMrkdwn, plainText, truncate } from './escape.js';
import { SLACK_LIMITS as L } from './limits.js';

export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};

/** A header from a foreign string (plain text: no mrkdwn, control characters stripped). */
export function header(text: string): types.HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(plainText(text), L.headerText) || '-' },
  };
}

/** A section of already-escaped mrkdwn. */
export function section(mrkdwn: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, L.sectionText) || ' ' } };
}

/** A context line (or several) of already-escaped mrkdwn. */
export function context(...mrkdwn: string[]): types.ContextBlock {
  const elements = mrkdwn
    .slice(0, L.contextElements)
    .map((text): types.MrkdwnElement => ({ type: 'mrkdwn', text: truncate(text, L.contextText) || ' ' }));
  return { type: 'context', elements };
}

export const divider: types.DividerBlock = { type: 'divider' };

/** `<!date^…>`: Slack shows it in the reader's time zone; the fallback is UTC. */
export function slackDate(iso: string, format = '{date_short_pretty} at {time}'): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return escapeMrkdwn(iso);
  const fallback = `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(t / 1000)}^${format}|${fallback}>`;
}
