/**
 * The triage reply's "Full audit" button: the value is the function's ARN; the whole audit goes
 * to the person who clicked (through the click's response_url), not to the thread, which keeps
 * the on-call thread short.
 */
import { errorFields } from '../../log.js';
import { commandReply } from '../triage/command-reply.js';
import { type ButtonClick, buttonListener } from './button.js';
import type { ListenerDeps } from './deps.js';

async function answerFullAudit({ value: arn, to }: ButtonClick, deps: ListenerDeps): Promise<void> {
  try {
    const reply = await commandReply([arn], deps, { where: { user: to.user, channel: to.channel } });
    if (reply) await deps.deliverer.deliver(to, reply);
  } catch (error) {
    deps.log.log('error', 'full audit failed', { user: to.user, ...errorFields(error) });
  }
}

/** The triage reply's "Full audit" button. */
export const onTriageFullAudit = buttonListener(answerFullAudit);
