import { ASSUME_ROLE_ACTIONS } from './aws/assume-role.js';
import type { Check } from './checks/check.js';
import {
  CHANGE_EVENT_READS,
  CHANGE_QUEUE_ACTIONS,
  CHANGE_QUEUE_ARN,
  COLLECTOR_ACTIONS,
  ORGANIZATION_READS,
} from './collect/permissions.js';
import type { PolicyDocument } from './model.js';

/**
 * The least-privilege policy lambda-audit itself needs: exactly the read actions its collectors
 * call and its checks declare, and sts:AssumeRole for the audited accounts' roles
 * (AUDIT_ACCOUNT_ROLES). Nothing here can change a function. The one write is to the
 * change-events queue, and only to it: deleting the messages it has handled.
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
      {
        // The roles are the operator's choice (AUDIT_ACCOUNT_ROLES); narrow Resource to them.
        Sid: 'LambdaAuditAssumeAuditRoles',
        Effect: 'Allow',
        Action: [...ASSUME_ROLE_ACTIONS],
        Resource: 'arn:*:iam::*:role/*',
      },
      {
        Sid: 'LambdaAuditChangeEvents',
        Effect: 'Allow',
        Action: [...CHANGE_QUEUE_ACTIONS],
        Resource: CHANGE_QUEUE_ARN,
      },
      {
        // Which functions a changed managed policy reaches (CHANGE_EVENTS_QUEUE_URL only).
        Sid: 'LambdaAuditChangeEventReads',
        Effect: 'Allow',
        Action: [...CHANGE_EVENT_READS],
        Resource: '*',
      },
      {
        // The organization's accounts and their enabled regions (AUDIT_ORG_ROLE_NAME, AUDIT_REGIONS=all).
        Sid: 'LambdaAuditOrganizationReads',
        Effect: 'Allow',
        Action: [...ORGANIZATION_READS],
        Resource: '*',
      },
    ],
  };
}

export function botPolicyJson(checks: readonly Check[]): string {
  return `${JSON.stringify(botPolicy(checks), null, 2)}\n`;
}
