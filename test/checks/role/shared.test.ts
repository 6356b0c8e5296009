import { describe, expect, it } from 'vitest';
import { grantEvidence, onAllEvidence, roleOf } from '../../../src/checks/role/shared.js';
import { permissionsForRole } from '../../../src/iam/role-permissions.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { inline, makeRole, ROLE_ARN } from '../../iam/fixtures/role.js';

describe('role check helpers', () => {
  it('reads the role only when it exists', () => {
    const role = makeRole();
    expect(roleOf({ ...makeSnapshot(), role })).toBe(role);
    expect(roleOf({ ...makeSnapshot(), role: { missing: true, arn: ROLE_ARN } })).toBeNull();
    expect(roleOf({ ...makeSnapshot(), role: null })).toBeNull();
  });

  it('names the statements behind each grant', () => {
    const role = makeRole({
      attachedPolicies: [],
      inlinePolicies: [
        inline('p', [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
      ],
    });
    const perms = permissionsForRole(role);
    expect(grantEvidence('s3:GetObject', perms.grants('s3:GetObject'))).toEqual({
      action: 's3:GetObject',
      resources: ['*'],
      notResource: false,
      conditional: false,
      statements: [{ policy: 'p', sid: 'Read', index: 0, text: 'p statement Read' }],
    });
    expect(onAllEvidence(perms, ['s3:GetObject', 's3:PutObject']).map((e) => e.action)).toEqual([
      's3:GetObject',
    ]);
  });
});
