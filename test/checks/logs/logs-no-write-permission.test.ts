import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { logsNoWritePermission } from '../../../src/checks/logs/logs-no-write-permission.js';
import type { FunctionSnapshot } from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, ROLE_ARN, withPolicies, withRole } from '../../iam/fixtures/role.js';
import { checkCases, gap } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(logsNoWritePermission);

const run = (snapshot: FunctionSnapshot) => runChecks([logsNoWritePermission], snapshot, makeContext());
const group = (name: string) => `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:${name}`;
const logs = (Resource: string) =>
  inline('logs', [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource }]);

describe('logs-no-write-permission', () => {
  fires('flags a role without log permissions', () => {
    const findings = run(withPolicies([attach(MANAGED.AmazonS3ReadOnlyAccess)]));
    expect(findings).toMatchObject([
      { severity: 'medium', evidence: { logGroup: '/aws/lambda/orders-api' } },
    ]);
    return findings;
  });

  it('flags a grant on the group ARN without :* (streams are not covered)', () => {
    expect(run(withPolicies([], [logs(group('/aws/lambda/orders-api'))]))).toHaveLength(1);
  });

  it('flags an unconditional Deny on the group', () => {
    const denied = inline('deny', [
      { Effect: 'Deny', Action: 'logs:PutLogEvents', Resource: `${group('/aws/lambda/orders-api')}:*` },
    ]);
    expect(run(withPolicies([attach(MANAGED.AWSLambdaBasicExecutionRole)], [denied]))).toHaveLength(1);
  });

  it('uses LoggingConfig.LogGroup when set', () => {
    const snapshot = withPolicies([], [logs(`${group('/aws/lambda/orders-api')}:*`)]);
    const custom = {
      ...snapshot,
      configuration: { ...snapshot.configuration, LoggingConfig: { LogGroup: '/shared/app' } },
    };
    expect(run(custom)).toHaveLength(1);
    expect(run({ ...custom, role: withPolicies([], [logs(`${group('/shared/app')}:*`)]).role })).toEqual([]);
  });

  for (const [name, attached, inlines] of [
    ['AWSLambdaBasicExecutionRole', [attach(MANAGED.AWSLambdaBasicExecutionRole)], []],
    ['a grant on its own group', [], [logs(`${group('/aws/lambda/orders-api')}:*`)]],
    ['logs:* on arn:aws:logs:*:*:*', [attach(MANAGED.AWSLambdaExecute)], []],
  ] as const)
    silent(`does not flag ${name}`, () => run(withPolicies([...attached], [...inlines])));

  dataMissing('a policy of the role could not be read', {
    ...withRole({ inlinePolicies: [{ PolicyName: 'x', document: null }], attachedPolicies: [] }),
    unverified: [gap('iam:GetRolePolicy', 'role')],
  });
  dataMissing('the role could not be read', {
    ...makeSnapshot(),
    role: null,
    unverified: [gap('iam:GetRole', 'role')],
  });
  silent('a role that does not exist (role-missing says so)', () =>
    run({ ...makeSnapshot(), role: { missing: true, arn: ROLE_ARN } }),
  );
});
