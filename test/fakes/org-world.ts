/**
 * A small organization for the multi-account tests: a management account (the bot's own), a
 * member whose audit role trusts it with an ExternalId and that has an opt-in region enabled, a
 * member whose role cannot be assumed, a suspended one and one to exclude; two nested OUs.
 */
import { type AuditReport, type ScanReport, summarise } from '../../src/model.js';
import type { World, WorldAccount, WorldFunction } from './aws/index.js';

export const REGION = 'eu-central-1';
/** An opt-in region, enabled in MEMBER only. */
export const OPT_IN = 'ap-east-1';
export const MANAGEMENT = '111111111111';
export const MEMBER = '222222222222';
/** Its audit role is missing: AssumeRole is refused. */
export const LOCKED = '333333333333';
export const SUSPENDED = '444444444444';
export const EXCLUDED = '555555555555';
export const ROLE_NAME = 'lambda-audit';
export const EXTERNAL_ID = 'org-audit-5c1d';
export const ROOT = 'r-ab12';
/** MEMBER and SUSPENDED sit here; LOCKED in its child OU_TEAM. */
export const OU_APPS = 'ou-ab12-apps0001';
export const OU_TEAM = 'ou-ab12-team0001';
/** The management account's static key: the fake serves it as MANAGEMENT. */
export const MANAGEMENT_CREDENTIALS = { accessKeyId: `AKIA${MANAGEMENT}XXXX`, secretAccessKey: 'test' };

export const fnArn = (account: string, region: string, name: string) =>
  `arn:aws:lambda:${region}:${account}:function:${name}`;

function fn(name: string, account: string): WorldFunction {
  return {
    Configuration: {
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${account}:role/${name}`,
    },
  };
}

/** An account with one function per region, all of them enabled, and the audit role unless `locked`. */
function account(id: string, regions: readonly string[], locked = false): WorldAccount {
  return {
    enabledRegions: [...regions],
    regions: Object.fromEntries(
      regions.map((r) => [r, { functions: [fn(`fn-${id.slice(0, 3)}-${r}`, id)] }]),
    ),
    iam: {
      roles: locked
        ? []
        : [
            {
              RoleName: ROLE_NAME,
              AssumeRolePolicyDocument: trustOfManagement(MANAGEMENT, EXTERNAL_ID),
            },
          ],
    },
  };
}

/** The member role's trust policy: the management account may assume it (with the ExternalId, when given). */
export function trustOfManagement(management: string, externalId?: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${management}:root` },
        Action: 'sts:AssumeRole',
        ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}),
      },
    ],
  };
}

/** Quotas high enough that the organization tests never wait on them. */
export const ORG_QUOTAS = {
  'lambda:*': 2000,
  'iam:*': 2000,
  'logs:*': 2000,
  'sts:*': 2000,
  'organizations:*': 2000,
};

/** The environment of an organization scan over orgWorld(). */
export const ORG_ENV = {
  AWS_REGION: REGION,
  AUDIT_ORG_ROLE_NAME: ROLE_NAME,
  AUDIT_EXTERNAL_ID: EXTERNAL_ID,
  AUDIT_REGIONS: 'all',
};

export function orgWorld(): World {
  return {
    defaultAccount: MANAGEMENT,
    accounts: {
      [MANAGEMENT]: account(MANAGEMENT, [REGION], true),
      [MEMBER]: account(MEMBER, [REGION, OPT_IN]),
      [LOCKED]: account(LOCKED, [REGION], true),
      [SUSPENDED]: account(SUSPENDED, [REGION]),
      [EXCLUDED]: account(EXCLUDED, [REGION]),
    },
    organization: {
      Id: 'o-ab12cd34ef',
      RootId: ROOT,
      ManagementAccountId: MANAGEMENT,
      units: [
        { Id: OU_APPS, Name: 'apps' },
        { Id: OU_TEAM, Name: 'team', ParentId: OU_APPS },
      ],
      accounts: [
        { Id: MANAGEMENT, Name: 'management' },
        { Id: MEMBER, Name: 'payments', ParentId: OU_APPS },
        { Id: LOCKED, Name: 'locked', ParentId: OU_TEAM },
        { Id: SUSPENDED, Name: 'old', ParentId: OU_APPS, State: 'SUSPENDED' },
        { Id: EXCLUDED, Name: 'sandbox' },
      ],
    },
  };
}

/** The units a scan of orgWorld() forms with AUDIT_REGIONS=all and EXCLUDED left out (LOCKED's refuses). */
export const ORG_UNITS = [
  { account: MANAGEMENT, region: REGION },
  { account: MEMBER, region: REGION },
  { account: MEMBER, region: OPT_IN },
  { account: LOCKED, region: '*' },
] as const;

/** A function's result as another replica kept it in the store; `extra` marks it (a gap, a finding). */
export function keptReport(
  account: string,
  region: string,
  name: string,
  extra: Pick<AuditReport, 'findings' | 'unverified'>,
): AuditReport {
  const arn = fnArn(account, region, name);
  return {
    function: { name, arn, region, accountId: account, runtime: 'nodejs20.x' },
    ...extra,
    triggers: [],
    paths: [],
    exposure: 'none',
    role: { arn: `arn:aws:iam::${account}:role/${name}`, sharedWith: 1 },
    logs: { group: `/aws/lambda/${name}`, exists: null, searched: null },
    generatedAt: '2026-03-02T09:00:00.000Z',
  };
}

/** A unit's result with no function in it, as a replica that finished it kept it. */
export const emptyUnit = (region: string): ScanReport => ({
  functions: [],
  summary: summarise([], { regions: [region], failed: [] }),
});
