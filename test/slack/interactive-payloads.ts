/**
 * A modal's view_submission as Slack sends it (form-encoded `payload=` JSON): only the fields Bolt
 * routes on and the listeners read. Clicks (block_actions) are the fake Slack's blockActionsBody.
 */
import { FAKE_TEAM_ID } from '../fakes/slack/index.js';

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
