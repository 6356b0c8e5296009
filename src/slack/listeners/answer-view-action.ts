/**
 * The audit answer's view buttons: a check's "Show N"/"Hide", and "Previous"/"Next" under a long
 * list. Each value carries the answer's cache key and the view to show; the message is replaced
 * in place (response_url for an ephemeral answer, chat.update for one shared in a channel), with
 * everyone's decisions marked and every finding's menu, so paging never degrades to text.
 */
import { errorFields } from '../../log.js';
import { decodeAnswerView, renderAuditBlocks } from '../../render/audit-blocks.js';
import { renderNotice } from '../../render/blocks.js';
import { originOf } from '../actions/origin.js';
import { renderAuditNow, replaceOrigin } from '../actions/update.js';
import { type ButtonClick, buttonListener, EXPIRED_ANSWER } from './button.js';
import type { ListenerDeps } from './deps.js';

async function answerViewChange(
  { body, value, client, user, to }: ButtonClick,
  deps: ListenerDeps,
): Promise<void> {
  try {
    const decoded = decodeAnswerView(value);
    const output = decoded ? deps.cache.get(decoded.key) : undefined;
    if (!decoded || output?.kind !== 'audit') {
      await deps.deliverer.deliver(to, renderNotice(EXPIRED_ANSWER));
      return;
    }
    const { report } = output;
    const origin = originOf(body, 'audit');
    if (deps.interactive) {
      const message = await renderAuditNow(deps, deps.interactive, report, null, { view: decoded.view });
      if (await replaceOrigin(client, deps, deps.interactive, origin, message)) return;
      await deps.deliverer.deliver(to, message);
      return;
    }
    const message = renderAuditBlocks(report, { moreKey: decoded.key, view: decoded.view });
    if (!origin.ephemeral && origin.channel && origin.ts) {
      await client.chat.update({ channel: origin.channel, ts: origin.ts, ...message });
      return;
    }
    await deps.deliverer.deliver(to, message, 'ephemeral', true);
  } catch (error) {
    deps.log.log('error', 'answer view change failed', { user, ...errorFields(error) });
  }
}

/** A check's "Show N"/"Hide", and "Previous"/"Next". */
export const onAnswerView = buttonListener(answerViewChange);
