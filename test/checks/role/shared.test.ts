import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_LIST_LIMIT,
  grantEvidence,
  judgeRolePermissions,
  manyActionsFinding,
  onAllEvidence,
  roleFinding,
  roleOf,
} from '../../../src/checks/role/shared.js';
import { permissionsForRole } from '../../../src/iam/role-permissions.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
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

  it('judges the role with its effective permissions, and nothing without a role', () => {
    const role = makeRole();
    const seen: unknown[] = [];
    const run = judgeRolePermissions((r, perms) => {
      seen.push([r, perms]);
      return roleFinding(r, 'judged', {});
    });
    expect(run({ ...makeSnapshot(), role }, makeContext())).toHaveLength(1);
    expect(seen).toEqual([[role, permissionsForRole(role)]]);
    expect(run({ ...makeSnapshot(), role: { missing: true, arn: ROLE_ARN } }, makeContext())).toEqual([]);
    expect(run({ ...makeSnapshot(), role: null }, makeContext())).toEqual([]);
  });

  it('reports on the role, naming it first in the evidence', () => {
    const role = makeRole();
    const [finding] = roleFinding(role, 'detail', { policies: ['p'] });
    expect(finding).toEqual({
      resource: role.Arn,
      detail: 'detail',
      evidence: { role: role.Arn, policies: ['p'] },
    });
    expect(Object.keys(finding!.evidence)).toEqual(['role', 'policies']);
  });

  it('counts many actions, shows five in the detail and cuts the grants at the evidence limit', () => {
    const role = makeRole();
    const found = Array.from({ length: EVIDENCE_LIST_LIMIT + 2 }, (_, i) => ({ action: `svc:Action${i}` }));
    const [finding] = manyActionsFinding(role, found, {
      kind: 'write',
      where: 'on any resource',
      actions: ['a'],
    });
    expect(finding!.detail).toBe(
      `Role ${role.RoleName} may perform ${found.length} write actions on any resource, e.g. svc:Action0, svc:Action1, svc:Action2, svc:Action3, svc:Action4.`,
    );
    expect(finding!.evidence).toEqual({
      role: role.Arn,
      count: found.length,
      actions: ['a'],
      grants: found.slice(0, EVIDENCE_LIST_LIMIT),
    });
    expect(
      manyActionsFinding(role, found.slice(0, 1), { kind: 'write', where: 'here', actions: [] })[0]!.detail,
    ).toBe(`Role ${role.RoleName} may perform 1 write action here, e.g. svc:Action0.`);
  });
});
