/**
 * The Snooze and Accept-risk modals' submissions. Bad input is answered inside the modal
 * (response_action: errors) so the person can fix it; otherwise the modal closes at once (ack)
 * and the store and the message follow.
 */
import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction, webApi } from '@slack/bolt';
import { mayAccept, refusal } from '../actions/approvers.js';
import { type Decision, recordDecision } from '../actions/decide.js';
import { submittedDays, submittedReason } from '../actions/modals.js';
import { decodeContext } from '../actions/origin.js';
import type { ListenerDeps } from './deps.js';

type SubmissionListener = Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>>;
type SubmissionArgs = Pick<SlackViewMiddlewareArgs<ViewSubmitAction>, 'body' | 'view'> & {
  client: webApi.WebClient;
};

/**
 * A valid submission, after its ack: the decision is recorded for the finding the modal was
 * opened on, and the message the menu was on is updated.
 */
async function recordSubmitted(
  { body, view, client }: SubmissionArgs,
  decision: Decision,
  deps: ListenerDeps,
): Promise<void> {
  const context = decodeContext(view.private_metadata);
  if (!context || !deps.interactive) {
    deps.log.log('warn', `${decision.kind}: submission not understood`, { user: body.user.id });
    return;
  }
  const { responseUrl, channel } = context.origin;
  await recordDecision(
    {
      client,
      context,
      user: body.user.id,
      decision,
      to: { responseUrl: responseUrl ?? undefined, channel: channel ?? undefined, user: body.user.id },
    },
    deps,
    deps.interactive,
  );
}

/** The Snooze modal submitted. */
export function onSnoozeSubmitted(deps: ListenerDeps): SubmissionListener {
  return async ({ ack, body, view, client }) => {
    const days = submittedDays(view);
    if (days === null) {
      await ack({ response_action: 'errors', errors: { days: 'Choose 7, 30 or 90 days.' } });
      return;
    }
    await ack();
    await recordSubmitted(
      { body, view, client },
      { kind: 'snooze', days, reason: submittedReason(view) },
      deps,
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
    await recordSubmitted({ body, view, client }, { kind: 'accept', reason }, deps);
  };
}
