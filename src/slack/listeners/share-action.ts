/**
 * "Share in channel" on an audit answer: the same answer, posted for everyone, named as shared
 * by whoever clicked. A slash command's answer (ephemeral) goes through the click's response_url
 * (in_channel works where the bot is not a member); a mention's answer, in the mention's thread,
 * goes to the channel itself with chat.postMessage (the bot is there: it answered). Its menus and
 * pages then update it with chat.update.
 */
import { errorFields } from '../../log.js';
import { renderAuditBlocks } from '../../render/audit-blocks.js';
import { renderNotice } from '../../render/blocks.js';
import { marksFor } from '../actions/marks.js';
import { originOf } from '../actions/origin.js';
import { type ButtonClick, buttonListener } from './button.js';
import type { ListenerDeps } from './deps.js';

async function answerShare(
  { body, value: key, client, user, to }: ButtonClick,
  deps: ListenerDeps,
): Promise<void> {
  try {
    const output = deps.cache.get(key);
    if (output?.kind !== 'audit') {
      await deps.deliverer.deliver(
        to,
        renderNotice(':hourglass: That answer is older than 30 minutes; run the command again to share it.'),
      );
      return;
    }
    const fresh = deps.cache.put(output);
    const marks = await marksFor(deps, output);
    const message = renderAuditBlocks(output.report, {
      moreKey: fresh,
      ...(deps.interactive ? { actions: { ticket: deps.interactive.tickets !== null, key: fresh } } : {}),
      ...(marks ? { marks } : {}),
      sharedBy: user,
    });
    const origin = originOf(body, 'audit');
    if (!origin.ephemeral && origin.channel) {
      await client.chat.postMessage({ channel: origin.channel, text: message.text, blocks: message.blocks });
      deps.log.log('info', 'answer shared', { user, channel: origin.channel, delivered: 'chat.postMessage' });
      return;
    }
    const delivered = await deps.deliverer.deliver(to, message, 'in_channel');
    deps.log.log('info', 'answer shared', { user, channel: to.channel, delivered });
  } catch (error) {
    deps.log.log('error', 'share failed', { user, ...errorFields(error) });
  }
}

/** The "Share in channel" button. */
export const onShare = buttonListener(answerShare);
