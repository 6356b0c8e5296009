/**
 * The "…" menu beside a finding (audit answers) and the "Manage a new finding" select (the
 * digest): Open ticket, Snooze, Accept risk. Acknowledged at once; a modal opens with the
 * click's trigger_id before anything slow, because the trigger_id expires after 3 seconds.
 */
import type {
  BlockAction,
  Middleware,
  OverflowAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
  types,
  webApi,
} from '@slack/bolt';
import { errorFields } from '../../log.js';
import { renderNotice } from '../../render/blocks.js';
import { decodeFindingValue } from '../../render/finding-actions.js';
import { decidedByApprover, mayAccept, mayChangeDecision, refusal } from '../actions/approvers.js';
import { acceptModal, snoozeModal } from '../actions/modals.js';
import { openTicket } from '../actions/open-ticket.js';
import { type ActionContext, type Origin, originOf } from '../actions/origin.js';
import { cachedFinding } from '../actions/reports.js';
import { destinationOf } from '../deliver.js';
import type { ListenerDeps } from './deps.js';

export async function answerFindingMenu(
  client: webApi.WebClient,
  body: BlockAction,
  value: string,
  kind: Origin['kind'],
  deps: ListenerDeps,
): Promise<void> {
  const user = body.user.id;
  const to = destinationOf(body);
  try {
    const interactive = deps.interactive;
    const decoded = decodeFindingValue(value);
    if (!interactive || !decoded) {
      deps.log.log('warn', 'finding menu: not understood', { user, configured: Boolean(interactive) });
      await deps.deliverer.deliver(to, renderNotice(':warning: That menu is not available any more.'));
      return;
    }
    const origin = originOf(body, kind);
    const context: ActionContext = { origin, fingerprint: decoded.fingerprint, key: decoded.key };
    if (origin.channel && origin.ts && !origin.ephemeral && Array.isArray(body.message?.blocks)) {
      interactive.messages.put(origin.channel, origin.ts, {
        blocks: body.message.blocks as types.KnownBlock[],
        text: typeof body.message.text === 'string' ? body.message.text : '',
      });
    }
    const finding = cachedFinding(deps, decoded.key, decoded.fingerprint)?.finding ?? null;
    switch (decoded.verb) {
      case 'snooze': {
        const current = await interactive.store.finding(decoded.fingerprint);
        if (!mayChangeDecision(interactive.approvers, user, current)) {
          deps.log.log('info', 'snooze refused: an approver decided this finding', { user });
          await deps.deliverer.deliver(
            to,
            renderNotice(decidedByApprover(interactive.approvers, current ?? { stateBy: null })),
          );
          return;
        }
        await client.views.open({ trigger_id: body.trigger_id, view: snoozeModal(context, finding) });
        return;
      }
      case 'accept':
        if (!mayAccept(interactive.approvers, user)) {
          deps.log.log('info', 'accept refused: not an approver', { user });
          await deps.deliverer.deliver(to, renderNotice(refusal(interactive.approvers)));
          return;
        }
        await client.views.open({ trigger_id: body.trigger_id, view: acceptModal(context, finding) });
        return;
      case 'ticket':
        await openTicket({ client, context, user, to }, deps, interactive);
        return;
    }
  } catch (error) {
    // views.open fails when the trigger_id has expired (the click waited too long in a queue).
    deps.log.log('error', 'finding menu failed', { user, ...errorFields(error) });
    await deps.deliverer
      .deliver(to, renderNotice(':warning: Slack did not open the form in time; please click again.'))
      .catch(() => undefined);
  }
}

/** The "…" menu beside a finding of an audit answer. */
export function onFindingMenu(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<OverflowAction>>> {
  return async ({ ack, body, action, client }) => {
    await ack();
    await answerFindingMenu(client, body, action.selected_option.value, 'audit', deps);
  };
}

/** The digest's "Manage a new finding" select. */
export function onDigestMenu(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>>> {
  return async ({ ack, body, action, client }) => {
    await ack();
    await answerFindingMenu(client, body, action.selected_option.value, 'other', deps);
  };
}
