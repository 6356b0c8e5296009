import { findSecretVariables } from '../../secrets.js';
import type { Check } from '../check.js';

/**
 * Trips on a function whose environment carries a credential in clear text, e.g.
 * `Environment.Variables = { DB_URL: "postgres://app:hunter2@db:5432/app" }` or
 * `{ AWS_ACCESS_KEY_ID: "AKIA...", STRIPE_KEY: "sk_live_..." }`. Findings name the variable and
 * the detector, never the value.
 */
export const envSecrets: Check = {
  id: 'env-secrets',
  severity: 'critical',
  categories: ['secrets'],
  title: 'Environment variable holds a secret in clear text',
  risk: 'Anyone who can read the function configuration (lambda:GetFunction, the console, CloudTrail data, CI logs) gets the credential.',
  remediation:
    'Move the secret to Secrets Manager or SSM Parameter Store (SecureString), read it at run time (the Parameters and Secrets extension caches it), and rotate the exposed value.',
  requires: ['configuration'],
  actions: ['lambda:GetFunction'],
  run(snapshot) {
    const variables = snapshot.configuration.Environment?.Variables ?? {};
    return findSecretVariables(variables).map(({ name, reason }) => ({
      key: name,
      detail: `Environment variable ${name} looks like a secret (${reason}).`,
      evidence: { variable: name, detector: reason },
    }));
  },
};
