import { describe, expect, it } from 'vitest';
import { roleResourceExposure } from '../../../src/checks/role/role-resource-exposure.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { inline, withPolicies } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

describe('role-resource-exposure', () => {
  it('flags permissions-management actions on *', () => {
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
  });

  it('does not flag them on one bucket', () => {
    const snapshot = withPolicies(
      [],
      [inline('p', [{ Effect: 'Allow', Action: 's3:PutBucketPolicy', Resource: 'arn:aws:s3:::mine' }])],
    );
    expect(run(roleResourceExposure, snapshot)).toEqual([]);
  });

  it('stays silent when the role could not be read', () => {
    expect(run(roleResourceExposure, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
