import { describe, expect, it } from 'vitest';
import { roleMissing } from '../../../src/checks/role/role-missing.js';
import { FUNCTION_ARN, makeSnapshot } from '../../fixtures/snapshot.js';
import { ROLE_ARN, withRole } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

describe('role-missing', () => {
  it('flags a role that does not exist', () => {
    const findings = run(roleMissing, { ...makeSnapshot(), role: { missing: true, arn: ROLE_ARN } });
    expect(findings).toMatchObject([
      { severity: 'medium', resource: FUNCTION_ARN, evidence: { role: ROLE_ARN } },
    ]);
  });

  it('does not fire for an existing role', () => {
    expect(run(roleMissing, withRole())).toEqual([]);
  });

  it('stays silent when GetRole failed for another reason', () => {
    expect(run(roleMissing, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
