import { describe, expect, it } from 'vitest';
import { roleShared } from '../../../src/checks/role/role-shared.js';
import { FUNCTION_ARN, makeSnapshot } from '../../fixtures/snapshot.js';
import { withRole } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

const OTHER = 'arn:aws:lambda:eu-central-1:123456789012:function:billing';

describe('role-shared', () => {
  it('names the functions sharing the role', () => {
    const [finding] = run(roleShared, withRole({ usedBy: [FUNCTION_ARN, OTHER] }));
    expect(finding?.evidence.functions).toEqual([FUNCTION_ARN, OTHER]);
  });

  it('does not fire for a role of its own', () => {
    expect(run(roleShared, withRole())).toEqual([]);
  });

  it('stays silent when sharing is unknown or the role could not be read', () => {
    expect(run(roleShared, withRole({ usedBy: null }))).toEqual([]);
    expect(run(roleShared, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
