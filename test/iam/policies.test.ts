/**
 * Realistic policy documents and the verdicts reasoned out for each (the comment on every row is
 * the reasoning). The role's policies are judged as a union by the real checks through the runner.
 * Codes: A role-admin, E role-privilege-escalation (paths listed), P role-passrole-wildcard,
 * S role-service-wildcard, R role-resource-exposure, D role-data-exfiltration,
 * C role-credentials-exposure, W role-write-wildcard-resource, L logs-no-write-permission.
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/check.js';
import { checks } from '../../src/checks/index.js';
import { logsNoWritePermission } from '../../src/checks/logs/logs-no-write-permission.js';
import { PATHS } from '../../src/iam/pathfinding-paths.js';
import type { AttachedManagedPolicy, InlinePolicy, PolicyStatement } from '../../src/model.js';
import { ACCOUNT, makeContext } from '../fixtures/snapshot.js';
import { MANAGED } from './fixtures/managed.js';
import { attach, customer, inline, ROLE_ARN, withPolicies } from './fixtures/role.js';

const roleChecks = checks.filter((c) => c.id.startsWith('role-'));

const CODES: Record<string, string> = {
  A: 'role-admin',
  E: 'role-privilege-escalation',
  P: 'role-passrole-wildcard',
  S: 'role-service-wildcard',
  R: 'role-resource-exposure',
  D: 'role-data-exfiltration',
  C: 'role-credentials-exposure',
  W: 'role-write-wildcard-resource',
  L: 'logs-no-write-permission',
};
const JUDGED = new Set(Object.values(CODES));

const LOGS = `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/lambda/orders-api`;
const basicLogs: PolicyStatement = {
  Sid: 'Logs',
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: `${LOGS}:*`,
};
const allow = (
  Action: string | string[],
  Resource: string | string[],
  extra: Partial<PolicyStatement> = {},
) => ({ Effect: 'Allow', Action, Resource, ...extra }) as PolicyStatement;
const deny = (Action: string | string[], Resource: string | string[], extra: Partial<PolicyStatement> = {}) =>
  ({ Effect: 'Deny', Action, Resource, ...extra }) as PolicyStatement;
const passedTo = (operator: string, value: string) => ({
  Condition: { [operator]: { 'iam:PassedToService': value } },
});

const SELF_POLICY = new Set(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion']);
/**
 * Every path a role completes with every action on every resource: all but the two self-escalations
 * that need a customer-managed policy attached to the role (none of these cases attaches one).
 */
const ALL_PATHS = PATHS.filter(
  (p) => p.category !== 'self' || !p.actions.some((a) => SELF_POLICY.has(a)),
).map((p) => p.name);
/** With IAM taken away (NotAction iam:*, Deny iam:*): the paths that need no IAM action. */
const NON_IAM_PATHS = PATHS.filter((p) => !p.actions.some((a) => a.startsWith('iam:'))).map((p) => p.name);

interface Case {
  name: string;
  attached?: AttachedManagedPolicy[];
  inline?: InlinePolicy[];
  fires: string;
  paths?: string[];
}

const cases: Case[] = [
  // `*` on `*` completes every path; W stays silent because role-admin reported everything.
  {
    name: 'AdministratorAccess',
    attached: [attach(MANAGED.AdministratorAccess)],
    fires: 'AEPSRDC',
    paths: ALL_PATHS,
  },
  // NotAction iam/organizations/account: whole services; UpdateFunctionCode and Glue remain as
  // paths, no PassRole; sts:AssumeRole on * mints credentials; iam:CreateServiceLinkedRole on * is a
  // write on * in a service that is not whole.
  {
    name: 'PowerUserAccess',
    attached: [attach(MANAGED.PowerUserAccess)],
    fires: 'ESRDCW',
    paths: NON_IAM_PATHS,
  },
  // lambda:* plus PassRole on * conditioned to lambda.amazonaws.com: the Lambda paths without
  // DynamoDB table creation; no logs:CreateLogStream/PutLogEvents at all, so the function is blind.
  {
    name: 'AWSLambda_FullAccess',
    attached: [attach(MANAGED.AWSLambda_FullAccess)],
    fires: 'EPSRL',
    paths: [
      'PassExistingRoleToNewLambdaThenInvoke',
      'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
      'EditExistingLambdaFunctionWithRole',
      'EditExistingLambdaFunctionThenInvoke',
      'EditExistingLambdaFunctionThenAddPermission',
      'PassExistingRoleToNewLambdaThenAddPermission',
    ],
  },
  // s3:* on *: whole service, PutBucketPolicy on every bucket, GetObject on every object; no logs.
  { name: 'AmazonS3FullAccess', attached: [attach(MANAGED.AmazonS3FullAccess)], fires: 'SRDL' },
  // Reads every object; no Get* is permissions management; no logs.
  { name: 'AmazonS3ReadOnlyAccess', attached: [attach(MANAGED.AmazonS3ReadOnlyAccess)], fires: 'DL' },
  // logs writes on `*` rather than on the function's own group.
  {
    name: 'AWSLambdaBasicExecutionRole',
    attached: [attach(MANAGED.AWSLambdaBasicExecutionRole)],
    fires: 'W',
  },
  // ENI creation and logs on `*`.
  {
    name: 'AWSLambdaVPCAccessExecutionRole',
    attached: [attach(MANAGED.AWSLambdaVPCAccessExecutionRole)],
    fires: 'W',
  },
  // logs:* on arn:aws:logs:*:*:* is a whole service; its permissions-management actions
  // (Put/DeleteResourcePolicy) take only `*` in the catalog, so an ARN pattern grants them nothing:
  // no R. s3:GetObject/PutObject on arn:aws:s3:::* read and write every object.
  { name: 'AWSLambdaExecute', attached: [attach(MANAGED.AWSLambdaExecute)], fires: 'SDW' },
  // lambda:InvokeFunction on every function; no logs.
  { name: 'AWSLambdaRole', attached: [attach(MANAGED.AWSLambdaRole)], fires: 'WL' },
  // Queue polling on `*` plus logs on `*`.
  {
    name: 'AWSLambdaSQSQueueExecutionRole',
    attached: [attach(MANAGED.AWSLambdaSQSQueueExecutionRole)],
    fires: 'W',
  },
  // X-Ray writes take only `*` (nothing to scope), so no W; but no logs.
  { name: 'AWSXRayDaemonWriteAccess', attached: [attach(MANAGED.AWSXRayDaemonWriteAccess)], fires: 'L' },
  // Tightly scoped: logs on its own group's streams, one prefix, one table.
  {
    name: 'tightly scoped policy',
    inline: [
      inline('orders', [
        basicLogs,
        allow('s3:GetObject', 'arn:aws:s3:::orders-bucket/incoming/*'),
        allow(
          ['dynamodb:GetItem', 'dynamodb:PutItem'],
          `arn:aws:dynamodb:eu-central-1:${ACCOUNT}:table/orders`,
        ),
      ]),
    ],
    fires: '',
  },
  // The group ARN without `:*` names no log stream: CreateLogStream/PutLogEvents are not allowed.
  {
    name: 'logs on the group ARN without :*',
    inline: [inline('logs', [allow(['logs:CreateLogStream', 'logs:PutLogEvents'], LOGS)])],
    fires: 'L',
  },
  // Another function's log group.
  {
    name: 'logs on another function’s group',
    inline: [inline('logs', [allow(['logs:CreateLogStream', 'logs:PutLogEvents'], `${LOGS}-old:*`)])],
    fires: 'L',
  },
  // Only PutLogEvents: CreateLogStream is missing.
  {
    name: 'logs without CreateLogStream',
    inline: [inline('logs', [allow('logs:PutLogEvents', `${LOGS}:*`)])],
    fires: 'L',
  },
  // NotAction with Allow: everything but IAM is whole services; Lambda and Glue paths remain.
  {
    name: 'NotAction iam:* on *',
    inline: [inline('not-iam', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }])],
    fires: 'ESRDC',
    paths: NON_IAM_PATHS,
  },
  // NotAction listing only S3 and logs: every other service is whole, including iam -> all
  // IAM-only paths; the PassRole paths too (iam:PassRole is not excluded). logs:* is excluded, so
  // the function cannot write its logs.
  {
    name: 'NotAction s3 and logs on *',
    inline: [inline('not-s3', [{ Effect: 'Allow', NotAction: ['s3:*', 'logs:*'], Resource: '*' }])],
    fires: 'EPSRDCL',
    paths: ALL_PATHS,
  },
  // AdministratorAccess with an unconditional Deny iam:* on *: the Deny removes a whole service,
  // so no role-admin (effective permissions); only non-IAM paths survive; no PassRole.
  {
    name: 'AdministratorAccess with Deny iam:*',
    attached: [attach(MANAGED.AdministratorAccess)],
    inline: [inline('deny-iam', [deny('iam:*', '*')])],
    fires: 'ESRDC',
    paths: NON_IAM_PATHS,
  },
  // A Deny on some roles does not cover `*`: PutRolePolicy on * remains.
  {
    name: 'scoped Deny narrower than the Allow',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PutRolePolicy', '*'),
        deny('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/admin-*`),
      ]),
    ],
    fires: 'ER',
    paths: ['PutRolePolicy'],
  },
  // The Deny covers every role, hence the Allow on the role itself: nothing is left.
  {
    name: 'scoped Deny covering the Allow',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PutRolePolicy', ROLE_ARN),
        deny('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/*`),
      ]),
    ],
    fires: '',
  },
  // A conditional Deny is not definitive: the escalation stands.
  {
    name: 'conditional Deny',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PutRolePolicy', '*'),
        deny('iam:*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
      ]),
    ],
    fires: 'ER',
    paths: ['PutRolePolicy'],
  },
  // PassRole on * with no condition, plus creating and invoking functions.
  {
    name: 'PassRole without iam:PassedToService',
    inline: [
      inline('p', [
        basicLogs,
        allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], '*'),
      ]),
    ],
    fires: 'EP',
    paths: ['PassExistingRoleToNewLambdaThenInvoke'],
  },
  // PassRole only to EC2 cannot create a Lambda with the role; no RunInstances: no path. The
  // Lambda writes on * are then plain writes on *.
  {
    name: 'PassRole passed only to EC2',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PassRole', '*', passedTo('StringEquals', 'ec2.amazonaws.com')),
        allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*'),
      ]),
    ],
    fires: 'PW',
  },
  // PassRole to Lambda with CreateFunction and InvokeFunction completes the path.
  {
    name: 'PassRole passed to Lambda',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PassRole', '*', passedTo('StringEquals', 'lambda.amazonaws.com')),
        allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*'),
      ]),
    ],
    fires: 'EP',
    paths: ['PassExistingRoleToNewLambdaThenInvoke'],
  },
  // StringLike ec2.* reaches ec2.amazonaws.com; with RunInstances on * that is the EC2 path.
  {
    name: 'PassRole StringLike ec2.* with RunInstances',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PassRole', '*', passedTo('StringLike', 'ec2.*')),
        allow('ec2:RunInstances', '*'),
      ]),
    ],
    fires: 'EP',
    paths: ['CreateEC2WithExistingIP'],
  },
  // StringNotEquals lambda: passes to every other service, so CloudFormation works.
  {
    name: 'PassRole to all but Lambda with CreateStack',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PassRole', '*', passedTo('StringNotEquals', 'lambda.amazonaws.com')),
        allow('cloudformation:CreateStack', '*'),
      ]),
    ],
    fires: 'EP',
    paths: ['PassExistingRoleToCloudFormation'],
  },
  // PassRole of one specific role is not "any role" (no P), but it is a role other than the
  // function's own, and CreateFunction/InvokeFunction on * name new functions: lambda-001. The
  // Lambda writes are reported by the escalation, so no W.
  {
    name: 'PassRole on one role ARN',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/worker`),
        allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*'),
      ]),
    ],
    fires: 'E',
    paths: ['PassExistingRoleToNewLambdaThenInvoke'],
  },
  // Split across two policies: PassRole in a customer policy, the Lambda actions inline.
  {
    name: 'escalation split across two policies',
    attached: [attach(MANAGED.AWSLambdaBasicExecutionRole), customer('pass', [allow('iam:PassRole', '*')])],
    inline: [
      inline('deploy', [
        allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], 'arn:aws:lambda:*:*:function:*'),
      ]),
    ],
    fires: 'EPW',
    paths: ['PassExistingRoleToNewLambdaThenInvoke'],
  },
  // iam:Put* expands to the three Put*Policy paths (plus boundaries, permissions management);
  // iam:PutAccountProperties takes only `*`, so nothing is left for W.
  {
    name: 'iam:Put* on *',
    inline: [inline('p', [basicLogs, allow('iam:Put*', '*')])],
    fires: 'ER',
    paths: ['PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy'],
  },
  // The role may rewrite its own inline policy: escalation without touching any other resource.
  {
    name: 'PutRolePolicy on its own ARN',
    inline: [inline('p', [basicLogs, allow('iam:PutRolePolicy', ROLE_ARN)])],
    fires: 'E',
    paths: ['PutRolePolicy'],
  },
  // Another, specific role: a specific unrelated ARN does not complete the path.
  {
    name: 'PutRolePolicy on another role',
    inline: [inline('p', [basicLogs, allow('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/other`)])],
    fires: '',
  },
  // A new version of a customer policy attached to the role itself.
  {
    name: 'CreatePolicyVersion on its own customer policy',
    attached: [
      customer('orders-api-policy', [
        basicLogs,
        allow('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/orders-api-policy`),
      ]),
    ],
    fires: 'E',
    paths: ['CreateNewPolicyVersion'],
  },
  // Every customer policy of the account: permissions management on *. No escalation: no
  // customer-managed policy is attached to the role (iam-001 is self-escalation), and iam-016
  // also needs sts:AssumeRole.
  {
    name: 'CreatePolicyVersion on policy/*',
    inline: [inline('p', [basicLogs, allow('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/*`)])],
    fires: 'R',
  },
  // Every function of every region: edit any function and run as its role.
  {
    name: 'UpdateFunctionCode on function:*',
    inline: [inline('p', [basicLogs, allow('lambda:UpdateFunctionCode', 'arn:aws:lambda:*:*:function:*')])],
    fires: 'E',
    paths: ['EditExistingLambdaFunctionWithRole'],
  },
  // Its own function only: same role, no escalation; not on * either.
  {
    name: 'UpdateFunctionCode on itself',
    inline: [
      inline('p', [
        basicLogs,
        allow('lambda:UpdateFunctionCode', `arn:aws:lambda:eu-central-1:${ACCOUNT}:function:orders-api`),
      ]),
    ],
    fires: '',
  },
  // Bucket wildcard covers every object.
  {
    name: 's3:GetObject on arn:aws:s3:::*',
    inline: [inline('p', [basicLogs, allow('s3:GetObject', 'arn:aws:s3:::*')])],
    fires: 'D',
  },
  {
    name: 's3:GetObject on arn:aws:s3:::*/*',
    inline: [inline('p', [basicLogs, allow('s3:GetObject', 'arn:aws:s3:::*/*')])],
    fires: 'D',
  },
  // kms:Decrypt is a Write-level action; reported by D, so W stays silent.
  { name: 'kms:Decrypt on *', inline: [inline('p', [basicLogs, allow('kms:Decrypt', '*')])], fires: 'D' },
  // One secret: fine.
  {
    name: 'GetSecretValue on one secret',
    inline: [
      inline('p', [
        basicLogs,
        allow(
          'secretsmanager:GetSecretValue',
          `arn:aws:secretsmanager:eu-central-1:${ACCOUNT}:secret:orders-db-AbCdEf`,
        ),
      ]),
    ],
    fires: '',
  },
  // Region-pinned wildcard is scoped (every parameter of one region), not "on *".
  {
    name: 'ssm:GetParameter on one region’s parameters',
    inline: [
      inline('p', [basicLogs, allow('ssm:GetParameter', `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/*`)]),
    ],
    fires: '',
  },
  // Assume any role: credentials (reported by C, so no W), and pathfinding's sts-001.
  {
    name: 'sts:AssumeRole on *',
    inline: [inline('p', [basicLogs, allow('sts:AssumeRole', '*')])],
    fires: 'CE',
    paths: ['AssumeRole'],
  },
  // Assume every role of every account via role/*.
  {
    name: 'sts:AssumeRole on arn:aws:iam::*:role/*',
    inline: [inline('p', [basicLogs, allow('sts:AssumeRole', 'arn:aws:iam::*:role/*')])],
    fires: 'CE',
    paths: ['AssumeRole'],
  },
  // One named role to assume is ordinary.
  {
    name: 'sts:AssumeRole on one role',
    inline: [inline('p', [basicLogs, allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/reader`)])],
    fires: '',
  },
  // Access keys for every user: credentials and the CreateAccessKey path.
  {
    name: 'CreateAccessKey on user/*',
    inline: [inline('p', [basicLogs, allow('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/*`)])],
    fires: 'EC',
    paths: ['CreateAccessKey'],
  },
  // One user: credentials still returned, but a specific user is not the escalation path.
  {
    name: 'CreateAccessKey on one user',
    inline: [inline('p', [basicLogs, allow('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/ci`)])],
    fires: 'C',
  },
  // Routine for image pulls; deliberately not reported.
  {
    name: 'ecr:GetAuthorizationToken on *',
    inline: [inline('p', [basicLogs, allow('ecr:GetAuthorizationToken', '*')])],
    fires: '',
  },
  // An S3 action on a DynamoDB ARN cannot apply: it grants nothing. role-service-wildcard is about
  // the Action element, whatever the resource, so S still fires.
  {
    name: 's3:* on a DynamoDB table ARN',
    inline: [
      inline('p', [basicLogs, allow('s3:*', `arn:aws:dynamodb:eu-central-1:${ACCOUNT}:table/orders`)]),
    ],
    fires: 'S',
  },
  // A service wildcard on one table: still the whole service (incl. DeleteTable), but not on *.
  {
    name: 'dynamodb:* on one table',
    inline: [
      inline('p', [basicLogs, allow('dynamodb:*', `arn:aws:dynamodb:eu-central-1:${ACCOUNT}:table/orders`)]),
    ],
    fires: 'S',
  },
  // `*` on `*` under a condition is not role-admin, but grants everything when it applies.
  {
    name: '* on * with a region condition',
    inline: [
      inline('p', [
        allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-central-1' } } }),
      ]),
    ],
    fires: 'EPSRDC',
    paths: ALL_PATHS,
  },
  // NotResource counts as on *.
  {
    name: 's3:* with NotResource',
    inline: [
      inline('p', [
        basicLogs,
        { Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret-bucket/*' },
      ]),
    ],
    fires: 'SRD',
  },
  // An inline `*:*` on `*` without a condition is admin.
  { name: 'inline *:* on *', inline: [inline('p', [allow('*:*', '*')])], fires: 'AEPSRDC', paths: ALL_PATHS },
  // Deny of all writes to IAM by NotResource nothing: Deny iam:Put* on * kills the Put paths but
  // not AttachRolePolicy.
  {
    name: 'iam:* with Deny iam:Put*',
    inline: [
      inline('p', [
        basicLogs,
        allow(['iam:AttachRolePolicy', 'iam:PutRolePolicy'], '*'),
        deny('iam:Put*', '*'),
      ]),
    ],
    fires: 'ER',
    paths: ['AttachRolePolicy'],
  },
  // Glue dev endpoint: CreateDevEndpoint takes only `*`; PassRole to glue.
  {
    name: 'PassRole to Glue with CreateDevEndpoint',
    inline: [
      inline('p', [
        basicLogs,
        allow('iam:PassRole', '*', passedTo('StringEquals', 'glue.amazonaws.com')),
        allow('glue:CreateDevEndpoint', '*'),
      ]),
    ],
    fires: 'EP',
    paths: ['PassExistingRoleToNewGlueDevEndpoint'],
  },
];

describe('verdicts on realistic policy documents', () => {
  it('has at least 40 documents', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$name fires [$fires]', (c) => {
    const snapshot = withPolicies(c.attached ?? [], c.inline ?? []);
    const findings = runChecks([...roleChecks, logsNoWritePermission], snapshot, makeContext());
    const fired = findings.filter((f) => JUDGED.has(f.check)).map((f) => f.check);
    const expected = [...c.fires].map((code) => CODES[code]!);
    expect(fired.sort()).toEqual(expected.sort());
    const escalation = findings.find((f) => f.check === 'role-privilege-escalation');
    const paths = ((escalation?.evidence.paths as { name: string }[] | undefined) ?? []).map((p) => p.name);
    expect(paths.sort()).toEqual([...(c.paths ?? [])].sort());
  });
});
