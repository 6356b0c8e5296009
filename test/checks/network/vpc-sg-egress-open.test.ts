import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { vpcSgEgressOpen } from '../../../src/checks/network/vpc-sg-egress-open.js';
import type { FunctionSnapshot, IpPermission, SecurityGroup } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, gap } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(vpcSgEgressOpen);

const ALL_V4: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const ALL_V6: IpPermission = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };
const HTTPS_OUT: IpPermission = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
};

const group = (id: string, ...egress: IpPermission[]): SecurityGroup => ({
  GroupId: id,
  VpcId: 'vpc-0abc',
  IpPermissionsEgress: egress,
});

function withGroups(
  groups: SecurityGroup[] | null,
  overrides: Partial<FunctionSnapshot> = {},
): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({
    configuration: {
      ...base.configuration,
      VpcConfig: {
        VpcId: 'vpc-0abc',
        SubnetIds: ['subnet-1'],
        SecurityGroupIds: (groups ?? []).map((g) => g.GroupId),
      },
    },
    securityGroups: groups,
    ...overrides,
  });
}

/** The fixture's role with an extra inline policy. */
function roleWith(statement: Record<string, unknown>): Partial<FunctionSnapshot> {
  const role = makeSnapshot().role;
  if (!role || 'missing' in role) throw new Error('fixture role expected');
  return {
    role: {
      ...role,
      inlinePolicies: [
        {
          PolicyName: 'data',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] },
        },
      ],
    },
  };
}

describe('vpc-sg-egress-open', () => {
  for (const [name, rule] of [
    ['IPv4', ALL_V4],
    ['IPv6', ALL_V6],
  ] as [string, IpPermission][])
    fires(`fires at info for all egress to the whole ${name} internet`, () => {
      const findings = runChecks([vpcSgEgressOpen], withGroups([group('sg-open', rule)]), makeContext());
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'vpc-sg-egress-open',
          severity: 'info',
          evidence: expect.objectContaining({ securityGroup: 'sg-open', roleReachesDataStores: false }),
        }),
      ]);
      return findings;
    });

  it.each([
    ['s3:GetObject on every bucket', { Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/*' }],
    ['dynamodb:* on *', { Action: 'dynamodb:*', Resource: '*' }],
    ['kms:Decrypt on *', { Action: 'kms:Decrypt', Resource: '*' }],
    ['ssm:GetParameter on *', { Action: 'ssm:GetParameter', Resource: '*' }],
  ])('rises to low when the role reaches data stores (%s)', (_label, statement) => {
    const findings = runChecks(
      [vpcSgEgressOpen],
      withGroups([group('sg-open', ALL_V4)], roleWith(statement)),
      makeContext(),
    );
    expect(findings.map((f) => f.severity)).toEqual(['low']);
  });

  it.each([
    ['one bucket only', { Action: 's3:GetObject', Resource: 'arn:aws:s3:::orders/*' }],
    ['SSM commands, not parameters', { Action: 'ssm:SendCommand', Resource: '*' }],
  ])('stays info when the role does not reach data stores on every resource (%s)', (_label, statement) => {
    const findings = runChecks(
      [vpcSgEgressOpen],
      withGroups([group('sg-open', ALL_V4)], roleWith(statement)),
      makeContext(),
    );
    expect(findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('reports each open group once, and not the restricted ones', () => {
    const findings = runChecks(
      [vpcSgEgressOpen],
      withGroups([group('sg-a', ALL_V4), group('sg-b', HTTPS_OUT), group('sg-c', ALL_V6)]),
      makeContext(),
    );
    expect(findings.map((f) => f.evidence.securityGroup)).toEqual(['sg-a', 'sg-c']);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });

  silent('with egress limited to a port or a network', () => {
    const restricted = group('sg-r', HTTPS_OUT, { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] });
    return runChecks([vpcSgEgressOpen], withGroups([restricted]), makeContext());
  });

  dataMissing(
    'the role could not be read: the finding says so (partial)',
    withGroups([group('sg-open', ALL_V4)], { role: null, unverified: [gap('iam:GetRole', 'role')] }),
  );

  it('takes low, marked partial, when the role could not be read', () => {
    const snapshot = withGroups([group('sg-open', ALL_V4)], {
      role: null,
      unverified: [gap('iam:GetRole', 'role')],
    });
    const [finding] = runChecks([vpcSgEgressOpen], snapshot, makeContext());
    expect(finding).toMatchObject({
      severity: 'low',
      evidence: { roleReachesDataStores: null, partial: ['iam:GetRole'] },
    });
  });

  dataMissing(
    'yields nothing when the security groups could not be read',
    withGroups(null, { unverified: [gap('ec2:DescribeSecurityGroups', 'network')] }),
  );
});
