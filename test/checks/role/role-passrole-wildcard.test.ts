import { describe, expect } from 'vitest';
import { rolePassroleWildcard } from '../../../src/checks/role/role-passrole-wildcard.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, withPolicies } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(rolePassroleWildcard);

describe('role-passrole-wildcard', () => {
  fires(
    'PassRole on *, saying where it may pass',
    () => run(rolePassroleWildcard, withPolicies([attach(MANAGED.AWSLambda_FullAccess)])),
    ([finding]) => {
      expect(finding?.severity).toBe('high');
      expect(finding?.evidence.passTo).toEqual(['only lambda.amazonaws.com']);
    },
  );

  silent('does not flag PassRole of one role', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('p', [
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/worker' },
        ]),
      ],
    );
    return run(rolePassroleWildcard, snapshot);
  });

  dataMissing('the role could not be read', roleUnread());
});
