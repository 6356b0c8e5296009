import { errorFields } from '../../log.js';
import { renderAllPages, renderNotice } from '../../render/blocks.js';
import { type ButtonClick, buttonListener, EXPIRED_ANSWER } from './button.js';
import type { ListenerDeps } from './deps.js';

/**
 * The "Show all" button: the value is a key into the answer cache. Each page costs one use of
 * the click's response_url, so the pages never outnumber the uses left.
 */
async function answerShowAll({ value: key, to }: ButtonClick, deps: ListenerDeps): Promise<void> {
  try {
    const output = deps.cache.get(key);
    if (!output) {
      await deps.deliverer.deliver(to, renderNotice(EXPIRED_ANSWER));
      return;
    }
    for (const page of renderAllPages(output, Math.max(1, deps.deliverer.remaining(to))))
      await deps.deliverer.deliver(to, page);
  } catch (error) {
    deps.log.log('error', 'show all failed', { user: to.user, ...errorFields(error) });
  }
}

/** The "Show all" button. */
export const onShowAll = buttonListener(answerShowAll);
