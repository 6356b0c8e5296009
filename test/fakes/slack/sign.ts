/**
 * Requests as Slack sends them to an app: form-encoded, signed with the app's signing secret
 * (`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`), timestamp in seconds.
 */
import { createHmac } from 'node:crypto';
import { FAKE_TEAM_ID } from './server.js';

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommandFields {
  text: string;
  response_url: string;
  command?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  trigger_id?: string;
}

export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.team_id ?? FAKE_TEAM_ID,
    team_domain: 'fake',
    channel_id: fields.channel_id ?? 'C0CHAN',
    channel_name: fields.channel_name ?? 'ops',
    user_id: fields.user_id ?? 'U0ALICE',
    user_name: fields.user_name ?? 'alice',
    command: fields.command ?? '/lambda-audit',
    text: fields.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? '1.2.3',
  }).toString();
}

export interface ButtonClick {
  actionId: string;
  value: string;
  responseUrl: string;
  userId?: string;
  channelId?: string;
  /** The element clicked or chosen from (default a button). */
  element?: 'button' | 'overflow' | 'static_select';
  triggerId?: string;
  /** A channel message (chat.update can edit it) instead of an ephemeral answer. */
  message?: { ts: string; text?: string; blocks?: unknown[] };
}

/**
 * A block_actions payload for one click on a button, an overflow menu or a select, on an
 * ephemeral answer or a channel message: the fields Bolt routes on and the listeners read.
 */
export function blockActionsBody(click: ButtonClick): string {
  const channel = click.channelId ?? 'C0CHAN';
  const element = click.element ?? 'button';
  const action =
    element === 'button'
      ? { type: 'button', text: { type: 'plain_text', text: 'Show all' }, value: click.value }
      : {
          type: element,
          selected_option: { text: { type: 'plain_text', text: 'chosen' }, value: click.value },
        };
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

export interface SendOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (to send a bad one). */
  signature?: string;
  /** Events API requests are JSON; commands and interactivity are form-encoded (the default). */
  contentType?: string;
  /** A redelivery: Slack's X-Slack-Retry-Num (and -Reason) headers. */
  retryNum?: number;
}

export interface SentRequest {
  status: number;
  body: string;
  /** Milliseconds from sending to the full HTTP response: the ack as Slack would time it. */
  ms: number;
}

/** POSTs a body to the app's events URL, signed the way Slack signs it. */
export async function sendSigned(
  url: string,
  secret: string,
  body: string,
  options: SendOptions = {},
): Promise<SentRequest> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signature(secret, timestamp, body),
      ...(options.retryNum
        ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
        : {}),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, ms: performance.now() - started };
}

/** An Events API request (url_verification, event_callback): a signed JSON body. */
export function sendEvent(url: string, secret: string, body: object, options?: SendOptions) {
  return sendSigned(url, secret, JSON.stringify(body), { contentType: 'application/json', ...options });
}

export function sendSlashCommand(
  url: string,
  secret: string,
  fields: SlashCommandFields,
  options?: SendOptions,
) {
  return sendSigned(url, secret, slashCommandBody(fields), options);
}

export function sendButtonClick(url: string, secret: string, click: ButtonClick, options?: SendOptions) {
  return sendSigned(url, secret, blockActionsBody(click), options);
}
