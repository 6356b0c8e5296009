import { describe, expect, it } from 'vitest';
import { roleAdmin } from '../../../src/checks/role/role-admin.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, ROLE_ARN, withPolicies } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleAdmin);

describe('role-admin', () => {
  fires(
    'AdministratorAccess attached',
    () => run(roleAdmin, withPolicies([attach(MANAGED.AdministratorAccess)])),
    ([finding]) => {
      expect(finding).toMatchObject({ check: 'role-admin', severity: 'critical', resource: ROLE_ARN });
      expect(finding?.evidence.policies).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    },
  );

  it('flags an inline * on * without a condition', () => {
    const findings = run(
      roleAdmin,
      withPolicies([], [inline('god', [{ Effect: 'Allow', Action: '*', Resource: '*' }])]),
    );
    expect(findings).toHaveLength(1);
  });

  it.each([
    [
      'a conditional * on *',
      { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    ],
    ['s3:* on *', { Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    ['* on one bucket', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }],
  ] as const)('does not flag %s', (_name, statement) => {
    expect(run(roleAdmin, withPolicies([], [inline('p', [statement])]))).toEqual([]);
  });

  silent('a role that does not exist', () =>
    run(roleAdmin, { ...makeSnapshot(), role: { missing: true, arn: ROLE_ARN } }),
  );
  dataMissing('the role could not be read', roleUnread());
});
