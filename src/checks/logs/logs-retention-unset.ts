import type { Check } from '../check.js';

/** Trips on a log group with no `retentionInDays`: CloudWatch Logs keeps its events forever. */
export const logsRetentionUnset: Check = {
  id: 'logs-retention-unset',
  severity: 'low',
  categories: ['logs'],
  title: 'Log group keeps logs forever',
  risk: 'Logs pile up without end, with whatever personal data or secrets they hold, and cost grows every month.',
  remediation: 'Set a retention period that matches your policy (for example 30, 90 or 365 days).',
  requires: ['logGroup'],
  actions: ['logs:DescribeLogGroups'],
  run(snapshot) {
    const group = snapshot.logGroup?.group;
    if (!group || typeof group.retentionInDays === 'number') return [];
    return [
      {
        resource: group.arn,
        detail: `Log group ${group.logGroupName} has no retention period.`,
        evidence: { logGroup: group.logGroupName, retentionInDays: null },
      },
    ];
  },
};
