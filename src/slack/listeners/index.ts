import type { App } from '@slack/bolt';
import { registerAlarmMessages } from './alarm-message.js';
import { registerAnswerViewActions } from './answer-view-action.js';
import { registerAppHome } from './app-home.js';
import { registerAppMention } from './app-mention.js';
import { registerDecisionViews } from './decision-views.js';
import type { ListenerDeps } from './deps.js';
import { registerFindingMenuActions } from './finding-menu-action.js';
import { registerLambdaAuditCommand } from './lambda-audit-command.js';
import { registerReauditAction } from './reaudit-action.js';
import { registerShareAction } from './share-action.js';
import { registerShowAllAction } from './show-all-action.js';
import { registerTicketRetryAction } from './ticket-retry-action.js';
import { registerTriageFullAuditAction } from './triage-full-audit-action.js';

export type { ListenerDeps } from './deps.js';

/** Every listener the app has; adding one adds a line here. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerLambdaAuditCommand(app, deps);
  registerShowAllAction(app, deps);
  registerAnswerViewActions(app, deps);
  registerShareAction(app, deps);
  registerAlarmMessages(app, deps);
  registerAppMention(app, deps);
  registerAppHome(app, deps);
  registerTriageFullAuditAction(app, deps);
  registerFindingMenuActions(app, deps);
  registerDecisionViews(app, deps);
  registerReauditAction(app, deps);
  registerTicketRetryAction(app, deps);
}
