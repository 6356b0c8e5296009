/**
 * The Snooze and Accept-risk modals' submissions. Bad input is answered inside the modal
 * (response_action: errors) so the person can fix it; otherwise the modal closes at once (ack)
 * and the store and the message follow.
 */
import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { mayAccept, refusal } from '../actions/approvers.js';
import { recordDecision } from '../actions/decide.js';
import { submittedDays, submittedReason } from '../actions/modals.js';
import { decodeContext } from '../actions/origin.js';
import type { Destination } from '../deliver.js';
import type { ListenerDeps } from './deps.js';

function destination(
  body: ViewSubmitAction,
  responseUrl: string | null,
  channel: string | null,
): Destination {
  return { responseUrl: responseUrl ?? undefined, channel: channel ?? undefined, user: body.user.id };
}

type SubmissionListener = Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>>;

/** The Snooze modal submitted. */
export function onSnoozeSubmitted(deps: ListenerDeps): SubmissionListener {
  return async ({ ack, body, view, client }) => {
    const days = submittedDays(view);
    if (days === null) {
      await ack({ response_action: 'errors', errors: { days: 'Choose 7, 30 or 90 days.' } });
      return;
    }
    await ack();
    const context = decodeContext(view.private_metadata);
    if (!context || !deps.interactive) {
      deps.log.log('warn', 'snooze: submission not understood', { user: body.user.id });
      return;
    }
    await recordDecision(
      {
        client,
        context,
        user: body.user.id,
        decision: { kind: 'snooze', days, reason: submittedReason(view) },
        to: destination(body, context.origin.responseUrl, context.origin.channel),
      },
      deps,
      deps.interactive,
    );
  };
}

/** The Accept-risk modal submitted. */
export function onAcceptSubmitted(deps: ListenerDeps): SubmissionListener {
  return async ({ ack, body, view, client }) => {
    const reason = submittedReason(view);
    const interactive = deps.interactive;
    // Checked again here: a modal can outlive a change of approvers, and submissions can be forged.
    if (interactive && !mayAccept(interactive.approvers, body.user.id)) {
      await ack({ response_action: 'errors', errors: { reason: refusal(interactive.approvers) } });
      return;
    }
    if (!reason) {
      await ack({ response_action: 'errors', errors: { reason: 'Say why this risk is acceptable.' } });
      return;
    }
    await ack();
    const context = decodeContext(view.private_metadata);
    if (!context || !interactive) {
      deps.log.log('warn', 'accept: submission not understood', { user: body.user.id });
      return;
    }
    await recordDecision(
      {
        client,
        context,
        user: body.user.id,
        decision: { kind: 'accept', reason },
        to: destination(body, context.origin.responseUrl, context.origin.channel),
      },
      deps,
      interactive,
    );
  };
}
