import { describe, expect, it } from 'vitest';
import { roleCredentialsExposure } from '../../../src/checks/role/role-credentials-exposure.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { inline, withPolicies } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

describe('role-credentials-exposure', () => {
  it('flags credential-returning actions where they apply', () => {
    const snapshot = withPolicies(
      [],
      [inline('p', [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'sts:AssumeRole'], Resource: '*' }])],
    );
    expect(run(roleCredentialsExposure, snapshot)[0]?.evidence.actions).toEqual([
      'iam:CreateAccessKey',
      'sts:AssumeRole',
    ]);
  });

  it.each([
    ['sts:AssumeRole of one role', 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/reader'],
    ['ecr:GetAuthorizationToken', 'ecr:GetAuthorizationToken', '*'],
  ])('does not flag %s', (_name, Action, Resource) => {
    expect(
      run(roleCredentialsExposure, withPolicies([], [inline('p', [{ Effect: 'Allow', Action, Resource }])])),
    ).toEqual([]);
  });

  it('stays silent when the role could not be read', () => {
    expect(run(roleCredentialsExposure, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
