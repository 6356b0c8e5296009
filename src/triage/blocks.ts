/**
 * The few Block Kit shapes the triage reply uses, declared here rather than imported from the
 * Slack SDK: triage stays free of SDK types (DESIGN.md), and these are structurally the same as
 * Slack's own `SectionBlock`, `ContextBlock`, `ActionsBlock` and `Button`, so the Bolt listener
 * can post them as they are.
 */

import { truncate } from '../render/escape.js';
import { SLACK_LIMITS as L } from '../render/limits.js';

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}
export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text: Mrkdwn;
}
export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: Mrkdwn[];
}
export interface Button {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger';
}
export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: Button[];
}
export interface DividerBlock {
  type: 'divider';
}
export type Block = SectionBlock | ContextBlock | ActionsBlock | DividerBlock;

/** A message: `text` is the notification fallback, escaped mrkdwn like the blocks. */
export interface TriageMessage {
  text: string;
  blocks: Block[];
}

/** A mrkdwn section, cut to Slack's 3,000 characters (an empty one is invalid, so never empty). */
export function section(mrkdwn: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, L.sectionText) || ' ' } };
}

export function context(...mrkdwn: string[]): ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn
      .slice(0, L.contextElements)
      .map((text): Mrkdwn => ({ type: 'mrkdwn', text: truncate(text, L.contextText) || ' ' })),
  };
}

/**
 * A button, or null when its value would not fit: a value is an identifier (an ARN, a
 * fingerprint) and a cut identifier would point at the wrong thing, so it is left out instead.
 */
export function button(actionId: string, label: string, value: string): Button | null {
  if (!value || value.length > L.buttonValue) return null;
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(label, L.buttonText) },
    value,
  };
}
