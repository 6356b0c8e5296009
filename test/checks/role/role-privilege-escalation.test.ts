import { describe, expect, it } from 'vitest';
import { rolePrivilegeEscalation } from '../../../src/checks/role/role-privilege-escalation.js';
import { PATHS } from '../../../src/iam/pathfinding-paths.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, customer, inline, ROLE_ARN, withPolicies } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(rolePrivilegeEscalation);

describe('role-privilege-escalation', () => {
  fires('a path split across two policies, naming the statements that complete it', () => {
    const snapshot = withPolicies(
      [customer('pass', [{ Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }])],
      [
        inline('deploy', [
          { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
        ]),
      ],
    );
    const [finding] = run(rolePrivilegeEscalation, snapshot);
    expect(finding).toMatchObject({ severity: 'critical', resource: ROLE_ARN });
    const paths = finding?.evidence.paths as {
      name: string;
      actions: string[];
      steps: { statements: { text: string }[] }[];
    }[];
    expect(paths.map((p) => p.name)).toEqual(['PassExistingRoleToNewLambdaThenInvoke']);
    expect(paths[0]?.actions).toEqual(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']);
    expect(paths[0]?.steps.map((s) => s.statements.map((r) => r.text))).toEqual([
      ['pass statement Pass'],
      ['deploy statement 0'],
      ['deploy statement 0'],
    ]);
    return run(rolePrivilegeEscalation, snapshot);
  });

  it('names each path with its pathfinding.cloud id in the finding text, so a reader can look it up', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('own', [
          { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: ROLE_ARN },
          {
            Effect: 'Allow',
            Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
            Resource: '*',
          },
        ]),
      ],
    );
    const [finding] = run(rolePrivilegeEscalation, snapshot);
    const paths = finding?.evidence.paths as { id: string | null; name: string }[];
    expect(paths.map((p) => p.name)).toEqual(
      expect.arrayContaining(['PutRolePolicy', 'PassExistingRoleToNewLambdaThenInvoke']),
    );
    for (const path of paths) {
      const id = PATHS.find((p) => p.name === path.name)?.id;
      expect(id).toMatch(/^[a-z-]+-\d{3}$/);
      expect(path.id).toBe(id);
      expect(finding?.detail).toContain(`${path.name} (pathfinding.cloud ${id})`);
    }
  });

  silent('does not fire for a basic execution role', () =>
    run(rolePrivilegeEscalation, withPolicies([attach(MANAGED.AWSLambdaBasicExecutionRole)])),
  );

  dataMissing('the role could not be read', roleUnread());
});
