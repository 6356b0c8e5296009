import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { vpcSingleAz } from '../../../src/checks/network/vpc-single-az.js';
import type { FunctionConfiguration, Subnet } from '../../../src/model.js';
import { makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(vpcSingleAz);

function run(subnetIds: string[] | null, subnets: Subnet[] | null) {
  const base = makeSnapshot();
  const VpcConfig: FunctionConfiguration['VpcConfig'] =
    subnetIds === null ? undefined : { VpcId: 'vpc-0abc', SubnetIds: subnetIds, SecurityGroupIds: ['sg-1'] };
  return runChecks(
    [vpcSingleAz],
    makeSnapshot({ configuration: { ...base.configuration, VpcConfig }, subnets }),
    makeContext(),
  );
}

const subnet = (id: string, az: string): Subnet => ({
  SubnetId: id,
  VpcId: 'vpc-0abc',
  AvailabilityZone: `${REGION}${az}`,
});

describe('vpc-single-az', () => {
  fires('fires when every subnet is in one zone', () => {
    const findings = run(['subnet-1', 'subnet-2'], [subnet('subnet-1', 'a'), subnet('subnet-2', 'a')]);
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'vpc-single-az',
        severity: 'medium',
        evidence: { vpcId: 'vpc-0abc', subnets: ['subnet-1', 'subnet-2'], availabilityZones: [`${REGION}a`] },
      }),
    ]);
    return findings;
  });

  it("fires when the second zone's subnet no longer exists, naming it", () => {
    const [finding] = run(['subnet-1', 'subnet-gone'], [subnet('subnet-1', 'a')]);
    expect(finding?.evidence).toMatchObject({ unknownSubnets: ['subnet-gone'] });
  });

  silent('stays silent with subnets in two zones', () =>
    run(['subnet-1', 'subnet-2'], [subnet('subnet-1', 'a'), subnet('subnet-2', 'b')]),
  );

  it('stays silent for a function outside any VPC', () => {
    expect(run(null, [])).toEqual([]);
  });

  dataMissing('yields nothing when the subnets could not be read', unread(makeSnapshot(), 'subnets'));
});
