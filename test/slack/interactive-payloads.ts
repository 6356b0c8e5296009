/**
 * Interactive payloads as Slack sends them (form-encoded `payload=` JSON): block_actions from an
 * overflow menu, a select or a button, on an ephemeral answer or a channel message, and
 * view_submission from a modal. Only the fields Bolt routes on and the listeners read.
 */
import { FAKE_TEAM_ID } from '../fakes/slack/index.js';

export interface ClickOptions {
  actionId: string;
  element: 'overflow' | 'static_select' | 'button';
  value: string;
  responseUrl: string;
  userId?: string;
  channelId?: string;
  triggerId?: string;
  /** A channel message (chat.update can edit it) instead of an ephemeral answer. */
  message?: { ts: string; text?: string; blocks?: unknown[] };
}

export function blockActionsPayload(click: ClickOptions): string {
  const channel = click.channelId ?? 'C0CHAN';
  const selected = { text: { type: 'plain_text', text: 'chosen' }, value: click.value };
  const action =
    click.element === 'button'
      ? { type: 'button', text: { type: 'plain_text', text: 'b' }, value: click.value }
      : { type: click.element, selected_option: selected };
  const payload = {
    type: 'block_actions',
    team: { id: FAKE_TEAM_ID, domain: 'fake' },
    user: { id: click.userId ?? 'U0ALICE', username: 'alice', team_id: FAKE_TEAM_ID },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: click.message?.ts ?? '1700000000.000100',
      channel_id: channel,
      is_ephemeral: !click.message,
    },
    trigger_id: click.triggerId ?? '1.2.4',
    channel: { id: channel, name: 'ops' },
    ...(click.message
      ? {
          message: {
            type: 'message',
            ts: click.message.ts,
            text: click.message.text ?? '',
            blocks: click.message.blocks ?? [],
          },
        }
      : {}),
    response_url: click.responseUrl,
    actions: [{ ...action, action_id: click.actionId, block_id: 'b1', action_ts: '1700000001.000200' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface SubmitOptions {
  callbackId: string;
  privateMetadata: string;
  userId?: string;
  days?: string;
  reason?: string;
}

/** A modal's submission, its state shaped like Slack's (block id -> action id -> value). */
export function viewSubmissionPayload(submit: SubmitOptions): string {
  const values: Record<string, Record<string, unknown>> = {
    reason: { reason_input: { type: 'plain_text_input', value: submit.reason ?? null } },
  };
  if (submit.days !== undefined) {
    values.days = {
      days_select: {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: `${submit.days} days` }, value: submit.days },
      },
    };
  }
  const payload = {
    type: 'view_submission',
    team: { id: FAKE_TEAM_ID, domain: 'fake' },
    user: { id: submit.userId ?? 'U0ALICE', username: 'alice', name: 'alice', team_id: FAKE_TEAM_ID },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    trigger_id: '1.2.9',
    view: {
      id: 'V0FAKE',
      team_id: FAKE_TEAM_ID,
      type: 'modal',
      callback_id: submit.callbackId,
      private_metadata: submit.privateMetadata,
      state: { values },
      hash: 'h',
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
      app_id: 'A0APP',
      bot_id: 'B0BOT',
      close: null,
      submit: null,
      root_view_id: 'V0FAKE',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
