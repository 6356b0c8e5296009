/**
 * The Snooze and Accept-risk modals, and reading what was submitted. A modal is built from the
 * click alone (and the in-memory answer cache), so views.open goes out while the click's
 * trigger_id is still valid (3 seconds); nothing slow happens before it.
 */
import type { types, ViewOutput } from '@slack/bolt';
import type { Finding } from '../../model.js';
import { escapeCode, escapeMrkdwn, plainText, truncate } from '../../render/escape.js';
import { ACCEPT_VIEW_ID, SNOOZE_VIEW_ID } from '../../render/slack-ids.js';
import { type ActionContext, encodeContext } from './origin.js';

export const SNOOZE_DAYS = [7, 30, 90] as const;
export const REASON_MAX = 500;

const DAYS_BLOCK = 'days';
const DAYS_ACTION = 'days_select';
const REASON_BLOCK = 'reason';
const REASON_ACTION = 'reason_input';

function about(finding: Finding | null): types.SectionBlock {
  const text = finding
    ? `\`${escapeCode(finding.check)}\` *${escapeMrkdwn(truncate(finding.title, 300))}*\n${escapeMrkdwn(truncate(finding.detail, 500))}`
    : '_The finding this menu belongs to._';
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function reasonInput(optional: boolean, hint: string): types.InputBlock {
  return {
    type: 'input',
    block_id: REASON_BLOCK,
    optional,
    label: { type: 'plain_text', text: 'Reason' },
    hint: { type: 'plain_text', text: hint },
    element: {
      type: 'plain_text_input',
      action_id: REASON_ACTION,
      multiline: true,
      max_length: REASON_MAX,
    },
  };
}

function dayOption(days: number): types.PlainTextOption {
  return { text: { type: 'plain_text', text: `${days} days` }, value: String(days) };
}

/** A decision's modal: what it is about, then its inputs; the click's context rides along. */
function decisionModal(
  callbackId: string,
  labels: { title: string; submit: string },
  context: ActionContext,
  finding: Finding | null,
  inputs: types.InputBlock[],
): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: encodeContext(context),
    title: { type: 'plain_text', text: labels.title },
    submit: { type: 'plain_text', text: labels.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [about(finding), ...inputs],
  };
}

export function snoozeModal(context: ActionContext, finding: Finding | null): types.ModalView {
  return decisionModal(SNOOZE_VIEW_ID, { title: 'Snooze finding', submit: 'Snooze' }, context, finding, [
    {
      type: 'input',
      block_id: DAYS_BLOCK,
      label: { type: 'plain_text', text: 'For' },
      element: {
        type: 'static_select',
        action_id: DAYS_ACTION,
        initial_option: dayOption(30),
        options: SNOOZE_DAYS.map(dayOption),
      },
    },
    reasonInput(true, 'Shown on the message and in /lambda-audit snoozed.'),
  ]);
}

export function acceptModal(context: ActionContext, finding: Finding | null): types.ModalView {
  return decisionModal(ACCEPT_VIEW_ID, { title: 'Accept risk', submit: 'Accept' }, context, finding, [
    reasonInput(false, 'Why this risk is acceptable; recorded with your name.'),
  ]);
}

/** The reason as typed, control characters removed; escaped only where it is shown. */
export function submittedReason(view: ViewOutput): string {
  const raw = view.state.values[REASON_BLOCK]?.[REASON_ACTION]?.value ?? '';
  return truncate(plainText(raw).trim(), REASON_MAX);
}

/** One of 7, 30 or 90; null for anything else (a forged submission). */
export function submittedDays(view: ViewOutput): number | null {
  const value = Number(view.state.values[DAYS_BLOCK]?.[DAYS_ACTION]?.selected_option?.value);
  return (SNOOZE_DAYS as readonly number[]).includes(value) ? value : null;
}

export const REASON_ERROR_BLOCK = REASON_BLOCK;
export const DAYS_ERROR_BLOCK = DAYS_BLOCK;
