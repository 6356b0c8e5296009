import { describe, expect } from 'vitest';
import { roleInlinePolicies } from '../../../src/checks/role/role-inline-policies.js';
import { inline, withRole } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleInlinePolicies);

describe('role-inline-policies', () => {
  fires('names the inline policies', () => {
    const snapshot = withRole({
      inlinePolicies: [inline('orders', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])],
    });
    const findings = run(roleInlinePolicies, snapshot);
    expect(findings).toMatchObject([{ severity: 'info', evidence: { policies: ['orders'] } }]);
    return findings;
  });

  silent('does not fire with managed policies only', () => run(roleInlinePolicies, withRole()));

  dataMissing('its inline policies could not be listed', roleUnread('iam:ListRolePolicies'));
});
