import { describe, expect, it } from 'vitest';
import { serviceActions, serviceKeys } from '../../src/iam/catalog.js';
import { functionNeeds } from '../../src/iam/function-needs.js';
import { proposeLeastPrivilege } from '../../src/iam/least-privilege.js';
import type { PolicyStatement, ServiceLastAccessed } from '../../src/model.js';
import { ACCOUNT, makeSnapshot } from '../fixtures/snapshot.js';
import { MANAGED } from './fixtures/managed.js';
import { attach, inline, makeRole } from './fixtures/role.js';

const NOW = new Date('2026-11-24T09:00:00Z');
const USED = '2026-11-20T12:00:00Z';
const STREAMS = `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/lambda/orders-api:*`;
const PREFIX = 'arn:aws:s3:::reports-bucket/incoming/*';

/**
 * IAM's ACTION_LEVEL answer for an AdministratorAccess role: every service listed; only S3 and
 * CloudWatch Logs authenticated; S3 and Logs tracked per action, with GetObject and the two log
 * writes used.
 */
function adminLastAccessed(): ServiceLastAccessed[] {
  const used: Record<string, string[]> = { s3: ['getobject'], logs: ['createlogstream', 'putlogevents'] };
  return serviceKeys().map((service) => {
    const usedActions = used[service];
    if (!usedActions) return { ServiceName: service, ServiceNamespace: service };
    return {
      ServiceName: service,
      ServiceNamespace: service,
      LastAuthenticated: USED,
      TrackedActionsLastAccessed: serviceActions(service).map((a) => ({
        ActionName: a.name,
        ...(usedActions.includes(a.name.toLowerCase()) ? { LastAccessedTime: USED } : {}),
      })),
    };
  });
}

/** A function with no VPC, DLQ or tracing: its only configuration need is writing its logs. */
const plainFunction = () => {
  const snapshot = makeSnapshot();
  const { VpcConfig: _v, DeadLetterConfig: _d, TracingConfig: _t, ...configuration } = snapshot.configuration;
  return { ...snapshot, configuration };
};

const statements = (p: { policy: { Statement: PolicyStatement | PolicyStatement[] } }) =>
  [p.policy.Statement].flat();

describe('least-privilege proposal', () => {
  it('reduces AdministratorAccess to the used S3 read and the log writes, and lists what goes', () => {
    const role = makeRole({
      attachedPolicies: [attach(MANAGED.AdministratorAccess)],
      lastAccessed: {
        JobType: 'ACTION_LEVEL',
        JobStatus: 'COMPLETED',
        ServicesLastAccessed: adminLastAccessed(),
      },
    });
    const proposal = proposeLeastPrivilege(role, {
      now: NOW,
      needs: functionNeeds(plainFunction(), [PREFIX]),
    });

    expect(proposal.confidence).toBe('high');
    expect(statements(proposal)).toEqual([
      {
        Sid: 'LeastPrivilege1',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [STREAMS],
      },
      { Sid: 'LeastPrivilege2', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [PREFIX] },
    ]);
    const removed = proposal.removedServices.map((s) => s.service);
    expect(removed).toEqual(expect.arrayContaining(['iam', 'ec2', 'dynamodb', 'lambda', 'sts']));
    expect(removed).not.toContain('s3');
    expect(proposal.removedActions).toContainEqual({
      action: 's3:PutObject',
      lastUsed: null,
      reason: 'unused',
    });
    expect(proposal.diff).toContain('Removed services');
    expect(proposal.diff).toContain('  - iam (iam): never used');
    expect(proposal.diff).toContain('  - s3:DeleteBucket: never used, not within 90 days');
    expect(proposal.diff).toContain(`  + s3:GetObject on ${PREFIX} (last used 2026-11-20)`);
    expect(proposal.diff).toContain(`  + logs:PutLogEvents on ${STREAMS} (writing its logs)`);
  });

  it('keeps untracked actions of used services, flagged, but never PassRole or escalation actions', () => {
    const role = makeRole({
      inlinePolicies: [
        inline('p', [
          {
            Effect: 'Allow',
            Action: ['sqs:SendMessage', 'iam:PassRole', 'iam:PutRolePolicy'],
            Resource: '*',
          },
        ]),
      ],
      attachedPolicies: [],
      lastAccessed: {
        JobType: 'ACTION_LEVEL',
        JobStatus: 'COMPLETED',
        ServicesLastAccessed: [
          { ServiceName: 'Amazon SQS', ServiceNamespace: 'sqs', LastAuthenticated: USED },
          { ServiceName: 'IAM', ServiceNamespace: 'iam', LastAuthenticated: USED },
        ],
      },
    });
    const proposal = proposeLeastPrivilege(role, { now: NOW, needs: functionNeeds(plainFunction()) });
    expect(proposal.kept.map((k) => [k.action, k.reason])).toEqual([['sqs:SendMessage', 'untracked']]);
    expect(proposal.removedActions.map((a) => [a.action, a.reason])).toEqual([
      ['iam:PassRole', 'passrole'],
      ['iam:PutRolePolicy', 'escalation'],
    ]);
    expect(proposal.caveats.join(' ')).toContain('review them by hand');
    // Logs are not granted at all: named, never added.
    expect(proposal.notGranted.map((n) => n.action)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('keeps PassRole observed in use, with its iam:PassedToService condition', () => {
    const condition = { StringEquals: { 'iam:PassedToService': 'states.amazonaws.com' } };
    const role = makeRole({
      inlinePolicies: [
        inline('p', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: condition }]),
      ],
      attachedPolicies: [],
      lastAccessed: {
        JobType: 'ACTION_LEVEL',
        JobStatus: 'COMPLETED',
        ServicesLastAccessed: [
          {
            ServiceName: 'IAM',
            ServiceNamespace: 'iam',
            LastAuthenticated: USED,
            TrackedActionsLastAccessed: [{ ActionName: 'PassRole', LastAccessedTime: USED }],
          },
        ],
      },
    });
    const proposal = proposeLeastPrivilege(role, { now: NOW, needs: functionNeeds(plainFunction()) });
    expect(statements(proposal)).toEqual([
      {
        Sid: 'LeastPrivilege1',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: ['*'],
        Condition: condition,
      },
    ]);
  });

  it('keeps what the configuration needs: ENIs on *, DLQ, KMS key, event source, tracing', () => {
    const snapshot = makeSnapshot({
      eventSourceMappings: [{ UUID: 'u', EventSourceArn: `arn:aws:sqs:eu-central-1:${ACCOUNT}:orders-in` }],
    });
    const withKey = {
      ...snapshot,
      configuration: { ...snapshot.configuration, KMSKeyArn: `arn:aws:kms:eu-central-1:${ACCOUNT}:key/k1` },
    };
    const role = makeRole({
      attachedPolicies: [
        attach(MANAGED.AWSLambdaVPCAccessExecutionRole),
        attach(MANAGED.AmazonSQSFullAccess),
        attach(MANAGED.AWSXRayDaemonWriteAccess),
      ],
      inlinePolicies: [inline('kms', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }])],
      lastAccessed: { JobType: 'ACTION_LEVEL', JobStatus: 'COMPLETED', ServicesLastAccessed: [] },
    });
    const proposal = proposeLeastPrivilege(role, { now: NOW, needs: functionNeeds(withKey) });
    const kept = Object.fromEntries(proposal.kept.map((k) => [k.action, k.resources]));
    expect(kept['ec2:CreateNetworkInterface']).toEqual(['*']);
    expect(kept['sqs:SendMessage']).toEqual([`arn:aws:sqs:eu-central-1:${ACCOUNT}:orders-dlq`]);
    expect(kept['sqs:ReceiveMessage']).toEqual([`arn:aws:sqs:eu-central-1:${ACCOUNT}:orders-in`]);
    expect(kept['kms:Decrypt']).toEqual([`arn:aws:kms:eu-central-1:${ACCOUNT}:key/k1`]);
    expect(kept['xray:PutTraceSegments']).toEqual(['*']);
    expect(kept['sqs:DeleteQueue']).toBeUndefined();
    expect(proposal.removedServices.find((s) => s.service === 'sqs')?.keptForConfiguration).toContain(
      'sqs:SendMessage',
    );
  });

  it('carries partial Denies over so the proposal stays inside them', () => {
    const denySecret: PolicyStatement = {
      Effect: 'Deny',
      Action: 's3:*',
      Resource: 'arn:aws:s3:::reports-bucket/secret/*',
    };
    const role = makeRole({
      attachedPolicies: [attach(MANAGED.AmazonS3ReadOnlyAccess)],
      inlinePolicies: [inline('deny', [denySecret])],
      lastAccessed: {
        JobType: 'ACTION_LEVEL',
        JobStatus: 'COMPLETED',
        ServicesLastAccessed: [
          {
            ServiceName: 'Amazon S3',
            ServiceNamespace: 's3',
            LastAuthenticated: USED,
            TrackedActionsLastAccessed: [{ ActionName: 'GetObject', LastAccessedTime: USED }],
          },
        ],
      },
    });
    const proposal = proposeLeastPrivilege(role, { now: NOW, needs: functionNeeds(plainFunction()) });
    expect(statements(proposal)).toContainEqual(denySecret);
  });

  it.each([
    [
      'the role is younger than the window',
      { CreateDate: '2026-11-01T00:00:00Z' },
      'younger than the 90-day window',
    ],
    ['the role was never used', { RoleLastUsed: {} }, 'never seen the role used'],
    ['last-accessed data is missing', { lastAccessed: null }, 'could not be read'],
  ])('has low confidence when %s', (_name, overrides, caveat) => {
    const proposal = proposeLeastPrivilege(makeRole(overrides), {
      now: NOW,
      needs: functionNeeds(plainFunction()),
    });
    expect(proposal.confidence).toBe('low');
    expect(proposal.caveats.join(' ')).toContain(caveat);
  });
});
