import { describe, expect } from 'vitest';
import { roleMissing } from '../../../src/checks/role/role-missing.js';
import { FUNCTION_ARN, makeSnapshot } from '../../fixtures/snapshot.js';
import { ROLE_ARN, withRole } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleMissing);

describe('role-missing', () => {
  fires(
    'a role that does not exist',
    () => run(roleMissing, { ...makeSnapshot(), role: { missing: true, arn: ROLE_ARN } }),
    (findings) =>
      expect(findings).toMatchObject([
        { severity: 'medium', resource: FUNCTION_ARN, evidence: { role: ROLE_ARN } },
      ]),
  );

  silent('does not fire for an existing role', () => run(roleMissing, withRole()));

  dataMissing('GetRole failed for another reason than NoSuchEntity', roleUnread());
});
