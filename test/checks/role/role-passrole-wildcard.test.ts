import { describe, expect, it } from 'vitest';
import { rolePassroleWildcard } from '../../../src/checks/role/role-passrole-wildcard.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, withPolicies } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

describe('role-passrole-wildcard', () => {
  it('flags PassRole on * and says where it may pass', () => {
    const [finding] = run(rolePassroleWildcard, withPolicies([attach(MANAGED.AWSLambda_FullAccess)]));
    expect(finding?.severity).toBe('high');
    expect(finding?.evidence.passTo).toEqual(['only lambda.amazonaws.com']);
  });

  it('does not flag PassRole of one role', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('p', [
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/worker' },
        ]),
      ],
    );
    expect(run(rolePassroleWildcard, snapshot)).toEqual([]);
  });

  it('stays silent when the role could not be read', () => {
    expect(run(rolePassroleWildcard, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
