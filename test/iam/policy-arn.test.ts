/**
 * iam:PolicyARN on an attach grant: the AWS-managed policies we call harmless must really complete
 * no path. Checked on every managed policy document the fixtures carry.
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/check.js';
import { rolePrivilegeEscalation } from '../../src/checks/role/role-privilege-escalation.js';
import { makeContext } from '../fixtures/snapshot.js';
import { MANAGED } from './fixtures/managed.js';
import { attach, inline, ROLE_ARN, withPolicies } from './fixtures/role.js';

const escalates = (snapshot: ReturnType<typeof withPolicies>) =>
  runChecks([rolePrivilegeEscalation], snapshot, makeContext()).length > 0;

describe('iam:PolicyARN limits', () => {
  it.each(Object.values(MANAGED))(
    '$name: attachable as harmless only if it grants no escalation',
    (policy) => {
      const attachOnly = withPolicies(
        [],
        [
          inline('attach', [
            {
              Effect: 'Allow',
              Action: 'iam:AttachRolePolicy',
              Resource: ROLE_ARN,
              Condition: { ArnEquals: { 'iam:PolicyARN': policy.arn } },
            },
          ]),
        ],
      );
      if (!escalates(attachOnly)) expect(escalates(withPolicies([attach(policy)]))).toBe(false);
      // AdministratorAccess is the reason the condition matters at all.
      if (policy.name === 'AdministratorAccess') expect(escalates(attachOnly)).toBe(true);
    },
  );

  it('a wildcard that only names read-only policies attaches nothing that escalates', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('attach', [
          {
            Effect: 'Allow',
            Action: 'iam:AttachRolePolicy',
            Resource: ROLE_ARN,
            Condition: { ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/*ReadOnly*' } },
          },
        ]),
      ],
    );
    expect(escalates(snapshot)).toBe(false);
  });
});
