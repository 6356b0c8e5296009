import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { envNoCmk } from '../../../src/checks/secrets/env-no-cmk.js';
import { envSecrets } from '../../../src/checks/secrets/env-secrets.js';
import type { FunctionConfiguration, FunctionSnapshot } from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases } from '../cases.js';

const { fires, silent } = checkCases(envNoCmk);

const CMK = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`;

function withEnv(variables: Record<string, string> | undefined, KMSKeyArn?: string): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({
    configuration: {
      ...base.configuration,
      Environment: variables ? { Variables: variables } : undefined,
      KMSKeyArn,
    },
  });
}

describe('env-no-cmk', () => {
  fires('flags variables protected only by the AWS-managed key, at low', () => {
    const findings = runChecks([envSecrets, envNoCmk], withEnv({ TABLE_NAME: 'orders' }), makeContext());
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'env-no-cmk',
        severity: 'low',
        evidence: { variableCount: 1, secretsDetected: false },
      }),
    ]);
    return findings;
  });

  it('rises to medium when env-secrets fired on the function', () => {
    const findings = runChecks(
      [envNoCmk, envSecrets],
      withEnv({ DB_PASSWORD: 'hunter2hunter2' }),
      makeContext(),
    );
    expect(findings.find((f) => f.check === 'env-no-cmk')).toMatchObject({
      severity: 'medium',
      evidence: { secretsDetected: true },
    });
  });

  for (const [name, snapshot] of [
    ['a customer-managed key is set', withEnv({ TABLE_NAME: 'orders' }, CMK)],
    ['there is no environment', withEnv(undefined)],
    ['the environment is empty', withEnv({})],
  ] as const)
    silent(`does not flag when ${name}`, () => runChecks([envNoCmk], snapshot, makeContext()));

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([envNoCmk], snapshot, makeContext())).toEqual([]);
  });
});
