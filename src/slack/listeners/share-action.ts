/**
 * "Share in channel" on an audit answer only its asker sees: the same answer, posted for
 * everyone through the click's response_url (in_channel works where the bot is not a member),
 * named as shared by whoever clicked. Its menus and pages then update it with chat.update.
 */
import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../log.js';
import { renderAuditBlocks } from '../../render/audit-blocks.js';
import { renderNotice } from '../../render/blocks.js';
import { marksFor } from '../actions/marks.js';
import type { Destination } from '../deliver.js';
import type { ListenerDeps } from './deps.js';

export async function answerShare(
  body: BlockAction<ButtonAction>,
  key: string,
  deps: ListenerDeps,
): Promise<void> {
  const user = body.user.id;
  const to: Destination = { responseUrl: body.response_url, channel: body.channel?.id, user };
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
    const delivered = await deps.deliverer.deliver(to, message, 'in_channel');
    deps.log.log('info', 'answer shared', { user, channel: to.channel, delivered });
  } catch (error) {
    deps.log.log('error', 'share failed', { user, ...errorFields(error) });
  }
}

/** The "Share in channel" button. */
export function onShare(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action }) => {
    await ack();
    await answerShare(body, action.value ?? '', deps);
  };
}
