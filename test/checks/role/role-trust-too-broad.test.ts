import { describe, expect, it } from 'vitest';
import { roleTrustTooBroad } from '../../../src/checks/role/role-trust-too-broad.js';
import type { PolicyStatement } from '../../../src/model.js';
import { makeContext } from '../../fixtures/snapshot.js';
import { LAMBDA_TRUST, withRole } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleTrustTooBroad);

const trust = (...Statement: PolicyStatement[]) =>
  withRole({ AssumeRolePolicyDocument: { Version: '2012-10-17', Statement } });

describe('role-trust-too-broad', () => {
  for (const [name, statement] of [
    ['everyone', { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }],
    [
      'another account’s root',
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' },
    ],
    [
      'EC2',
      {
        Effect: 'Allow',
        Principal: { Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] },
        Action: 'sts:AssumeRole',
      },
    ],
    [
      'a web identity',
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      },
    ],
  ] as [string, PolicyStatement][])
    fires(
      `trust in ${name}`,
      () => run(roleTrustTooBroad, trust(statement)),
      (findings) => expect(findings).toHaveLength(1),
    );

  for (const [name, statements] of [
    ['Lambda', LAMBDA_TRUST.Statement as PolicyStatement[]],
    [
      'Lambda@Edge',
      [
        {
          Effect: 'Allow',
          Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] },
          Action: 'sts:AssumeRole',
        },
      ],
    ],
    [
      'a trusted account',
      [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:role/deployer' },
          Action: 'sts:AssumeRole',
        },
      ],
    ],
  ] as [string, PolicyStatement[]][])
    silent(`does not flag ${name}`, () => run(roleTrustTooBroad, trust(...statements)));

  it('accepts everyone pinned to a trusted organisation', () => {
    const statement: PolicyStatement = {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
    };
    expect(
      run(roleTrustTooBroad, trust(statement), makeContext({ trustedOrgIds: ['o-abcdefghij'] })),
    ).toEqual([]);
    expect(run(roleTrustTooBroad, trust(statement))).toHaveLength(1);
  });

  dataMissing('the role could not be read', roleUnread());
});
