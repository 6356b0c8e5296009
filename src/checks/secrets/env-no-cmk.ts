import type { Check } from '../check.js';

/**
 * Trips on `Environment.Variables` set with no `KMSKeyArn`: only the AWS-managed key
 * `aws/lambda` protects them, so every principal allowed to read the function can decrypt them.
 * Medium when `env-secrets` fired on the same function.
 */
export const envNoCmk: Check = {
  id: 'env-no-cmk',
  severity: 'low',
  categories: ['secrets'],
  title: 'Environment variables are not encrypted with a customer-managed KMS key',
  risk: 'With the AWS-managed key, anyone who can read the function configuration sees the decrypted variables; no key policy or grant stands in between.',
  remediation:
    'Set KMSKeyArn to a customer-managed key whose policy lets only the deployers and the execution role use it; keep real secrets in Secrets Manager.',
  requires: ['configuration'],
  actions: ['lambda:GetFunction'],
  after: true,
  run(snapshot, context) {
    const { Environment, KMSKeyArn } = snapshot.configuration;
    const count = Object.keys(Environment?.Variables ?? {}).length;
    if (count === 0 || KMSKeyArn) return [];
    const secrets = context.findings.some((f) => f.check === 'env-secrets');
    return [
      {
        ...(secrets ? { severity: 'medium' as const } : {}),
        detail: `${count} environment variable${count === 1 ? '' : 's'} protected only by the AWS-managed key${
          secrets ? ', and at least one looks like a secret' : ''
        }.`,
        evidence: { variableCount: count, secretsDetected: secrets },
      },
    ];
  },
};
