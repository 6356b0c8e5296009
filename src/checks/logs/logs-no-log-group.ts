import type { Check } from '../check.js';

/**
 * Trips when the function's log group (`LoggingConfig.LogGroup`, default `/aws/lambda/<name>`)
 * does not exist: the function has never logged, or someone deleted the group.
 */
export const logsNoLogGroup: Check = {
  id: 'logs-no-log-group',
  severity: 'low',
  categories: ['logs'],
  title: "Function's log group does not exist",
  risk: 'There is no record of what the function did; an incident cannot be investigated.',
  remediation:
    'Create the log group with a retention period and a KMS key (in the same stack as the function), and check the role may write to it.',
  requires: ['logGroup'],
  actions: ['logs:DescribeLogGroups'],
  run(snapshot) {
    if (snapshot.logGroup === null || snapshot.logGroup.group !== null) return [];
    const { name } = snapshot.logGroup;
    return [{ detail: `Log group ${name} does not exist.`, evidence: { logGroup: name } }];
  },
};
