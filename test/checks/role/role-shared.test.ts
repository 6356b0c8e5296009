import { describe, expect } from 'vitest';
import { roleShared } from '../../../src/checks/role/role-shared.js';
import { FUNCTION_ARN } from '../../fixtures/snapshot.js';
import { withRole } from '../../iam/fixtures/role.js';
import { checkCases, gap } from '../cases.js';
import { run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleShared);

const OTHER = 'arn:aws:lambda:eu-central-1:123456789012:function:billing';

describe('role-shared', () => {
  fires(
    'names the functions sharing the role',
    () => run(roleShared, withRole({ usedBy: [FUNCTION_ARN, OTHER] })),
    ([finding]) => expect(finding?.evidence.functions).toEqual([FUNCTION_ARN, OTHER]),
  );

  silent('does not fire for a role of its own', () => run(roleShared, withRole()));

  dataMissing('the functions could not be listed, so sharing is unknown', {
    ...withRole({ usedBy: null }),
    unverified: [gap('lambda:ListFunctions', 'role')],
  });
});
