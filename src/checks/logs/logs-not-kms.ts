import type { Check } from '../check.js';

/** Trips on a log group with no `kmsKeyId`: only CloudWatch Logs' service-owned key protects it. */
export const logsNotKms: Check = {
  id: 'logs-not-kms',
  severity: 'low',
  categories: ['logs'],
  title: 'Log group is not encrypted with a customer-managed KMS key',
  risk: 'Anyone with logs read access sees every event; there is no key policy to limit or audit decryption.',
  remediation: 'Associate a customer-managed KMS key with the log group (logs:AssociateKmsKey).',
  requires: ['logGroup'],
  actions: ['logs:DescribeLogGroups'],
  run(snapshot) {
    const group = snapshot.logGroup?.group;
    if (!group || group.kmsKeyId) return [];
    return [
      {
        resource: group.arn,
        detail: `Log group ${group.logGroupName} is not encrypted with a customer-managed key.`,
        evidence: { logGroup: group.logGroupName, kmsKeyId: null },
      },
    ];
  },
};
