import { parseArn } from '../../arn.js';
import { logGroupName } from '../../iam/function-needs.js';
import { permissionsForRole } from '../../iam/role-permissions.js';
import { hasUnreadPolicy, isMissingRole } from '../../iam/role-snapshot.js';
import type { Check } from '../check.js';

/** A stream name shaped like Lambda's own (`2026/11/24/[$LATEST]<hex>`): what the runtime writes to. */
const SAMPLE_STREAM = '2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef';
const WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/**
 * Fires when the execution role cannot `logs:CreateLogStream` and `logs:PutLogEvents` on the
 * function's log group (`LoggingConfig.LogGroup`, default `/aws/lambda/<name>`), e.g. a role
 * granting them only on `arn:aws:logs:...:log-group:/aws/lambda/other:*`, or on the group ARN
 * without `:*` (streams are not covered). Stays silent when a policy could not be read.
 */
export const logsNoWritePermission: Check = {
  id: 'logs-no-write-permission',
  severity: 'medium',
  categories: ['logs', 'role'],
  title: 'Function cannot write its logs',
  risk: 'The function runs blind: errors, timeouts and attacks leave no trace in CloudWatch Logs.',
  remediation:
    'Grant logs:CreateLogStream and logs:PutLogEvents on arn:aws:logs:<region>:<account>:log-group:<group>:* (AWSLambdaBasicExecutionRole does).',
  requires: ['role'],
  actions: [
    'iam:GetRole',
    'iam:ListAttachedRolePolicies',
    'iam:GetPolicyVersion',
    'iam:ListRolePolicies',
    'iam:GetRolePolicy',
  ],
  run(snapshot) {
    const role = snapshot.role;
    // A missing role is role-missing's finding; an unread policy might be the one that grants logs.
    if (!role || isMissingRole(role) || hasUnreadPolicy(role)) return [];
    const group = logGroupName(snapshot);
    const partition = parseArn(snapshot.configuration.FunctionArn)?.partition || 'aws';
    const stream = `arn:${partition}:logs:${snapshot.region}:${snapshot.accountId}:log-group:${group}:log-stream:${SAMPLE_STREAM}`;
    const perms = permissionsForRole(role);
    const verdicts = WRITE_ACTIONS.map((action) => ({ action, verdict: perms.evaluate(action, stream) }));
    const missing = verdicts.filter((v) => v.verdict !== 'allowed');
    if (missing.length === 0) return [];
    return [
      {
        detail: `Role ${role.RoleName} cannot ${missing.map((m) => m.action).join(' or ')} on log group ${group}.`,
        evidence: {
          role: role.Arn,
          logGroup: group,
          missing: missing.map((m) => ({ action: m.action, reason: m.verdict })),
        },
      },
    ];
  },
};
