/**
 * The Retry button under "Could not open a ticket": its value is the original click's context
 * (the finding, the message to update), so a retry behaves exactly like the first click.
 */
import { renderNotice } from '../../render/blocks.js';
import { openTicket } from '../actions/open-ticket.js';
import { decodeContext, originOf } from '../actions/origin.js';
import { type ButtonClick, buttonListener } from './button.js';
import type { ListenerDeps } from './deps.js';

async function retryTicket(
  { body, value, client, user, to }: ButtonClick,
  deps: ListenerDeps,
): Promise<void> {
  const context = decodeContext(value);
  if (!context || !deps.interactive) {
    await deps.deliverer
      .deliver(to, renderNotice(':warning: That button is not available any more.'))
      .catch(() => undefined);
    return;
  }
  await openTicket(
    { client, context, user, to, retriedFrom: originOf(body, 'other') },
    deps,
    deps.interactive,
  );
}

export const onTicketRetry = buttonListener(retryTicket);
