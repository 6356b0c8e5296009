/**
 * The defects of issue 12 and the resolved role details of checks.md, each with one minimal
 * policy and the verdict reasoned from AWS's documented evaluation logic (IAM User Guide, "Policy
 * evaluation logic" and "IAM JSON policy elements: Resource / NotResource / Condition").
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/check.js';
import { checks } from '../../src/checks/index.js';
import type { Finding, PolicyStatement } from '../../src/model.js';
import { ACCOUNT, makeContext } from '../fixtures/snapshot.js';
import { MANAGED } from './fixtures/managed.js';
import { attach, customer, inline, ROLE_ARN, withPolicies } from './fixtures/role.js';

const roleChecks = checks.filter((c) => c.id.startsWith('role-'));

function findings(statements: PolicyStatement[], attached = [attach(MANAGED.AWSLambdaBasicExecutionRole)]) {
  return runChecks(roleChecks, withPolicies(attached, [inline('p', statements)]), makeContext());
}
const ids = (fs: Finding[]) => fs.map((f) => f.check).sort();
const paths = (fs: Finding[]) =>
  ((fs.find((f) => f.check === 'role-privilege-escalation')?.evidence.paths as { id: string }[]) ?? []).map(
    (p) => p.id,
  );
const actionsOf = (fs: Finding[], check: string) =>
  (fs.find((f) => f.check === check)?.evidence.actions as string[] | undefined) ?? [];

describe('issue 12 defects', () => {
  // 1. GetSecretValue authorises the `secret` resource type, whose ARN format is
  // arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}. The pattern names every
  // secret of every region and account, so the action is granted on every resource of its type.
  it('looks resource types up case-insensitively: GetSecretValue on every secret is exfiltration', () => {
    const fs = findings([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: 'arn:aws:secretsmanager:*:*:secret:*',
      },
    ]);
    expect(actionsOf(fs, 'role-data-exfiltration')).toEqual(['secretsmanager:GetSecretValue']);
  });

  // 2. PassRole authorises only the `role` type. An explicit Deny on every role overrides any
  // Allow ("an explicit deny in any policy overrides any allow"), so the Allow on `*` leaves no
  // resource PassRole can act on.
  it('subtracts a Deny per resource type: Deny on role/* removes PassRole on *', () => {
    const fs = findings([
      {
        Effect: 'Allow',
        Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
        Resource: '*',
      },
      { Effect: 'Deny', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' },
    ]);
    expect(ids(fs)).not.toContain('role-passrole-wildcard');
    expect(paths(fs)).toEqual([]);
  });

  // AWS passes only roles of the caller's own account; denied all of those, PassRole on `*` can
  // pass nothing (the roles of other accounts it still names are unreachable).
  it('a Deny of every role of the account leaves no PassRole on *', () => {
    const fs = findings([
      {
        Effect: 'Allow',
        Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
        Resource: '*',
      },
      { Effect: 'Deny', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
    ]);
    expect(ids(fs)).not.toContain('role-passrole-wildcard');
    expect(paths(fs)).toEqual([]);
  });

  // 3. NotResource matches every resource except those listed. Every PassRole request names a
  // role ARN, all of which the list excludes: the statement never applies to PassRole.
  it('reads NotResource as what it leaves: NotResource role/* passes no role', () => {
    const fs = findings([
      { Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::*:role/*' },
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
    ]);
    expect(ids(fs)).not.toContain('role-passrole-wildcard');
    expect(paths(fs)).toEqual([]);
  });

  // 4. CreateAccessKey authorises `user` (arn:...:iam::${Account}:user/${UserNameWithPath}). The
  // pattern's resource field is `policy/*`, which no user ARN matches: the grant is only real for
  // the policy actions of iam:Create* (CreatePolicy, CreatePolicyVersion), on AWS's namespace.
  it('matches ARNs field by field: iam:Create* on AWS-managed policies grants no CreateAccessKey', () => {
    const fs = findings([{ Effect: 'Allow', Action: 'iam:Create*', Resource: 'arn:aws:iam::aws:policy/*' }]);
    expect(ids(fs)).not.toContain('role-credentials-exposure');
    expect(paths(fs)).toEqual([]);
  });

  // 5. CreateFunction and InvokeFunction authorise `function`; the attacker creates the function,
  // so picks a name matching `orders-*`, then passes any role of the account to Lambda.
  it.each(['arn:aws:lambda:*:*:function:*', `arn:aws:lambda:eu-central-1:${ACCOUNT}:function:orders-*`])(
    'completes lambda-001 with the companions on %s',
    (resource) => {
      const fs = findings([
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
        { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: resource },
      ]);
      expect(paths(fs)).toContain('lambda-001');
    },
  );

  // The function created must be the one invoked: names in `orders-*` and `billing-*` never meet.
  it('needs the companions to agree on the name the attacker picks', () => {
    const fs = findings([
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: 'arn:aws:lambda:*:*:function:orders-*' },
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:*:*:function:billing-*' },
    ]);
    expect(paths(fs)).not.toContain('lambda-001');
  });
});

describe('resolved role details', () => {
  // A role session has no aws:username, so the variable resolves to nothing and the pattern
  // matches no request ("if the key is not present, the policy element does not match").
  it('grants a role session nothing on resources named by the aws:username variable', () => {
    const fs = findings([
      {
        Effect: 'Allow',
        Action: 'iam:CreateAccessKey',
        Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
      },
    ]);
    expect(ids(fs)).not.toContain('role-credentials-exposure');
  });

  // Another variable is one value (the session's own), not every user: it may apply, but not on *.
  it('reads another variable as one unknown value: applies, but not to every resource', () => {
    const fs = findings([
      {
        Effect: 'Allow',
        Action: 'iam:CreateAccessKey',
        Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:PrincipalTag/u}`,
      },
    ]);
    expect(ids(fs)).toContain('role-credentials-exposure');
    expect(paths(fs)).toEqual([]);
  });

  // Lambda assumes the role without MFA: aws:MultiFactorAuthPresent is false and
  // aws:MultiFactorAuthAge is absent, so these conditions never match.
  it.each<PolicyStatement['Condition']>([
    { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  ])('an Allow under an MFA condition grants nothing (%o)', (Condition) => {
    const fs = findings([{ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*', Condition }]);
    expect(paths(fs)).toEqual([]);
  });

  // A conditioned Deny may not apply to the request: it is not definitive and subtracts nothing.
  it('a conditioned Deny subtracts nothing', () => {
    const fs = findings([
      { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: ROLE_ARN },
      {
        Effect: 'Deny',
        Action: 'iam:PutRolePolicy',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-central-1' } },
      },
    ]);
    expect(paths(fs)).toEqual(['iam-005']);
  });

  // iam:PolicyARN names the policy being attached. ReadOnlyAccess grants no escalation; a
  // customer-managed policy can be rewritten (and AdministratorAccess is everything).
  it.each([
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', []],
    [`arn:aws:iam::${ACCOUNT}:policy/*`, ['iam-009']],
    ['arn:aws:iam::aws:policy/AdministratorAccess', ['iam-009']],
  ])('honours iam:PolicyARN %s on AttachRolePolicy', (policy, expected) => {
    const fs = findings([
      {
        Effect: 'Allow',
        Action: 'iam:AttachRolePolicy',
        Resource: ROLE_ARN,
        Condition: { ArnEquals: { 'iam:PolicyARN': policy } },
      },
    ]);
    expect(paths(fs)).toEqual(expected);
  });

  // RunInstances authorises the instance and the image, network interface, security group, subnet
  // and volume it uses; allowed on the instance alone, the launch fails.
  it('needs every resource type of ec2:RunInstances', () => {
    const only = findings([
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*:*:instance/*' },
    ]);
    expect(paths(only)).toEqual([]);
    const all = findings([{ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }]);
    expect(paths(all)).toEqual(['ec2-001']);
  });

  // Changing its own trust policy gives the role nothing it lacks; it lets outsiders in.
  it('UpdateAssumeRolePolicy on its own role is resource exposure, not escalation', () => {
    const fs = findings([{ Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: ROLE_ARN }]);
    expect(paths(fs)).toEqual([]);
    expect(actionsOf(fs, 'role-resource-exposure')).toEqual(['iam:UpdateAssumeRolePolicy']);
  });

  // GetRoleCredentials is authorised by an SSO portal bearer token, not by IAM policies.
  it('does not report sso:GetRoleCredentials as credentials', () => {
    const fs = findings([{ Effect: 'Allow', Action: 'sso:GetRoleCredentials', Resource: '*' }]);
    expect(ids(fs)).not.toContain('role-credentials-exposure');
  });

  // With every IAM action denied the role can do everything but IAM: not an administrator.
  it('role-admin judges effective permissions: a Deny of a whole service leaves no admin', () => {
    const fs = runChecks(
      roleChecks,
      withPolicies(
        [attach(MANAGED.AdministratorAccess)],
        [inline('d', [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }])],
      ),
      makeContext(),
    );
    expect(ids(fs)).not.toContain('role-admin');
    expect(ids(fs)).toContain('role-service-wildcard');
  });

  // CreatePolicyVersion replaces the document of a customer-managed policy attached to the role.
  it('completes iam-001 on an attached customer policy, never on the AWS namespace', () => {
    const own = customer('orders-extra', [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }]);
    const onOwn = findings(
      [{ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: own.PolicyArn }],
      [own],
    );
    expect(paths(onOwn)).toEqual(['iam-001']);
    const onAws = findings(
      [{ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::aws:policy/*' }],
      [own],
    );
    expect(paths(onAws)).toEqual([]);
  });
});
