import { isInternetExposed } from '../../exposure.js';
import { missingAlarm } from '../../monitoring/alarms.js';
import { type Check, INVOCATION_AREAS } from '../check.js';

/**
 * Trips when no CloudWatch alarm that can notify someone (actions enabled, at least one alarm
 * action) watches the function's `AWS/Lambda` `Errors`: by `FunctionName`, by a `Resource`
 * qualifier, account-wide (no dimension), or inside metric math. Low; medium when internet-exposed.
 */
export const monitoringNoErrorAlarm: Check = {
  id: 'monitoring-no-error-alarm',
  severity: 'low',
  categories: ['monitoring'],
  title: 'No alarm tells anyone when the function fails',
  risk: 'Repeated failures, including an attacker probing the function, go unnoticed until someone happens to look.',
  remediation:
    'Create a CloudWatch alarm on the AWS/Lambda Errors metric for the function (or an account-wide one) with an SNS action that reaches the on-call team, and keep its actions enabled.',
  dependsOn: { areas: INVOCATION_AREAS, severity: 'medium' },
  requires: ['alarms'],
  actions: ['cloudwatch:DescribeAlarms'],
  run(snapshot, context) {
    const missing = missingAlarm(snapshot.alarms ?? [], snapshot.configuration.FunctionName, ['Errors']);
    if (!missing) return [];
    const exposed = isInternetExposed(context.exposure);
    const silent =
      missing.silentAlarms.length > 0
        ? ` (${missing.silentAlarms.length} alarm(s) watch Errors but cannot notify)`
        : '';
    return [
      {
        ...(exposed ? { severity: 'medium' as const } : {}),
        detail: `No alarm with an action watches the function's Errors metric${silent}.`,
        evidence: { metrics: ['Errors'], ...missing, internetExposed: exposed },
      },
    ];
  },
};
