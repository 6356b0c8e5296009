import { describe, expect } from 'vitest';
import { roleResourceExposure } from '../../../src/checks/role/role-resource-exposure.js';
import { inline, withPolicies } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleResourceExposure);

describe('role-resource-exposure', () => {
  fires('permissions-management actions on *', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('p', [
          { Effect: 'Allow', Action: ['s3:PutBucketPolicy', 'lambda:AddPermission'], Resource: '*' },
        ]),
      ],
    );
    const [finding] = run(roleResourceExposure, snapshot);
    expect(finding?.evidence.actions).toEqual(['lambda:AddPermission', 's3:PutBucketPolicy']);
    return run(roleResourceExposure, snapshot);
  });

  silent('does not flag them on one bucket', () => {
    const snapshot = withPolicies(
      [],
      [inline('p', [{ Effect: 'Allow', Action: 's3:PutBucketPolicy', Resource: 'arn:aws:s3:::mine' }])],
    );
    return run(roleResourceExposure, snapshot);
  });

  dataMissing('the role could not be read', roleUnread());
});
