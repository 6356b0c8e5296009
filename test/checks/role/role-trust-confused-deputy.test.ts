import { describe, expect, it } from 'vitest';
import { roleTrustConfusedDeputy } from '../../../src/checks/role/role-trust-confused-deputy.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { withRole } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

describe('role-trust-confused-deputy', () => {
  it('flags Lambda trusted without a source condition', () => {
    const snapshot = withRole({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
    });
    expect(run(roleTrustConfusedDeputy, snapshot)).toMatchObject([{ severity: 'info' }]);
  });

  it('does not flag a trust pinned by aws:SourceAccount', () => {
    expect(run(roleTrustConfusedDeputy, withRole())).toEqual([]);
  });

  it('stays silent when the role could not be read', () => {
    expect(run(roleTrustConfusedDeputy, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
