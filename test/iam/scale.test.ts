/**
 * 500 functions sharing 50 roles: the IAM analysis runs once per distinct role and policy set, so
 * the whole role step of a scan takes well under a second once the catalog is loaded.
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/check.js';
import { checks } from '../../src/checks/index.js';
import { logsNoWritePermission } from '../../src/checks/logs/logs-no-write-permission.js';

import { analysesBuilt, permissionsForRole } from '../../src/iam/role-permissions.js';
import type { FunctionSnapshot, RoleSnapshot } from '../../src/model.js';
import { makeContext, makeSnapshot } from '../fixtures/snapshot.js';
import { MANAGED } from './fixtures/managed.js';
import { attach, customer, inline, makeRole } from './fixtures/role.js';

const roleChecks = checks.filter((c) => c.id.startsWith('role-'));

const POLICY_SETS = [
  [attach(MANAGED.AdministratorAccess)],
  [attach(MANAGED.PowerUserAccess)],
  [attach(MANAGED.AWSLambda_FullAccess), attach(MANAGED.AWSLambdaBasicExecutionRole)],
  [attach(MANAGED.AWSLambdaVPCAccessExecutionRole), attach(MANAGED.AmazonS3FullAccess)],
  [attach(MANAGED.AWSLambdaBasicExecutionRole), attach(MANAGED.AmazonDynamoDBFullAccess)],
];

function roles(): RoleSnapshot[] {
  return Array.from({ length: 50 }, (_, i) => {
    const name = `role-${i}`;
    return makeRole({
      Arn: `arn:aws:iam::123456789012:role/${name}`,
      RoleName: name,
      attachedPolicies: [
        ...POLICY_SETS[i % POLICY_SETS.length]!,
        customer(`${name}-extra`, [
          { Effect: 'Allow', Action: ['sqs:SendMessage', 'iam:PassRole'], Resource: '*' },
        ]),
      ],
      inlinePolicies: [
        inline(`${name}-inline`, [
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: `arn:aws:kms:eu-central-1:123456789012:key/${i}`,
          },
        ]),
      ],
    });
  });
}

function functions(all: RoleSnapshot[]): FunctionSnapshot[] {
  return Array.from({ length: 500 }, (_, i) => {
    const base = makeSnapshot();
    const name = `fn-${i}`;
    const role = all[i % all.length]!;
    return {
      ...base,
      configuration: {
        ...base.configuration,
        FunctionName: name,
        FunctionArn: `arn:aws:lambda:eu-central-1:123456789012:function:${name}`,
        Role: role.Arn,
        LoggingConfig: { LogGroup: `/aws/lambda/${name}` },
      },
      role,
    };
  });
}

describe('role analysis at scale', () => {
  it('audits 500 functions sharing 50 roles analysing each role once', () => {
    const checks = [...roleChecks, logsNoWritePermission];
    // Warm-up: the catalog loads once per process (~0.3 s), not per scan.
    runChecks(checks, functions(roles())[0]!, makeContext());
    const snapshots = functions(roles());
    const before = analysesBuilt();
    let findings = 0;
    for (const snapshot of snapshots) findings += runChecks(checks, snapshot, makeContext()).length;
    expect(findings).toBeGreaterThan(500);
    // One analysis per distinct policy set (49 new ones: role-0's was built by the warm-up).
    expect(analysesBuilt() - before).toBe(49);
  });
});

describe('role analysis lifetime', () => {
  it('analyses a role read once for every snapshot copying it, however many other roles come between', () => {
    // More distinct roles than the content cache keeps (100): only each read's own lists tie its
    // snapshots to its analysis, as a scan's functions of one role share their account's read.
    const reads = Array.from({ length: 150 }, (_, i) =>
      makeRole({
        Arn: `arn:aws:iam::123456789012:role/lifetime-${i}`,
        RoleName: `lifetime-${i}`,
        inlinePolicies: [inline('own', [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `${i}` }])],
      }),
    );
    const before = analysesBuilt();
    for (let pass = 0; pass < 3; pass++) {
      for (const read of reads) permissionsForRole({ ...read, usedBy: [`function-${pass}`] });
    }
    expect(analysesBuilt() - before).toBe(150);
  });
});
