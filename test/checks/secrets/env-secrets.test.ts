import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { envNoCmk } from '../../../src/checks/secrets/env-no-cmk.js';
import { envSecrets } from '../../../src/checks/secrets/env-secrets.js';
import type { FunctionConfiguration, FunctionSnapshot } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases } from '../cases.js';

const { fires, silent } = checkCases(envSecrets);

function withEnv(variables: Record<string, string>): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({ configuration: { ...base.configuration, Environment: { Variables: variables } } });
}

describe('env-secrets', () => {
  for (const [name, variables, detector] of [
    [
      'a database URL with its password',
      { DATABASE_URL: 'mysql://orders:Tr0ub4dor&3@orders-db:3306/orders' },
      'embedded-password',
    ],
    ['a pasted access key id', { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' }, 'aws-access-key-id'],
    ['a Stripe live key', { STRIPE: 'sk_live_51H8zZkLmNqRsTuVwXyZ' }, 'stripe-live-key'],
    ['a webhook signing secret by name', { WEBHOOK_SECRET: 'whsec-8f2d1c9b7a' }, 'secret-like-name'],
  ] as const)
    fires(`flags ${name}, naming the variable and detector`, () => {
      const [name] = Object.keys(variables);
      const findings = runChecks([envSecrets], withEnv(variables), makeContext());
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        check: 'env-secrets',
        severity: 'critical',
        evidence: { variable: name, detector },
      });
      return findings;
    });

  it('reports each secret variable separately, with distinct fingerprints', () => {
    const findings = runChecks(
      [envSecrets],
      withEnv({ DB_PASSWORD: 'hunter2hunter2', API_TOKEN: 'tok_9f8e7d6c5b4a', LOG_LEVEL: 'info' }),
      makeContext(),
    );
    expect(findings.map((f) => f.evidence.variable)).toEqual(['DB_PASSWORD', 'API_TOKEN']);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });

  for (const [name, variables] of [
    ['no environment at all', undefined],
    [
      'references instead of secrets',
      { DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-x1y2z3' },
    ],
    ['ordinary settings', { TABLE_NAME: 'orders', POWERTOOLS_SERVICE_NAME: 'orders-api', TOKEN_TTL: '3600' }],
  ] as [string, Record<string, string> | undefined][])
    silent(`does not flag ${name}`, () => {
      const base = makeSnapshot();
      const snapshot = makeSnapshot({
        configuration: {
          ...base.configuration,
          Environment: variables ? { Variables: variables } : undefined,
        },
      });
      return runChecks([envSecrets], snapshot, makeContext());
    });

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([envSecrets], snapshot, makeContext())).toEqual([]);
  });

  it('never puts an environment value in any finding', () => {
    const variables = {
      DATABASE_URL: 'postgres://app:Sup3rS3cret@db:5432/app',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      SLACK_TOKEN: 'xoxb-1234567890-0987654321-AbCdEfGhIjKl',
      API_KEY: 'k_live_0123456789abcdef',
    };
    const out = JSON.stringify(runChecks([envSecrets, envNoCmk], withEnv(variables), makeContext()));
    for (const value of Object.values(variables)) expect(out).not.toContain(value);
    expect(out).not.toContain('Sup3rS3cret');
  });
});
