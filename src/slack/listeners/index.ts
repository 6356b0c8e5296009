import type { App } from '@slack/bolt';
import type { ListenerDeps } from './deps.js';
import { registerLambdaAuditCommand } from './lambda-audit-command.js';
import { registerShowAllAction } from './show-all-action.js';

export type { ListenerDeps } from './deps.js';

/** Every listener the app has; adding one adds a line here. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerLambdaAuditCommand(app, deps);
  registerShowAllAction(app, deps);
}
