import { describe, expect, it } from 'vitest';
import { roleInlinePolicies } from '../../../src/checks/role/role-inline-policies.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { inline, withRole } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

describe('role-inline-policies', () => {
  it('names the inline policies', () => {
    const snapshot = withRole({
      inlinePolicies: [inline('orders', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])],
    });
    expect(run(roleInlinePolicies, snapshot)).toMatchObject([
      { severity: 'info', evidence: { policies: ['orders'] } },
    ]);
  });

  it('does not fire with managed policies only', () => {
    expect(run(roleInlinePolicies, withRole())).toEqual([]);
  });

  it('stays silent when the role could not be read', () => {
    expect(run(roleInlinePolicies, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
