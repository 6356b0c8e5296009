/**
 * The triage reply's "Full audit" button: the value is the function's ARN; the whole audit goes
 * to the person who clicked (through the click's response_url), not to the thread, which keeps
 * the on-call thread short.
 */
import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../log.js';
import { destinationOf } from '../deliver.js';
import { commandReply } from '../triage/command-reply.js';
import type { ListenerDeps } from './deps.js';

export async function answerFullAudit(
  body: BlockAction<ButtonAction>,
  arn: string,
  deps: ListenerDeps,
): Promise<void> {
  const to = destinationOf(body);
  try {
    const reply = await commandReply([arn], deps, { where: { user: to.user, channel: to.channel } });
    if (reply) await deps.deliverer.deliver(to, reply);
  } catch (error) {
    deps.log.log('error', 'full audit failed', { user: to.user, ...errorFields(error) });
  }
}

/** The triage reply's "Full audit" button. */
export function onTriageFullAudit(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action }) => {
    await ack();
    await answerFullAudit(body, action.value ?? '', deps);
  };
}
