import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { vpcNotAttached } from '../../../src/checks/network/vpc-not-attached.js';
import type { Exposure, FunctionConfiguration, FunctionSnapshot } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';

function withVpc(VpcConfig: FunctionConfiguration['VpcConfig']): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({ configuration: { ...base.configuration, VpcConfig } });
}

describe('vpc-not-attached', () => {
  it.each([
    ['no VpcConfig', undefined],
    ['an empty VpcId (VPC detached)', { VpcId: '', SubnetIds: [], SecurityGroupIds: [] }],
  ])('flags a function with %s, at info', (_label, vpc) => {
    expect(runChecks([vpcNotAttached], withVpc(vpc), makeContext())).toEqual([
      expect.objectContaining({
        check: 'vpc-not-attached',
        severity: 'info',
        evidence: { vpcId: null, internetExposed: false },
      }),
    ]);
  });

  it.each<Exposure>(['internet-open', 'internet-authenticated'])(
    'rises to low when the exposure is %s',
    (exposure) => {
      const findings = runChecks([vpcNotAttached], withVpc(undefined), makeContext({ exposure }));
      expect(findings).toEqual([
        expect.objectContaining({ severity: 'low', evidence: { vpcId: null, internetExposed: true } }),
      ]);
    },
  );

  it.each<Exposure>(['cross-account', 'organization', 'unknown', 'account', 'network'])(
    'stays info when the exposure is %s (unknown is not internet-exposed either)',
    (exposure) => {
      const findings = runChecks([vpcNotAttached], withVpc(undefined), makeContext({ exposure }));
      expect(findings.map((f) => f.severity)).toEqual(['info']);
    },
  );

  it('does not flag a function in a VPC', () => {
    expect(runChecks([vpcNotAttached], makeSnapshot(), makeContext({ exposure: 'internet-open' }))).toEqual(
      [],
    );
  });

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([vpcNotAttached], snapshot, makeContext())).toEqual([]);
  });
});
