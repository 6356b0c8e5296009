/**
 * The map of everything lambda-audit listens to: the slash command, the events, and every
 * button, menu and modal, each id bound to its listener here and nowhere else. The ids are
 * declared in src/render/slack-ids.ts, where the renderers below slack/ can import them.
 * Adding a listener: one module exporting its `on…` factory, one line here.
 */
import type { App, BlockAction, ButtonAction, OverflowAction, StaticSelectAction } from '@slack/bolt';
import {
  ACCEPT_VIEW_ID,
  ANSWER_GROUP_ACTION_ID,
  ANSWER_NEXT_ACTION_ID,
  ANSWER_PREVIOUS_ACTION_ID,
  AUDIT_PICKER_VIEW_ID,
  DIGEST_MENU_ACTION_ID,
  DOWNLOAD_POLICY_ACTION_ID,
  FINDING_MENU_ACTION_ID,
  HOME_AUDIT_ACTION_ID,
  HOME_SCAN_ACTION_ID,
  REAUDIT_ACTION_ID,
  SHARE_ACTION_ID,
  SHOW_ALL_ACTION_ID,
  SNOOZE_VIEW_ID,
  TICKET_RETRY_ACTION_ID,
  TRIAGE_FULL_AUDIT_ACTION_ID,
} from '../../render/slack-ids.js';
import { onMessage } from './alarm-message.js';
import { onAnswerView } from './answer-view-action.js';
import { onAuditPicked, onHomeAudit, onHomeOpened, onHomeScan } from './app-home.js';
import { onMention } from './app-mention.js';
import { onAcceptSubmitted, onSnoozeSubmitted } from './decision-views.js';
import type { ListenerDeps } from './deps.js';
import { onDownloadPolicy } from './download-policy-action.js';
import { onDigestMenu, onFindingMenu } from './finding-menu-action.js';
import { COMMAND, onCommand } from './lambda-audit-command.js';
import { onReaudit } from './reaudit-action.js';
import { onShare } from './share-action.js';
import { onShowAll } from './show-all-action.js';
import { onTicketRetry } from './ticket-retry-action.js';
import { onTriageFullAudit } from './triage-full-audit-action.js';

export type { ListenerDeps } from './deps.js';

/** Bolt's constraint for a click or a choice on the element with this action_id. */
const blockAction = (action_id: string) => ({ type: 'block_actions', action_id }) as const;

export function registerListeners(app: App, deps: ListenerDeps): void {
  // The slash command and the events the app subscribes to (manifest.yml).
  app.command(COMMAND, onCommand(deps));
  app.event('message', onMessage(deps));
  app.event('app_mention', onMention(deps));
  app.event('app_home_opened', onHomeOpened(deps));

  // Buttons.
  for (const id of [ANSWER_GROUP_ACTION_ID, ANSWER_PREVIOUS_ACTION_ID, ANSWER_NEXT_ACTION_ID])
    app.action<BlockAction<ButtonAction>>(blockAction(id), onAnswerView(deps));
  app.action<BlockAction<ButtonAction>>(blockAction(SHARE_ACTION_ID), onShare(deps));
  app.action<BlockAction<ButtonAction>>(blockAction(DOWNLOAD_POLICY_ACTION_ID), onDownloadPolicy(deps));
  app.action<BlockAction<ButtonAction>>(blockAction(REAUDIT_ACTION_ID), onReaudit(deps));
  app.action<BlockAction<ButtonAction>>(blockAction(SHOW_ALL_ACTION_ID), onShowAll(deps));
  app.action<BlockAction<ButtonAction>>(blockAction(TICKET_RETRY_ACTION_ID), onTicketRetry(deps));
  app.action<BlockAction<ButtonAction>>(blockAction(TRIAGE_FULL_AUDIT_ACTION_ID), onTriageFullAudit(deps));
  app.action<BlockAction>(blockAction(HOME_SCAN_ACTION_ID), onHomeScan(deps));
  app.action<BlockAction>(blockAction(HOME_AUDIT_ACTION_ID), onHomeAudit(deps));

  // Menus: Open ticket, Snooze, Accept risk.
  app.action<BlockAction<OverflowAction>>(blockAction(FINDING_MENU_ACTION_ID), onFindingMenu(deps));
  app.action<BlockAction<StaticSelectAction>>(blockAction(DIGEST_MENU_ACTION_ID), onDigestMenu(deps));

  // Modals (callback_id).
  app.view(SNOOZE_VIEW_ID, onSnoozeSubmitted(deps));
  app.view(ACCEPT_VIEW_ID, onAcceptSubmitted(deps));
  app.view(AUDIT_PICKER_VIEW_ID, onAuditPicked(deps));
}
