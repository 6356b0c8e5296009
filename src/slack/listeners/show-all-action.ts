import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../log.js';
import { renderAllPages, renderNotice } from '../../render/blocks.js';
import { destinationOf } from '../deliver.js';
import type { ListenerDeps } from './deps.js';

/**
 * The "Show all" button: the value is a key into the answer cache. Each page costs one use of
 * the click's response_url, so the pages never outnumber the uses left.
 */
export async function answerShowAll(
  body: BlockAction<ButtonAction>,
  key: string,
  deps: ListenerDeps,
): Promise<void> {
  const to = destinationOf(body);
  try {
    const output = deps.cache.get(key);
    if (!output) {
      await deps.deliverer.deliver(
        to,
        renderNotice(':hourglass: That answer is older than 30 minutes; run the command again.'),
      );
      return;
    }
    for (const page of renderAllPages(output, Math.max(1, deps.deliverer.remaining(to))))
      await deps.deliverer.deliver(to, page);
  } catch (error) {
    deps.log.log('error', 'show all failed', { user: to.user, ...errorFields(error) });
  }
}

/** The "Show all" button. */
export function onShowAll(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action }) => {
    await ack();
    await answerShowAll(body, action.value ?? '', deps);
  };
}
