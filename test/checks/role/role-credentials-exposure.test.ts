import { describe, expect } from 'vitest';
import { roleCredentialsExposure } from '../../../src/checks/role/role-credentials-exposure.js';
import { inline, withPolicies } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleCredentialsExposure);

describe('role-credentials-exposure', () => {
  fires(
    'credential-returning actions where they apply',
    () =>
      run(
        roleCredentialsExposure,
        withPolicies(
          [],
          [
            inline('p', [
              { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'sts:AssumeRole'], Resource: '*' },
            ]),
          ],
        ),
      ),
    (findings) => expect(findings[0]?.evidence.actions).toEqual(['iam:CreateAccessKey', 'sts:AssumeRole']),
  );

  for (const [name, Action, Resource] of [
    ['sts:AssumeRole of one role', 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/reader'],
    ['ecr:GetAuthorizationToken', 'ecr:GetAuthorizationToken', '*'],
  ] as const) {
    silent(`does not flag ${name}`, () =>
      run(roleCredentialsExposure, withPolicies([], [inline('p', [{ Effect: 'Allow', Action, Resource }])])),
    );
  }

  dataMissing('the role could not be read', roleUnread());
});
