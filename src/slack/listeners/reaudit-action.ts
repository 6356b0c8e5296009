/**
 * The audit answer's "Re-audit" button: the value names the function (region and ARN); the
 * answer is audited again and the message replaced with the fresh one, decisions marked.
 */
import { errorFields } from '../../log.js';
import { renderNotice } from '../../render/blocks.js';
import { decodeReauditValue, mention } from '../../render/finding-actions.js';
import { originOf } from '../actions/origin.js';
import { reaudit } from '../actions/reports.js';
import { renderAuditNow, replaceOrigin } from '../actions/update.js';
import { replyForError } from '../error-reply.js';
import { type ButtonClick, buttonListener } from './button.js';
import type { ListenerDeps } from './deps.js';

async function answerReaudit(
  { body, value, client, user, to }: ButtonClick,
  deps: ListenerDeps,
): Promise<void> {
  const ref = decodeReauditValue(value);
  try {
    if (!ref || !deps.interactive) {
      await deps.deliverer.deliver(to, renderNotice(':warning: That button is not available any more.'));
      return;
    }
    const report = await reaudit(deps, ref);
    const at = new Date(report.generatedAt).toISOString().slice(11, 16);
    const message = await renderAuditNow(
      deps,
      deps.interactive,
      report,
      `:arrows_counterclockwise: Re-audited by ${mention(user)} at ${at} UTC`,
    );
    if (!(await replaceOrigin(client, deps, deps.interactive, originOf(body, 'audit'), message)))
      await deps.deliverer.deliver(to, message);
    deps.log.log('info', 're-audit answered', { user, function: ref.function });
  } catch (error) {
    const reply = replyForError(error);
    deps.log.log(reply.level, 're-audit failed', { user, ref: reply.ref, ...errorFields(error) });
    await deps.deliverer.deliver(to, renderNotice(reply.text)).catch(() => undefined);
  }
}

/** The "Re-audit" button. */
export const onReaudit = buttonListener(answerReaudit);
