import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { vpcNotAttached } from '../../../src/checks/network/vpc-not-attached.js';
import type { Exposure, FunctionConfiguration, FunctionSnapshot } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, gap } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(vpcNotAttached);

/** A role statement that reaches a data store on every resource: dynamodb:GetItem on `*`. */
const READS_ALL_TABLES = { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' } as const;

function withVpc(
  VpcConfig: FunctionConfiguration['VpcConfig'],
  extra?: typeof READS_ALL_TABLES,
): FunctionSnapshot {
  const base = makeSnapshot();
  const role = base.role;
  if (!role || 'missing' in role) throw new Error('fixture role expected');
  return makeSnapshot({
    configuration: { ...base.configuration, VpcConfig },
    ...(extra
      ? {
          role: {
            ...role,
            inlinePolicies: [
              { PolicyName: 'data', document: { Version: '2012-10-17', Statement: [{ ...extra }] } },
            ],
          },
        }
      : {}),
  });
}

describe('vpc-not-attached', () => {
  for (const [name, vpc] of [
    ['no VpcConfig', undefined],
    ['an empty VpcId (VPC detached)', { VpcId: '', SubnetIds: [], SecurityGroupIds: [] }],
  ] as [string, FunctionConfiguration['VpcConfig']][])
    fires(`flags a function with ${name}, at info`, () => {
      const findings = runChecks([vpcNotAttached], withVpc(vpc), makeContext());
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'vpc-not-attached',
          severity: 'info',
          evidence: { vpcId: null, internetExposed: false, roleReachesDataStores: false },
        }),
      ]);
      return findings;
    });

  it.each<Exposure>(['internet-open', 'internet-authenticated'])(
    'rises to low when the exposure is %s and the role reaches data stores',
    (exposure) => {
      const findings = runChecks(
        [vpcNotAttached],
        withVpc(undefined, READS_ALL_TABLES),
        makeContext({ exposure }),
      );
      expect(findings).toEqual([
        expect.objectContaining({
          severity: 'low',
          evidence: expect.objectContaining({ internetExposed: true, roleReachesDataStores: true }),
        }),
      ]);
    },
  );

  it('stays info when internet-exposed but the role reaches no data store on every resource', () => {
    const findings = runChecks(
      [vpcNotAttached],
      withVpc(undefined),
      makeContext({ exposure: 'internet-open' }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        evidence: { vpcId: null, internetExposed: true, roleReachesDataStores: false },
      }),
    ]);
  });

  it('stays info when the role reaches data stores but nothing exposes the function to the internet', () => {
    const findings = runChecks([vpcNotAttached], withVpc(undefined, READS_ALL_TABLES), makeContext());
    expect(findings.map((f) => f.severity)).toEqual(['info']);
  });

  dataMissing('the role could not be read: the finding says so', {
    ...withVpc(undefined),
    role: null,
    unverified: [gap('iam:GetRole', 'role')],
  });

  it('takes low, marked partial, when the role could not be read', () => {
    const base = withVpc(undefined);
    const snapshot = {
      ...base,
      role: null,
      unverified: [{ area: 'role', api: 'iam:GetRole', reason: 'AccessDenied' }],
    };
    const [finding] = runChecks([vpcNotAttached], snapshot, makeContext({ exposure: 'internet-open' }));
    expect(finding).toMatchObject({
      severity: 'low',
      evidence: { roleReachesDataStores: null, partial: ['iam:GetRole'] },
    });
  });

  it.each<Exposure>(['cross-account', 'organization', 'unknown', 'account', 'network'])(
    'stays info when the exposure is %s (unknown is not internet-exposed either)',
    (exposure) => {
      const findings = runChecks([vpcNotAttached], withVpc(undefined), makeContext({ exposure }));
      expect(findings.map((f) => f.severity)).toEqual(['info']);
    },
  );

  silent('does not flag a function in a VPC', () =>
    runChecks([vpcNotAttached], makeSnapshot(), makeContext({ exposure: 'internet-open' })),
  );

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([vpcNotAttached], snapshot, makeContext())).toEqual([]);
  });
});
