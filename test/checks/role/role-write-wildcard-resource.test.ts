import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { checks } from '../../../src/checks/index.js';

import { roleWriteWildcardResource } from '../../../src/checks/role/role-write-wildcard-resource.js';
import { makeContext } from '../../fixtures/snapshot.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, withPolicies } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleWriteWildcardResource);

const roleChecks = checks.filter((c) => c.id.startsWith('role-'));

describe('role-write-wildcard-resource', () => {
  fires('writes on *', () => {
    const [finding] = run(
      roleWriteWildcardResource,
      withPolicies([attach(MANAGED.AWSLambdaBasicExecutionRole)]),
    );
    expect(finding?.evidence.actions).toEqual([
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    return run(roleWriteWildcardResource, withPolicies([attach(MANAGED.AWSLambdaBasicExecutionRole)]));
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

  silent('under role-admin', () =>
    runChecks(roleChecks, withPolicies([attach(MANAGED.AdministratorAccess)]), makeContext()),
  );

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

  dataMissing('the role could not be read', roleUnread());
});
