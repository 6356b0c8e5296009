import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { checks } from '../../../src/checks/index.js';

import { roleWriteWildcardResource } from '../../../src/checks/role/role-write-wildcard-resource.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, withPolicies } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

const roleChecks = checks.filter((c) => c.id.startsWith('role-'));

describe('role-write-wildcard-resource', () => {
  it('flags writes on *', () => {
    const [finding] = run(
      roleWriteWildcardResource,
      withPolicies([attach(MANAGED.AWSLambdaBasicExecutionRole)]),
    );
    expect(finding?.evidence.actions).toEqual([
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
  });

  it('leaves out what the checks above already reported', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('p', [
          {
            Effect: 'Allow',
            Action: ['sqs:SendMessage', 'kms:Decrypt', 'sts:AssumeRole', 'dynamodb:*'],
            Resource: '*',
          },
        ]),
      ],
    );
    const findings = runChecks(roleChecks, snapshot, makeContext());
    const write = findings.find((f) => f.check === 'role-write-wildcard-resource');
    expect(write?.evidence.actions).toEqual(['sqs:SendMessage']);
  });

  it('is silent under role-admin', () => {
    const findings = runChecks(
      roleChecks,
      withPolicies([attach(MANAGED.AdministratorAccess)]),
      makeContext(),
    );
    expect(findings.some((f) => f.check === 'role-write-wildcard-resource')).toBe(false);
  });

  it('does not flag the VPC ENI actions Lambda needs on *', () => {
    const [vpc] = run(
      roleWriteWildcardResource,
      withPolicies([attach(MANAGED.AWSLambdaVPCAccessExecutionRole)]),
    );
    expect(vpc?.evidence.actions).toEqual([
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
  });

  it('does not flag writes scoped to resources', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('p', [
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-central-1:123456789012:q' },
        ]),
      ],
    );
    expect(run(roleWriteWildcardResource, snapshot)).toEqual([]);
  });

  it('stays silent when the role could not be read', () => {
    expect(run(roleWriteWildcardResource, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
