/**
 * The Retry button under "Could not open a ticket": its value is the original click's context
 * (the finding, the message to update), so a retry behaves exactly like the first click.
 */
import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderNotice } from '../../render/blocks.js';
import { openTicket } from '../actions/open-ticket.js';
import { decodeContext, originOf } from '../actions/origin.js';
import { destinationOf } from '../deliver.js';
import type { ListenerDeps } from './deps.js';

export function onTicketRetry(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action, client }) => {
    await ack();
    const to = destinationOf(body);
    const context = decodeContext(action.value ?? '');
    if (!context || !deps.interactive) {
      await deps.deliverer
        .deliver(to, renderNotice(':warning: That button is not available any more.'))
        .catch(() => undefined);
      return;
    }
    await openTicket(
      { client, context, user: body.user.id, to, retriedFrom: originOf(body, 'other') },
      deps,
      deps.interactive,
    );
  };
}
