import type { Check } from './checks/check.js';
import { COLLECTOR_ACTIONS } from './collect/permissions.js';
import type { PolicyDocument } from './model.js';

/**
 * The least-privilege policy lambda-audit itself needs: exactly the read actions its collectors
 * call and its checks declare. Read-only; nothing here can change a function.
 */
export function botPolicy(checks: readonly Check[]): PolicyDocument {
  const actions = new Set<string>(COLLECTOR_ACTIONS);
  for (const check of checks) for (const action of check.actions) actions.add(action);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'LambdaAuditReadOnly',
        Effect: 'Allow',
        Action: [...actions].sort(),
        Resource: '*',
      },
    ],
  };
}

export function botPolicyJson(checks: readonly Check[]): string {
  return `${JSON.stringify(botPolicy(checks), null, 2)}\n`;
}
